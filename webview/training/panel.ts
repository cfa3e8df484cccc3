/**
 * The Training panel: live curves and controls of one run. It says `ready`, draws the host's
 * `snapshot`, then applies `meta`, `steps` and `evaluation` messages as they come; redraws are
 * coalesced to at most ~10 a second. Only view settings are kept with `setState` (plus the run folder,
 * which the host's serializer needs to reopen the panel after a reload).
 */

import type { HostToTrainingPanel, TrainingPanelToHost } from '../../src/protocol/training-panel';
import { element } from '../shared/dom';
import { FrameScheduler } from '../shared/frame-scheduler';
import type { ThemeColors } from '../shared/theme';
import { readThemeColors, watchTheme } from '../shared/theme';
import type { VsCodeApi } from '../shared/vscode-api';
import { onHostMessage, vscodeApi } from '../shared/vscode-api';
import { buildMetricsCsv, exportFileName } from './export-csv';
import { RunHeader } from './header';
import { RunStore } from './run-store';
import type { ControlId } from './run-summary';
import { enabledControls } from './run-summary';
import { runColors } from './run-labels';
import { TrainingCharts } from './training-charts';
import { ValidationExamples } from './validation-examples';
import { BaselinesTable } from './baselines-table';
import { BacktestView } from './backtest-view';
import { baselineKeys, scoresToCompare } from './baselines';
import { backtestToShow } from './backtest';
import { baselineColor } from './training-charts';
import { Toolbar } from './toolbar';
import type { PersistedPanelState, ViewSettings } from './view-settings';
import { restoreViewSettings } from './view-settings';
import * as l10n from '../shared/l10n';

/** What e2e tests read (`window.__trainingPanel`). */
export interface TrainingPanelProbe {
  stepCount(): number;
  evaluationCount(): number;
  lastLoss(): number | null;
  /** The step of the evaluation whose validation examples the table shows (null: no table). */
  examplesStep(): number | null;
  /** A forecaster's baselines drawn on the metric chart (`naive`, `seasonalNaive`, `drift`). */
  baselineKeys(): string[];
  /** How many origins the Backtest section shows (0: none). */
  backtestOrigins(): number;
}

declare global {
  interface Window {
    __trainingPanel?: TrainingPanelProbe;
  }
}

export class TrainingPanel {
  private readonly api: VsCodeApi<PersistedPanelState, TrainingPanelToHost>;
  private readonly store = new RunStore();
  private settings: ViewSettings;
  private runDir: string | undefined;
  private theme: ThemeColors;
  private readonly header: RunHeader;
  private readonly toolbar: Toolbar;
  private readonly charts = new TrainingCharts();
  private readonly examples = new ValidationExamples();
  private readonly baselines = new BaselinesTable();
  private readonly backtest = new BacktestView(baselineColor);
  private readonly waiting = element('div', {
    id: 'waiting',
    className: 'waiting',
    text: l10n.t('Waiting for the training run…'),
  });
  private readonly scheduler = new FrameScheduler(() => this.render());
  private dirty = { header: true, toolbar: true, charts: true, overlays: true };
  private overlaysRestored = false;
  private nextRequestId = 1;
  private readonly pendingSaves = new Map<number, 'csv' | 'png'>();

  constructor(root: HTMLElement) {
    this.api = vscodeApi<PersistedPanelState, TrainingPanelToHost>();
    const saved = this.api.getState();
    this.settings = restoreViewSettings(saved);
    this.runDir = typeof saved?.runDir === 'string' ? saved.runDir : undefined;
    this.theme = readThemeColors();
    this.toolbar = new Toolbar(
      {
        onSettingsChange: (change) => this.changeSettings(change),
        onOverlaysChange: (runIds) => this.changeOverlays(runIds),
      },
      () => this.store.main?.meta.metric.label ?? l10n.t('Metric'),
    );
    this.header = new RunHeader(this.toolbar.exportButtons);
    this.toolbar.show(this.settings);
    this.charts.setTheme(this.theme);
    root.classList.add('training-panel');
    root.replaceChildren(
      this.header.root,
      this.toolbar.root,
      this.waiting,
      this.charts.root,
      this.baselines.root,
      this.backtest.root,
      this.examples.root,
    );
    this.charts.root.hidden = true;

    for (const button of [...this.header.buttons, ...this.toolbar.exportButtons]) {
      button.addEventListener('click', () => this.onButton(button.id as ControlId));
    }
    onHostMessage<HostToTrainingPanel>((message) => this.onMessage(message));
    watchTheme(() => {
      this.theme = readThemeColors();
      this.charts.setTheme(this.theme);
      this.backtest.reset();
      this.markDirty('charts', 'overlays');
    });
    window.__trainingPanel = {
      stepCount: () => this.store.main?.steps.step.length ?? 0,
      evaluationCount: () => this.store.main?.evaluations.length ?? 0,
      lastLoss: () => {
        const loss = this.store.main?.steps.loss;
        return loss && loss.length > 0 ? loss[loss.length - 1] : null;
      },
      examplesStep: () => this.examples.step,
      baselineKeys: () => baselineKeys(this.store.main?.evaluations ?? []),
      backtestOrigins: () => {
        const main = this.store.main;
        return main ? (backtestToShow(main.meta, main.evaluations)?.origins.length ?? 0) : 0;
      },
    };
    this.api.postMessage({ type: 'ready' });
  }

