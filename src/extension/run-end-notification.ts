/**
 * Shows the one notification a run gets when it ends (run-end-notice.ts decides which): while it trains,
 * the status bar item and the Training panel report, and nothing stays up over the editor.
 */

import * as vscode from 'vscode';
import { join } from 'node:path';
import { headlineOf, runEndNotice, type RunEndButton } from './run-end-notice';
import type { RunManager } from './run-manager';
import type { RunState } from './run-state';

/** Waits for `state`'s run to end, then notifies; `openPanel` shows its Training panel. */
export function notifyWhenRunEnds(manager: RunManager, state: RunState, openPanel: (state: RunState) => void): void {
  const subscription = manager.onRunEvent(({ state: changed, event }) => {
    if (changed !== state || (event.type !== 'run-finished' && event.type !== 'run-failed')) return;
    subscription.dispose();
    void notify(state, openPanel);
  });
}

async function notify(state: RunState, openPanel: (state: RunState) => void): Promise<void> {
  const m = state.meta;
  const lastPath = m.runDir ? join(m.runDir, 'last.safetensors') : '';
  const hasLastCheckpoint =
    lastPath !== '' &&
    (await vscode.workspace.fs.stat(vscode.Uri.file(lastPath)).then(
      () => true,
      () => false,
    ));
  const notice = runEndNotice({ status: m.status, hasBestCheckpoint: m.hasBestCheckpoint, hasLastCheckpoint });
  if (!notice) return;
  const labels: Record<RunEndButton, string> = {
    'open-panel': vscode.l10n.t('Open Panel'),
    predict: vscode.l10n.t('Predict…'),
  };
  const buttons = notice.buttons.map((button) => labels[button]);
  const name = m.id || m.datasetName;
  const picked =
    notice.kind === 'failed'
      ? await vscode.window.showErrorMessage(
          vscode.l10n.t('LSTM Studio: the run {0} failed: {1}', name, m.message ?? ''),
          ...buttons,
        )
      : await vscode.window.showInformationMessage(finishedMessage(name, headlineOf(m)), ...buttons);
  if (picked === labels['open-panel']) openPanel(state);
  else if (picked === labels.predict) {
    const checkpoint = join(m.runDir, m.hasBestCheckpoint ? 'best.safetensors' : 'last.safetensors');
    await vscode.commands.executeCommand('lstmStudio.predictWithModel', vscode.Uri.file(checkpoint));
  }
}

function finishedMessage(name: string, headline: string | undefined): string {
  return headline === undefined
    ? vscode.l10n.t('LSTM Studio: the run {0} finished.', name)
    : vscode.l10n.t('LSTM Studio: the run {0} finished: {1}.', name, headline);
}
