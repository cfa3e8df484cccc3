/** A progress notification for a run, with Cancel (= stop, which saves last.safetensors first). */

import * as vscode from 'vscode';
import { formatFixed, formatInteger } from './display-format';
import type { RunManager } from './run-manager';
import type { RunState } from './run-state';

export function showRunProgress(manager: RunManager, state: RunState): void {
  void vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: vscode.l10n.t('Training on {0}', state.meta.datasetName),
      cancellable: true,
    },
    (progress, token) =>
      new Promise<void>((resolve) => {
        let reported = 0;
        token.onCancellationRequested(() => manager.control(state, 'stop'));
        const subscription = manager.onRunEvent(({ state: changed, event }) => {
          if (changed !== state) return;
          if (event.type === 'loading' && event.totalBytes > 0) {
            // Reading the data (a resumed run, or a run whose choices changed the data) before step 0.
            progress.report({
              message: vscode.l10n.t(
                'reading the data: {0} %',
                formatInteger(Math.floor((100 * event.bytesRead) / event.totalBytes)),
              ),
            });
          } else if (event.type === 'progress' && event.totalSteps > 0) {
            const percent = (100 * event.step) / event.totalSteps;
            const last = event.steps[event.steps.length - 1];
            progress.report({
              increment: percent - reported,
              message: last
                ? vscode.l10n.t(
                    'epoch {0}, step {1}/{2}, loss {3}',
                    formatInteger(event.epoch + 1),
                    formatInteger(event.step),
                    formatInteger(event.totalSteps),
                    formatFixed(last.loss, 3),
                  )
                : vscode.l10n.t(
                    'epoch {0}, step {1}/{2}',
                    formatInteger(event.epoch + 1),
                    formatInteger(event.step),
                    formatInteger(event.totalSteps),
                  ),
            });
            reported = percent;
          } else if (event.type === 'status' && event.status === 'paused') {
            progress.report({ message: vscode.l10n.t('paused') });
          } else if (event.type === 'run-finished' || event.type === 'run-failed') {
            subscription.dispose();
            resolve();
          }
        });
      }),
  );
}
