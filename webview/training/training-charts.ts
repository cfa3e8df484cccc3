/**
 * The four charts — loss, headline metric, learning rate, gradient norm — and what each draws from the
 * runs: every run in its own colour (the panel's run: blue for training, orange for validation), raw
 * training curves faint behind their smoothed version, the best evaluation marked.
 */

import type { RunMeta } from '../../src/protocol/training-panel';
import { element, setAttribute, setText, setVisible } from '../shared/dom';
import { formatFixed, formatInteger, formatSignificant, numberFormat } from '../shared/format';
import type { ThemeColors } from '../shared/theme';
import { withAlpha } from '../shared/theme';
import type { SeriesSpec } from './line-chart';
import { LineChart } from './line-chart';
import type { RunView } from './run-store';
import { evaluationPoints, evaluationX, stepPoints, xExtent } from './series';
import { baselineKeys, baselineName, baselinePoints } from './baselines';
import { IncrementalSmoothing } from './smoothing';
import { runColors, shortRunLabels } from './run-labels';
import { chartTitle } from './toolbar';
import type { ChartId, ViewSettings } from './view-settings';
import { CHART_IDS } from './view-settings';
import * as l10n from '../shared/l10n';

export interface ChartInput {
  runs: readonly RunView[];
  settings: ViewSettings;
  theme: ThemeColors;
}

interface Card {
  root: HTMLElement;
  title: HTMLElement;
  note: HTMLElement;
  empty: HTMLElement;
  canvas: HTMLCanvasElement;
  chart: LineChart;
}

export class TrainingCharts {
  readonly root: HTMLElement;
  private readonly cards = {} as Record<ChartId, Card>;
  private readonly pointsLoss = element('span', {
    id: 'points-loss',
    attrs: { 'data-count': 0 },
    text: l10n.t('{0} training steps', formatInteger(0)),
  });
  private readonly pointsValidation = element('span', {
    id: 'points-validation',
    attrs: { 'data-count': 0 },
    text: l10n.t('{0} evaluations', formatInteger(0)),
  });
  /** Smoothed copies per run and series, extended as steps arrive. */
  private readonly smoothed = new Map<string, IncrementalSmoothing>();
  /** How the headline metric is written (the run's metric descriptor says; the panel knows no task). */
  private metricFormat: RunMeta['metric']['format'] = 'decimal';

  constructor() {
    this.root = element('div', { className: 'charts' });
    const formats: Record<ChartId, (value: number) => string> = {
      loss: (v) => formatSignificant(v, 3),
      metric: (v) =>
        this.metricFormat === 'percent'
          ? numberFormat({ style: 'percent', maximumSignificantDigits: 3 }).format(v)
          : formatSignificant(v, 3),
      lr: (v) => formatSignificant(v, 2),
      grad: (v) => formatSignificant(v, 3),
    };
    const descriptions: Record<ChartId, string> = {
      loss: l10n.t('Training loss per step (raw and smoothed) and validation loss per evaluation'),
      metric: l10n.t('Validation metric per evaluation'),
      lr: l10n.t('Learning rate per step'),
      grad: l10n.t('Gradient norm per step (raw and smoothed)'),
    };
    for (const id of CHART_IDS) {
      const canvas = element('canvas', { id: `chart-${id}` });
      const title = element('h2', { className: 'chart-title', text: chartTitle(id) });
      const note = element('span', { className: 'chart-note' });
      const legend = element('div', {
        id: `legend-${id}`,
        className: 'chart-legend',
        attrs: { role: 'group', 'aria-label': l10n.t('{0} series', chartTitle(id)) },
      });
      const empty = element('div', {
        className: 'chart-empty',
        text: id === 'metric' ? l10n.t('No validation yet') : l10n.t('No steps yet'),
      });
      const body = element(
        'div',
        { className: `chart-body chart-body-${id === 'loss' || id === 'metric' ? 'large' : 'small'}` },
        canvas,
        empty,
      );
      const root = element(
        'section',
        { id: `card-${id}`, className: `chart-card chart-card-${id}`, attrs: { 'aria-label': chartTitle(id) } },
        element('div', { className: 'chart-header' }, title, note, legend),
        body,
      );
      if (id === 'loss')
        root.append(
          element(
            'div',
            { className: 'chart-footer' },
            this.pointsLoss,
            element('span', { className: 'separator', text: '·' }),
            this.pointsValidation,
          ),
        );
      this.root.append(root);
      const chart = new LineChart(canvas, { description: descriptions[id], formatY: formats[id], legend });
      body.append(chart.announcer.root);
      this.cards[id] = { root, title, note, empty, canvas, chart };
    }
  }

