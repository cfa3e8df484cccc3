/**
 * Registers the Gates panel: its serializer and the commands that open it —
 * `lstmStudio.inspectGates` (a checkpoint Uri, a run folder, a Runs view item, or nothing → a quick pick
 * of the workspace's checkpoints; optionally `{ text }` to record that text instead of a sample), `lstmStudio.runs.inspectGates` (Runs view item) and
 * `lstmStudio.inspectGatesOnSelection` (editor context menu: the selected text through the model last
 * used in this workspace, `workspaceState['lstmStudio.lastModel']`, shared with Predict).
 */

import * as vscode from 'vscode';
import { basename, dirname, join, relative } from 'node:path';
import { stat } from 'node:fs/promises';
import type { InferenceClient } from '../worker/inference-client';
import { GatesPanel, type GatesPanelServices } from './gates-panel';
import { log } from './log';
import { runsFolder } from './settings';

/** The workspaceState key of the model last used (a checkpoint's file system path). */
export const LAST_MODEL_KEY = 'lstmStudio.lastModel';

export interface GatesServices {
  inference: InferenceClient;
}

export function registerGatesPanel(context: vscode.ExtensionContext, { inference }: GatesServices): void {
  const services: GatesPanelServices = {
    inference,
    pickCheckpoint: () => pickCheckpoint('Inspect the gates of which checkpoint?'),
    rememberModel: (path) => void context.workspaceState.update(LAST_MODEL_KEY, path),
  };
  const command = (id: string, run: (...args: any[]) => Promise<unknown>) =>
    vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await run(...args);
      } catch (error) {
        log().error(`${id}: ${(error as Error).stack ?? error}`);
        void vscode.window.showErrorMessage(`LSTM Studio: ${(error as Error).message}`);
      }
    });
  // The optional second argument `{ text }` records that input (the Prediction panel passes its input).
  const inspect = async (target?: unknown, options?: { text?: unknown }) => {
    const path = (await checkpointOf(target)) ?? (await services.pickCheckpoint());
    const text = typeof options?.text === 'string' && options.text.length > 0 ? options.text : undefined;
    if (path) GatesPanel.show(context, services, path, text === undefined ? undefined : { type: 'text', text });
  };
  context.subscriptions.push(
    GatesPanel.registerSerializer(context, services),
    command('lstmStudio.inspectGates', inspect),
    command('lstmStudio.runs.inspectGates', inspect),
    command('lstmStudio.inspectGatesOnSelection', async () => {
      const editor = vscode.window.activeTextEditor;
      if (!editor) throw new Error('select some text in an editor first');
      const text = editor.selections.map((s) => editor.document.getText(s)).join('\n');
      if (text.length === 0) throw new Error('select some text in an editor first');
      const remembered = lastModel(context);
      const path = remembered && (await isFile(remembered)) ? remembered : await pickCheckpoint('Inspect the selection with which checkpoint?');
      if (path) GatesPanel.show(context, services, path, { type: 'text', text });
    }),
  );
}

/** The last model used in this workspace: a path (as stored here), or a Uri-like value another feature stored. */
function lastModel(context: vscode.ExtensionContext): string | undefined {
  const value = context.workspaceState.get<unknown>(LAST_MODEL_KEY);
  if (typeof value === 'string') return value.startsWith('file://') ? vscode.Uri.parse(value).fsPath : value;
  if (value && typeof value === 'object') {
    const v = value as { fsPath?: unknown; path?: unknown };
    if (typeof v.fsPath === 'string') return v.fsPath;
    if (typeof v.path === 'string') return v.path;
  }
  return undefined;
}

/** A checkpoint path from a command argument: a .safetensors Uri, a run folder Uri or path, or a Runs view item. */
async function checkpointOf(target: unknown): Promise<string | undefined> {
  let path: string | undefined;
  if (target instanceof vscode.Uri) path = target.fsPath;
  else if (typeof target === 'string') path = target;
  else if (target && typeof target === 'object' && 'state' in target) path = (target as { state: { meta: { runDir: string } } }).state.meta.runDir;
  if (!path) return undefined;
  if (path.endsWith('.safetensors')) return path;
  // A run folder: its best checkpoint, or the last one while no validation has run yet.
  for (const name of ['best.safetensors', 'last.safetensors']) if (await isFile(join(path, name))) return join(path, name);
  throw new Error(`${basename(path)} has no checkpoint yet`);
}

interface CheckpointPick extends vscode.QuickPickItem {
  path: string;
  mtime: number;
}

/** A quick pick of the workspace's checkpoints (run folders' best/last and every other .safetensors), newest first. */
export async function pickCheckpoint(title: string): Promise<string | undefined> {
  const paths = new Set<string>();
  const found = await vscode.workspace.findFiles('**/*.safetensors', '**/node_modules/**', 500);
  for (const uri of found) paths.add(uri.fsPath);
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const root = join(folder.uri.fsPath, runsFolder());
    let entries: [string, vscode.FileType][] = [];
    try {
      entries = await vscode.workspace.fs.readDirectory(vscode.Uri.file(root));
    } catch {
      continue;
    }
    for (const [name, type] of entries) {
      if (type !== vscode.FileType.Directory) continue;
      for (const file of ['best.safetensors', 'last.safetensors']) if (await isFile(join(root, name, file))) paths.add(join(root, name, file));
    }
  }
  const items: CheckpointPick[] = [];
  for (const path of paths) {
    const info = await stat(path).catch(() => null);
    if (!info) continue;
    const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(path));
    items.push({
      label: `$(symbol-misc) ${basename(path)}`,
      description: basename(dirname(path)),
      detail: folder ? relative(folder.uri.fsPath, path) : path,
      path,
      mtime: info.mtimeMs,
    });
  }
  if (items.length === 0) {
    void vscode.window.showInformationMessage('No checkpoint (.safetensors) in this workspace yet: train a model first (Train LSTM on This Dataset).');
    return undefined;
  }
  items.sort((a, b) => b.mtime - a.mtime);
  const picked = await vscode.window.showQuickPick(items, { title, matchOnDescription: true, matchOnDetail: true, placeHolder: 'Checkpoints, newest first' });
  return picked?.path;
}

async function isFile(path: string): Promise<boolean> {
  return stat(path).then(
    (s) => s.isFile(),
    () => false,
  );
}
