/** A status bar item while training: `$(sync~spin) LSTM epoch 2/6 · loss 0.412`; clicking opens the panel. */

import * as vscode from 'vscode';
import { epochsToRun } from '../protocol/run-length';
import type { RunManager } from './run-manager';

export class TrainingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('lstmStudio.training', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;

  constructor(private readonly manager: RunManager) {
    this.item.name = 'LSTM Studio Training';
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
    const more = runs.length > 1 ? ` (+${runs.length - 1})` : '';
    this.item.text = `${icon} LSTM epoch ${Math.min(m.epoch + 1, epochsToRun(m))}/${epochsToRun(m)}${lastLoss !== undefined ? ` · loss ${lastLoss.toFixed(3)}` : ''}${more}`;
    this.item.tooltip = `${m.datasetName}: step ${m.step}/${m.totalSteps}, ${m.samplesPerSecond.toFixed(0)} samples/s — click to open the Training panel`;
    this.item.show();
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
