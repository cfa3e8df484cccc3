/**
 * *Export as PyTorch Project* (`lstmStudio.exportPyTorch`): a run from the Runs view, a checkpoint Uri
 * (the Explorer, the checkpoint editor: `executeCommand('lstmStudio.exportPyTorch', uri)`), or nothing (a
 * file dialog). The export itself runs in the inference worker (src/interop/export-pytorch.ts), so the
 * Python sources never load into the extension host. Also registers *Use PyTorch LSTM in LSTM Studio*
 * (`lstmStudio.importPyTorch`), which asks a foreign file's import questions (import-questions.ts).
 */

import * as vscode from 'vscode';
import { basename, dirname, join } from 'node:path';
import { stat } from 'node:fs/promises';
import type { InferenceClient } from '../worker/inference-client';
import { ensureImportAnswers, setImportInference } from './import-questions';
import { log } from './log';

export interface ExportServices {
  inference: InferenceClient;
}

export function registerExport(context: vscode.ExtensionContext, services: ExportServices): void {
  setImportInference(services.inference);
  const command = (id: string, run: (target?: unknown) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, async (target?: unknown) => {
      try {
        await run(target);
      } catch (error) {
        log().error(`${id}: ${(error as Error).stack ?? error}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Studio: {0}', (error as Error).message));
      }
    });
  context.subscriptions.push(
    command('lstmStudio.exportPyTorch', (target) => exportPyTorch(target, services)),
    command('lstmStudio.importPyTorch', async (target) => {
      const path = pathOf(target) ?? (await pickSource(vscode.l10n.t('Use which PyTorch safetensors file?'), false));
      if (path && (await ensureImportAnswers(vscode.Uri.file(path), services.inference, { force: true }))) {
        void vscode.window.showInformationMessage(
          vscode.l10n.t('{0} is ready: open it, inspect its gates or predict with it.', basename(path)),
        );
      }
    }),
  );
}

async function exportPyTorch(target: unknown, { inference }: ExportServices): Promise<void> {
  const source =
    pathOf(target) ??
    (await pickSource(vscode.l10n.t('Export which run folder or checkpoint as a PyTorch project?'), true));
  if (!source) return;
  const isFolder = await stat(source)
    .then((s) => s.isDirectory())
    .catch(() => false);
  const name = `${basename(isFolder ? source : dirname(source))}-pytorch`;
  const parent =
    vscode.workspace.getWorkspaceFolder(vscode.Uri.file(source))?.uri ??
    vscode.Uri.file(dirname(isFolder ? source : dirname(source)));
  const chosen = await vscode.window.showOpenDialog({
    title: vscode.l10n.t('Export as a PyTorch project: choose the folder to create “{0}” in', name),
    defaultUri: parent,
    canSelectFiles: false,
    canSelectFolders: true,
    openLabel: vscode.l10n.t('Export Here'),
  });
  if (!chosen?.[0]) return;
  const outDir = await freshFolder(join(chosen[0].fsPath, name));
  const result = await vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Exporting {0} as a PyTorch project…', basename(source)),
    },
    () => inference.request({ kind: 'export-pytorch', source, outDir }),
  );
  for (const warning of result.warnings)
    void vscode.window.showWarningMessage(vscode.l10n.t('LSTM Studio: {0}', warning));
  log().info(`exported ${result.checkpointPath} to ${result.outDir} (${result.files.length} files)`);
  const [openReadme, reveal] = [vscode.l10n.t('Open README'), vscode.l10n.t('Reveal in Explorer')];
  const action = await vscode.window.showInformationMessage(
    vscode.l10n.t(
      'Exported to {0}. Train with `python3 train.py`, or on several processes with `torchrun --standalone --nproc_per_node N train.py` (README.md).',
      result.outDir,
    ),
    openReadme,
    reveal,
  );
  if (action === openReadme)
    await vscode.commands.executeCommand('markdown.showPreview', vscode.Uri.file(join(result.outDir, 'README.md')));
  else if (action === reveal) await vscode.commands.executeCommand('revealInExplorer', vscode.Uri.file(result.outDir));
}

/** A path from a command argument: a Runs view item, a Uri, or a path. */
function pathOf(target: unknown): string | undefined {
  if (target instanceof vscode.Uri) return target.fsPath;
  if (typeof target === 'string') return target.startsWith('file://') ? vscode.Uri.parse(target).fsPath : target;
  if (target && typeof target === 'object' && 'state' in target)
    return (target as { state: { meta: { runDir: string } } }).state.meta.runDir;
  return undefined;
}

async function pickSource(title: string, folders: boolean): Promise<string | undefined> {
  const picked = await vscode.window.showOpenDialog({
    title,
    canSelectFiles: true,
    canSelectFolders: folders,
    filters: { [vscode.l10n.t('Checkpoints')]: ['safetensors'] },
    defaultUri: vscode.workspace.workspaceFolders?.[0]?.uri,
  });
  return picked?.[0]?.fsPath;
}

/** `dir`, or `dir-2`, `dir-3`… when it exists already. */
async function freshFolder(dir: string): Promise<string> {
  for (let n = 1; n < 100; n++) {
    const candidate = n === 1 ? dir : `${dir}-${n}`;
    if (
      !(await stat(candidate)
        .then(() => true)
        .catch(() => false))
    )
      return candidate;
  }
  throw new Error(vscode.l10n.t('{0} and 98 more like it exist; choose another folder', dir));
}