  /** Forgets cached smoothing (a new snapshot brings new arrays). */
  reset(): void {
    this.smoothed.clear();
  }

  setTheme(theme: ThemeColors): void {
    for (const id of CHART_IDS) this.cards[id].chart.setTheme(theme);
  }

  /** Redraws every visible chart from the data. */
  render(input: ChartInput): void {
    const { runs, settings } = input;
    const main = runs[0];
    if (!main) return;
    this.metricFormat = main.meta.metric.format;
    const mode = settings.xAxis;
    const xMax = xExtent(runs, mode);
    const best = main.meta.best;
    const bestX = best ? evaluationX(main, mode, best) : null;
    const overlaid = runs.length > 1;
    const specs = this.seriesSpecs(input);

    setText(this.cards.metric.title, l10n.t('Validation {0}', main.meta.metric.label));
    setText(
      this.cards.loss.note,
      settings.smoothing > 0 ? l10n.t('smoothing {0}', formatFixed(settings.smoothing, 2)) : '',
    );
    setText(
      this.cards.grad.note,
      settings.smoothing > 0 ? l10n.t('smoothing {0}', formatFixed(settings.smoothing, 2)) : '',
    );
    setText(
      this.cards.metric.note,
      main.meta.metric.higherIsBetter ? l10n.t('higher is better') : l10n.t('lower is better'),
    );
    setText(this.cards.lr.note, '');
    const steps = main.steps.step.length;
    const evaluations = main.evaluations.length;
    setAttribute(this.pointsLoss, 'data-count', String(steps));
    setText(
      this.pointsLoss,
      steps === 1 ? l10n.t('1 training step') : l10n.t('{0} training steps', formatInteger(steps)),
    );
    setAttribute(this.pointsValidation, 'data-count', String(evaluations));
    setText(
      this.pointsValidation,
      evaluations === 1 ? l10n.t('1 evaluation') : l10n.t('{0} evaluations', formatInteger(evaluations)),
    );

    // One legend is enough: train/validation on the loss chart, or with overlays, on the first chart
    // shown (the runs keep their colours on every chart).
    const legendChart = overlaid ? CHART_IDS.find((id) => settings.visibleCharts[id]) : 'loss';
    // The baselines' lines need names beside the model's curve.
    const baselinesDrawn = baselineKeys(main.evaluations).length > 0;
    for (const id of CHART_IDS) {
      const card = this.cards[id];
      const visible = settings.visibleCharts[id];
      setVisible(card.root, visible);
      if (!visible) continue;
      const chart = card.chart;
      chart.setXAxis(mode, xMax);
      chart.setYScale(id === 'loss' ? settings.yScale : 'linear');
      chart.setLegendVisible(id === legendChart || (id === 'metric' && baselinesDrawn));
      chart.setBestMarker(id === 'loss' || id === 'metric' ? bestX : null, 'best');
      const series = specs[id](chart.bucketCount());
      chart.setSeries(series);
      setVisible(card.empty, !series.some((s) => s.points.length > 0));
      chart.update();
    }
  }

