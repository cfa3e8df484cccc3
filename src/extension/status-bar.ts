/**
 * A status bar item while training: `$(sync~spin) LSTM epoch 2/6 · loss 0.412`. It is where a run reports
 * (no notification stays up); clicking it offers the run's actions (open the panel, pause or resume,
 * stop). It also sets `lstmStudio.trainingRunning` and `lstmStudio.trainingPaused`, which show *Pause
 * Training* and *Resume Paused Training* in the palette only when they can act.
 */

import * as vscode from 'vscode';
import { epochsToRun } from '../protocol/run-length';
import { formatFixed, formatInteger } from './display-format';
import type { RunManager } from './run-manager';

export class TrainingStatusBar implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem('lstmStudio.training', vscode.StatusBarAlignment.Left, 50);
  private readonly subscription: vscode.Disposable;
  private running: boolean | undefined;
  private paused: boolean | undefined;

  constructor(private readonly manager: RunManager) {
    this.item.name = vscode.l10n.t('LSTM Studio Training');
    this.subscription = manager.onDidChangeRun(() => this.update());
    this.setKeys(false, false);
  }

  private update(): void {
    const runs = this.manager.activeRuns().filter((r) => r.meta.status === 'running' || r.meta.status === 'paused');
    this.setKeys(
      runs.some((r) => r.meta.status === 'running'),
      runs.some((r) => r.meta.status === 'paused'),
    );
    if (runs.length === 0) {
      this.item.hide();
      return;
    }
    const m = runs[0].meta;
    const lastLoss = runs[0].steps.loss[runs[0].steps.loss.length - 1];
    const icon = m.status === 'paused' ? '$(debug-pause)' : '$(sync~spin)';
    const more = runs.length > 1 ? ` (+${formatInteger(runs.length - 1)})` : '';
    const epoch = vscode.l10n.t(
      'LSTM epoch {0}/{1}',
      formatInteger(Math.min(m.epoch + 1, epochsToRun(m))),
      formatInteger(epochsToRun(m)),
    );
    const loss = lastLoss !== undefined ? vscode.l10n.t(' · loss {0}', formatFixed(lastLoss, 3)) : '';
    this.item.text = `${icon} ${epoch}${loss}${more}`;
    this.item.tooltip = vscode.l10n.t(
      '{0}: step {1}/{2}, {3} samples/s — click for the Training panel, pause or stop',
      m.datasetName,
      formatInteger(m.step),
      formatInteger(m.totalSteps),
      formatInteger(m.samplesPerSecond),
    );
    // One run: its actions at once; several: the run quick pick lists the training ones first.
    this.item.command = {
      command: 'lstmStudio.runActions',
      title: vscode.l10n.t('Run Actions…'),
      arguments: runs.length === 1 ? [runs[0]] : [],
    };
    this.item.accessibilityInformation = { label: `${epoch}, ${m.datasetName}`, role: 'button' };
    this.item.show();
  }

  private setKeys(running: boolean, paused: boolean): void {
    if (running !== this.running)
      void vscode.commands.executeCommand('setContext', 'lstmStudio.trainingRunning', running);
    if (paused !== this.paused) void vscode.commands.executeCommand('setContext', 'lstmStudio.trainingPaused', paused);
    this.running = running;
    this.paused = paused;
  }

  dispose(): void {
    this.subscription.dispose();
    this.item.dispose();
  }
}
