/** A status bar item while training: `$(sync~spin) LSTM epoch 2/6 · loss 0.412`; clicking opens the panel. */

import * as vscode from 'vscode';
import { formatFixed, formatInteger } from './display-format';
import type { RunManager } from './run-manager';

export class TrainingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('lstmStudio.training', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly manager: RunManager) {
    this.item.name = vscode.l10n.t('LSTM Studio Training');
    this.item.command = 'lstmStudio.openTrainingPanel';
    this.subscription = manager.onDidChangeRun(() => this.update());
  }

  private update(): void {
    const runs = this.manager.activeRuns().filter((r) => r.meta.status === 'running' || r.meta.status === 'paused');
    if (runs.length === 0) {
      this.item.hide();
      return;
    }
    const m = runs[0].meta;
    const lastLoss = runs[0].steps.loss[runs[0].steps.loss.length - 1];
    const icon = m.status === 'paused' ? '$(debug-pause)' : '$(sync~spin)';
    const epoch = vscode.l10n.t(
      'LSTM epoch {0}/{1}',
      formatInteger(Math.min(m.epoch + 1, m.epochs)),
      formatInteger(m.epochs),
    );
    const loss = lastLoss !== undefined ? vscode.l10n.t(' · loss {0}', formatFixed(lastLoss, 3)) : '';
    const more = runs.length > 1 ? ` (+${formatInteger(runs.length - 1)})` : '';
    this.item.text = `${icon} ${epoch}${loss}${more}`;
    this.item.tooltip = vscode.l10n.t(
      '{0}: step {1}/{2}, {3} samples/s — click to open the Training panel',
      m.datasetName,
      formatInteger(m.step),
      formatInteger(m.totalSteps),
      formatInteger(m.samplesPerSecond),
    );
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