  private onMessage(message: HostToTrainingPanel): void {
    if (message.type === 'saved') return this.onSaved(message);
    const change = this.store.apply(message);
    switch (change) {
      case 'snapshot':
        this.charts.reset();
        this.examples.reset();
        this.backtest.reset();
        this.waiting.hidden = true;
        this.charts.root.hidden = false;
        this.runDir = this.store.main?.meta.runDir || this.runDir;
        this.restoreOverlays();
        this.persist();
        this.markDirty('header', 'toolbar', 'charts', 'overlays');
        break;
      case 'meta':
        this.markDirty('header', 'charts');
        break;
      case 'steps':
      case 'evaluation':
        // An evaluation may bring the baselines the header compares with.
        this.markDirty('header', 'charts');
        break;
      case 'none':
        break;
    }
  }

  /** After a reload, asks the host again for the overlays the user had chosen (it does not keep them). */
  private restoreOverlays(): void {
    if (this.overlaysRestored) return;
    this.overlaysRestored = true;
    const candidates = new Set(this.store.overlayCandidates.map((c) => c.id));
    const wanted = this.settings.overlays.filter((id) => candidates.has(id));
    const shown = this.store.overlays.map((run) => run.meta.id);
    this.settings.overlays = wanted;
    if (wanted.length !== shown.length || wanted.some((id) => !shown.includes(id)))
      this.api.postMessage({ type: 'set-overlays', runIds: wanted });
  }

  private changeSettings(change: Partial<ViewSettings>): void {
    this.settings = { ...this.settings, ...change };
    this.persist();
    this.markDirty('charts', 'header', 'toolbar');
    this.scheduler.request(true);
  }

  private changeOverlays(runIds: string[]): void {
    this.settings.overlays = runIds;
    this.persist();
    this.api.postMessage({ type: 'set-overlays', runIds });
  }

  private persist(): void {
    this.api.setState({ ...this.settings, runDir: this.runDir });
  }

  private onButton(id: ControlId): void {
    const main = this.store.main;
    if (!main) return;
    const runId = main.meta.id;
    switch (id) {
      case 'pause':
      case 'resume':
      case 'stop':
        return this.api.postMessage({ type: 'control', runId, action: id });
      case 'open-best':
        return this.api.postMessage({ type: 'open-best-checkpoint', runId });
      case 'open-folder':
        return this.api.postMessage({ type: 'open-run-folder', runId });
      case 'inspect-gates':
        return this.api.postMessage({ type: 'inspect-gates', runId });
      case 'export-csv':
        return this.save('csv', exportFileName(runId, 'metrics', 'csv'), buildMetricsCsv(this.store.runs));
      case 'export-png':
        // Draw what has arrived so far first, so the image matches the data.
        this.render();
        return this.save(
          'png',
          exportFileName(runId, 'loss', 'png'),
          this.charts.lossChartPng(l10n.t('Loss · {0} · {1}', main.meta.datasetName, runId), this.theme),
        );
    }
  }

  private save(kind: 'csv' | 'png', suggestedName: string, data: string): void {
    const requestId = this.nextRequestId++;
    this.pendingSaves.set(requestId, kind);
    this.api.postMessage({ type: 'save', requestId, kind, suggestedName, data });
  }

  private onSaved(message: Extract<HostToTrainingPanel, { type: 'saved' }>): void {
    const kind = this.pendingSaves.get(message.requestId);
    this.pendingSaves.delete(message.requestId);
    if (message.path)
      this.toolbar.flash(
        kind === 'png' ? l10n.t('Chart saved to {0}', message.path) : l10n.t('CSV saved to {0}', message.path),
      );
    else if (message.error)
      this.toolbar.flash(
        kind === 'png' ? l10n.t('Chart not saved: {0}', message.error) : l10n.t('CSV not saved: {0}', message.error),
        true,
      );
  }

  private markDirty(...parts: (keyof TrainingPanel['dirty'])[]): void {
    for (const part of parts) this.dirty[part] = true;
    this.scheduler.request();
  }

  private render(): void {
    const main = this.store.main;
    if (!this.store.hasSnapshot || !main) return;
    const dirty = this.dirty;
    this.dirty = { header: false, toolbar: false, charts: false, overlays: false };
    if (dirty.toolbar) this.toolbar.show(this.settings);
    if (dirty.header) {
      this.header.update(main.meta, main.evaluations);
      const enabled = enabledControls(main.meta, {
        steps: main.steps.step.length,
        evaluations: main.evaluations.length,
        lossChartVisible: this.settings.visibleCharts.loss,
      });
      for (const button of [...this.header.buttons, ...this.toolbar.exportButtons])
        button.disabled = !enabled[button.id as ControlId];
    }
    if (dirty.overlays) {
      const shownIndex = new Map(this.store.runs.map((run, index) => [run.meta.id, index]));
      this.toolbar.showOverlayCandidates(this.store.overlayCandidates, this.settings.overlays, (runId) => {
        const index = shownIndex.get(runId);
        return index === undefined ? undefined : runColors(this.theme, index, this.store.runs.length > 1).train;
      });
    }
    if (dirty.charts) {
      this.charts.render({ runs: this.store.runs, settings: this.settings, theme: this.theme });
      this.examples.render(main.evaluations);
      this.baselines.render(scoresToCompare(main.meta, main.evaluations), main.meta.metric.key);
      this.backtest.render(backtestToShow(main.meta, main.evaluations), this.theme);
    }
  }
}
