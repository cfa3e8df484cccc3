/** A progress notification for a run, with Cancel (= stop, which saves last.safetensors first). */

import * as vscode from 'vscode';
import type { RunManager } from './run-manager';
import type { RunState } from './run-state';

export function showRunProgress(manager: RunManager, state: RunState): void {
  void vscode.window.withProgress(
    {
      location: vscode.ProgressLocation.Notification,
      title: `Training on ${state.meta.datasetName}`,
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
              message: `reading the data: ${Math.floor((100 * event.bytesRead) / event.totalBytes)} %`,
            });
          } else if (event.type === 'progress' && event.totalSteps > 0) {
            const percent = (100 * event.step) / event.totalSteps;
            const last = event.steps[event.steps.length - 1];
            progress.report({
              increment: percent - reported,
              message: `epoch ${event.epoch + 1}, step ${event.step}/${event.totalSteps}${last ? `, loss ${last.loss.toFixed(3)}` : ''}`,
            });
            reported = percent;
          } else if (event.type === 'status' && event.status === 'paused') {
            progress.report({ message: 'paused' });
          } else if (event.type === 'run-finished' || event.type === 'run-failed') {
            subscription.dispose();
            resolve();
          }
        });
      }),
  );
}