  /** Per chart, a function from the bucket count (its width) to the series it draws. */
  private seriesSpecs(input: ChartInput): Record<ChartId, (buckets: number) => SeriesSpec[]> {
    const { runs, settings, theme } = input;
    const mode = settings.xAxis;
    const xMax = xExtent(runs, mode);
    const weight = settings.smoothing;
    const highContrast = theme.kind === 'high-contrast' || theme.kind === 'high-contrast-light';
    const overlaid = runs.length > 1;
    const rawAlpha = (highContrast ? 0.45 : 0.25) * (overlaid ? 0.6 : 1);
    const colors = runs.map((_, r) => runColors(theme, r, overlaid));
    const labels = shortRunLabels(runs.map((run) => run.meta.id));
    const name = (r: number, what: string) => (overlaid ? `${labels[r]} · ${what}` : what);
    const smooth = (run: RunView, field: 'loss' | 'gradNorm') => {
      const key = `${run.meta.id}:${field}`;
      let cache = this.smoothed.get(key);
      if (!cache) this.smoothed.set(key, (cache = new IncrementalSmoothing()));
      return cache.get(run.steps[field], weight);
    };
    const logLoss = settings.yScale === 'log';

    /** A training series: smoothed line, with the raw one faint behind it while smoothing is on. */
    const trainingSeries = (
      r: number,
      field: 'loss' | 'gradNorm',
      label: string,
      buckets: number,
      positiveOnly: boolean,
    ): SeriesSpec[] => {
      const run = runs[r];
      const color = colors[r].train;
      const key = `${run.meta.id}:${field}`;
      const main: SeriesSpec = {
        key,
        label: name(r, label),
        color,
        width: r === 0 ? 1.75 : 1.5,
        points: stepPoints(run, weight > 0 ? smooth(run, field) : run.steps[field], mode, buckets, positiveOnly),
      };
      if (weight === 0) return [main];
      return [
        main,
        {
          key: `${key}:raw`,
          label: name(r, l10n.t('{0} (raw)', label)),
          color: withAlpha(color, rawAlpha),
          width: 1,
          background: true,
          points: stepPoints(run, run.steps[field], mode, buckets, positiveOnly),
        },
      ];
    };

    return {
      loss: (buckets) =>
        runs.flatMap((run, r) => [
          ...trainingSeries(r, 'loss', l10n.t('train'), buckets, logLoss),
          // Validation points are few and matter most: drawn over the training curves.
          {
            key: `${run.meta.id}:validation-loss`,
            label: name(r, l10n.t('validation')),
            color: colors[r].validation,
            width: 1.75,
            pointRadius: 2.5,
            dash: overlaid ? [5, 3] : undefined,
            drawOrder: -1,
            points: evaluationPoints(run, 'loss', mode, logLoss),
          },
        ]),
      metric: () => [
        ...runs.map((run, r) => ({
          key: `${run.meta.id}:metric`,
          label: name(r, run.meta.metric.label),
          color: colors[r].validation,
          width: 1.75,
          pointRadius: 2.5,
          points: evaluationPoints(run, runs[0].meta.metric.key, mode),
        })),
        // A forecaster's baselines on the same windows, for the panel's own run only (overlays would
        // triple the lines for levels that hardly differ between runs of one dataset).
        ...baselineKeys(runs[0].evaluations).map((baseline, b) => ({
          key: `${runs[0].meta.id}:baseline:${baseline}`,
          label: baselineName(baseline),
          color: baselineColor(theme, b),
          width: 1.5,
          dash: [6, 4],
          stepped: true,
          drawOrder: 1,
          points: baselinePoints(runs[0], baseline, runs[0].meta.metric.key, mode, xMax),
        })),
      ],
      lr: (buckets) =>
        runs.map((run, r) => ({
          key: `${run.meta.id}:lr`,
          label: name(r, l10n.t('learning rate')),
          color: colors[r].train,
          width: 1.5,
          points: stepPoints(run, run.steps.lr, mode, buckets),
        })),
      grad: (buckets) => runs.flatMap((_, r) => trainingSeries(r, 'gradNorm', l10n.t('gradient norm'), buckets, false)),
    };
  }

  /** The loss chart as PNG (base64, no `data:` prefix), titled, as it looks now. */
  lossChartPng(title: string, theme: ThemeColors): string {
    return this.cards.loss.chart.toPngBase64(title, theme);
  }
}

/**
 * The baselines' colours, in their order (naive, seasonal naive, drift): none the panel's run uses (blue,
 * orange), green last as it marks the best evaluation.
 */
export function baselineColor(theme: ThemeColors, index: number): string {
  const colors = [theme.purple, theme.yellow, theme.red, theme.green];
  return colors[index % colors.length];
}
