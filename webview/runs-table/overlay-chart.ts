/**
 * Selected runs' curves in one chart: a metric dropdown (the training loss and the validation metrics
 * the selected runs share), the chart (the Training panel's line chart), its legend, and the same data
 * as a list of each run's last value — what a screen reader reads instead of the canvas.
 */

import type { RunCurves, RunsTableRun } from '../../src/protocol/runs-table';
import type { MetricDescriptor } from '../../src/protocol/task-presentation';
import { element } from '../shared/dom';
import { formatInteger } from '../shared/format';
import type { ThemeColors } from '../shared/theme';
import { LineChart, type SeriesSpec } from '../training/line-chart';
import { metricValueText } from './cell-text';
import { overlayMetrics, overlayPoints, TRAINING_LOSS, type OverlayMetric } from './overlay-series';
import * as l10n from '../shared/l10n';

export class OverlayChart {
  readonly element: HTMLElement;
  private readonly metricSelect: HTMLSelectElement;
  private readonly chart: LineChart;
  private readonly dataList: HTMLUListElement;
  private readonly note: HTMLElement;
  private metrics: readonly MetricDescriptor[] = [];

  constructor(private readonly onMetric: (metric: OverlayMetric) => void) {
    this.metricSelect = element('select', { id: 'runs-table-chart-metric' });
    this.metricSelect.addEventListener('change', () => this.onMetric(this.metricSelect.value));
    const legend = element('div', { id: 'runs-table-chart-legend', className: 'chart-legend' });
    const canvas = element('canvas', { id: 'runs-table-chart-canvas' });
    this.chart = new LineChart(canvas, {
      description: l10n.t('The selected runs’ curves; the list below gives each run’s last value.'),
      formatY: (value) => this.formatY(value),
      legend,
    });
    this.chart.setXAxis('step', null);
    this.note = element('p', { className: 'muted chart-note' });
    this.dataList = element('ul', { id: 'runs-table-chart-data', className: 'chart-data' });
    this.element = element(
      'section',
      { id: 'runs-table-chart', className: 'card', attrs: { 'aria-labelledby': 'runs-table-chart-title' } },
      element(
        'div',
        { className: 'card-header' },
        element('h2', { id: 'runs-table-chart-title', text: l10n.t('Selected runs') }),
        element('label', { className: 'inline-label' }, l10n.t('Metric '), this.metricSelect),
        legend,
      ),
      element('div', { className: 'chart-body' }, canvas, this.chart.announcer.root),
      this.note,
      this.dataList,
    );
  }

  setTheme(theme: ThemeColors): void {
    this.chart.setTheme(theme);
    this.chart.update();
  }

  /** Draws `curves` (in selection order) of `metric`, or says why nothing is drawn. */
  render(
    runs: readonly RunsTableRun[],
    curves: readonly RunCurves[],
    metric: OverlayMetric,
    metrics: readonly MetricDescriptor[],
    colors: readonly string[],
    pending: boolean,
  ): OverlayMetric {
    this.metrics = metrics;
    const offered = overlayMetrics(curves);
    const shown = offered.includes(metric) ? metric : TRAINING_LOSS;
    this.currentMetric = shown;
    this.metricSelect.replaceChildren(
      ...offered.map((m) =>
        element('option', { text: this.metricLabel(m), attrs: { value: m, selected: m === shown } }),
      ),
    );
    this.metricSelect.value = shown;
    const specs: SeriesSpec[] = [];
    const items: HTMLLIElement[] = [];
    curves.forEach((c, k) => {
      const run = runs.find((r) => r.id === c.runId);
      const label = run ? `${run.id} · ${run.datasetName}` : c.runId;
      const points = overlayPoints(c, shown);
      specs.push({
        // Keyed by run and metric: chart.js keeps a dataset's resolved point style, so another metric is a new series.
        key: `${c.runId}:${shown}`,
        label,
        points,
        color: colors[k % colors.length],
        width: 1.5,
        pointRadius: shown === TRAINING_LOSS ? 0 : 2.5,
      });
      const last = points[points.length - 1];
      items.push(
        element('li', {
          attrs: { 'data-run-id': c.runId },
          text: last
            ? l10n.t(
                '{0}: {1} {2} at step {3} ({4} points)',
                label,
                this.metricLabel(shown),
                this.formatY(last.y),
                formatInteger(last.x),
                formatInteger(points.length),
              )
            : l10n.t('{0}: no {1} recorded yet', label, this.metricLabel(shown)),
        }),
      );
    });
    this.chart.setSeries(specs);
    this.chart.update();
    this.dataList.replaceChildren(...items);
    this.note.textContent = pending
      ? l10n.t('Reading the selected runs’ histories…')
      : curves.length === 0
        ? l10n.t('Select runs in the table (the checkboxes) to overlay their curves.')
        : '';
    return shown;
  }

  private currentMetric: OverlayMetric = TRAINING_LOSS;

  private metricLabel(metric: OverlayMetric): string {
    if (metric === TRAINING_LOSS) return l10n.t('training loss');
    const key = metric.slice('val:'.length);
    return this.metrics.find((m) => m.key === key)?.label ?? key;
  }

  private formatY(value: number): string {
    if (this.currentMetric === TRAINING_LOSS) return metricValueText(LOSS_FORMAT, value);
    const key = this.currentMetric.slice('val:'.length);
    const descriptor = this.metrics.find((m) => m.key === key);
    return descriptor ? metricValueText(descriptor, value) : String(value);
  }
}

const LOSS_FORMAT: MetricDescriptor = { key: 'loss', label: 'loss', higherIsBetter: false, format: 'decimal' };
