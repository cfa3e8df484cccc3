/**
 * Registers the checkpoint editor and its command `lstmStudio.resumeFromCheckpoint` (Resume Training on
 * a run's `last.safetensors`, from the editor's button or the Explorer).
 */

import * as vscode from 'vscode';
import { basename, dirname, join } from 'node:path';
import { stat } from 'node:fs/promises';
import type { InferenceClient } from '../worker/inference-client';
import { CHECKPOINT_EDITOR_TYPE, CheckpointEditorProvider } from './checkpoint-editor-provider';
import { reopenCheckpointsOpenedAsText } from './checkpoint-first-open';
import { log } from './log';
import type { RunManager } from './run-manager';
import type { RunState } from './run-state';
import { TrainingPanel } from './training-panel';

export interface CheckpointEditorServices {
  /** The checkpoint editor's own inference worker (headers, tensor statistics and heatmaps are read there). */
  inference: InferenceClient;
  runManager: RunManager;
  /** Opens the Training panel and the progress notification of a run that just started. */
  showRun(state: RunState | undefined): void;
}

export function registerCheckpointEditor(context: vscode.ExtensionContext, services: CheckpointEditorServices): void {
  const { inference, runManager } = services;
  const provider = new CheckpointEditorProvider(context.extensionUri, inference, {
    isTraining: (runDir) => runManager.isActive(runDir),
    readOverview: (checkpointPath) => inference.request({ kind: 'checkpoint-overview', checkpointPath }),
  });
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(CHECKPOINT_EDITOR_TYPE, provider, {
      // The webview asks the host for everything on `ready`, so it may be dropped while hidden.
      webviewOptions: { retainContextWhenHidden: false },
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.commands.registerCommand('lstmStudio.resumeFromCheckpoint', async (uri?: vscode.Uri) => {
      try {
        await resumeFromCheckpoint(context, uri, services);
      } catch (error) {
        log().error(`lstmStudio.resumeFromCheckpoint: ${(error as Error).stack ?? error}`);
        void vscode.window.showErrorMessage(vscode.l10n.t('LSTM Studio: {0}', (error as Error).message));
      }
    }),
  );
  // A checkpoint double-clicked before the workbench knew this editor was opened as text: reopen it here.
  reopenCheckpointsOpenedAsText(context, CHECKPOINT_EDITOR_TYPE);
}

async function resumeFromCheckpoint(
  context: vscode.ExtensionContext,
  uri: vscode.Uri | undefined,
  { runManager, showRun }: CheckpointEditorServices,
): Promise<void> {
  if (!uri || uri.scheme !== 'file')
    throw new Error(vscode.l10n.t('choose a last.safetensors inside a run folder to resume'));
  if (!vscode.workspace.isTrusted)
    throw new Error(vscode.l10n.t('training is off in Restricted Mode; trust the workspace to resume runs'));
  const path = uri.fsPath;
  const runDir = dirname(path);
  if (basename(path) !== 'last.safetensors')
    throw new Error(
      vscode.l10n.t(
        "only a run's last.safetensors can resume training (it holds the optimizer state); {0} cannot",
        basename(path),
      ),
    );
  const isRun = await stat(join(runDir, 'run.json')).then(
    (s) => s.isFile(),
    () => false,
  );
  if (!isRun) throw new Error(vscode.l10n.t('{0} is not a run folder (it has no run.json)', runDir));
  const live = runManager.activeRun(runDir);
  if (live) {
    // Already training (the editor hides its button then, the Explorer cannot know): show it instead.
    TrainingPanel.show(context, runManager, live);
    return;
  }
  const { meta } = await runManager.readRecord(runDir);
  showRun(
    runManager.start({ datasetPath: '', runsRoot: '', config: {}, resumeRunDir: runDir }, meta.datasetName, meta.task),
  );
}
