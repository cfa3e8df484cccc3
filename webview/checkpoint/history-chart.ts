/**
 * The training-history chart from the checkpoint's metadata: validation loss per evaluation and mean
 * training loss per epoch against the step, the task's headline metric (accuracy, bits per character,
 * MAE) on a second axis. chart.js, no animation, theme colours re-read on a theme change.
 */

import { Chart, Legend, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { ChartDataset } from 'chart.js';
import type { HistoryData } from '../../src/protocol/checkpoint-overview';
import { element } from '../shared/dom';
import { formatInteger, formatMetric, formatSignificant } from '../shared/format';
import type { ThemeColors } from '../shared/theme';
import { withAlpha } from '../shared/theme';
import { metricName } from './format';
import * as l10n from '../shared/l10n';

Chart.register(LineController, LineElement, PointElement, LinearScale, Legend, Tooltip);

type Point = { x: number; y: number };

export class HistoryChart {
  readonly root: HTMLElement;
  private readonly canvas = element('canvas', {
    id: 'history-canvas',
    attrs: { role: 'img', 'aria-label': l10n.t('Training history: loss against step') },
  });
  private chart: Chart<'line', Point[]> | null = null;

  constructor(
    private readonly history: HistoryData,
    /** The task's headline metric (its key), drawn on the second axis; null: none. */
    private readonly headline: string | null,
  ) {
    const count = history.evaluations.length;
    this.root = element(
      'section',
      { id: 'history', className: 'card history-card', attrs: { 'aria-label': l10n.t('Training history') } },
      element(
        'h2',
        { text: l10n.t('Training history') },
        element('span', {
          className: 'muted',
          text: l10n.t(
            ' · {0}, {1}',
            count === 1 ? l10n.t('1 evaluation') : l10n.t('{0} evaluations', count),
            history.epochs.length === 1 ? l10n.t('1 epoch') : l10n.t('{0} epochs', history.epochs.length),
          ),
        }),
      ),
      element('div', { className: 'chart-body' }, this.canvas),
    );
  }

  /** Draws (or redraws with new colours); call once the canvas is in the document. */
  draw(theme: ThemeColors): void {
    this.chart?.destroy();
    const metricKey = this.headline ?? undefined;
    const evaluations = this.history.evaluations;
    const datasets: ChartDataset<'line', Point[]>[] = [
      series(
        l10n.t('validation loss'),
        evaluations.filter((e) => e.metrics.loss !== undefined).map((e) => ({ x: e.step, y: e.metrics.loss })),
        theme.blue,
        'y',
      ),
      series(
        l10n.t('training loss (epoch mean)'),
        this.history.epochs.map((e) => ({ x: e.step, y: e.trainLoss })),
        theme.orange,
        'y',
      ),
    ];
    const metricPoints = metricKey
      ? evaluations
          .filter((e) => e.metrics[metricKey] !== undefined)
          .map((e) => ({ x: e.step, y: e.metrics[metricKey] }))
      : [];
    if (metricKey && metricPoints.length > 0)
      datasets.push({
        ...series(l10n.t('validation {0}', metricName(metricKey)), metricPoints, theme.green, 'metric'),
        borderDash: [5, 3],
      });
    const font = { family: theme.fontFamily, size: Math.max(10, theme.fontSize - 2) };
    this.chart = new Chart<'line', Point[]>(this.canvas, {
      type: 'line',
      data: { datasets: datasets.filter((d) => d.data.length > 0) },
      options: {
        animation: false,
        maintainAspectRatio: false,
        parsing: false,
        interaction: { mode: 'nearest', intersect: false },
        scales: {
          x: {
            type: 'linear',
            title: { display: true, text: l10n.t('step'), color: theme.descriptionForeground, font },
            ticks: { color: theme.chartForeground, font, callback: (v) => formatInteger(Number(v)) },
            grid: { color: theme.grid },
            border: { color: theme.chartLines },
          },
          y: {
            type: 'linear',
            position: 'left',
            title: { display: true, text: l10n.t('loss'), color: theme.descriptionForeground, font },
            ticks: { color: theme.chartForeground, font, callback: (v) => formatSignificant(Number(v), 3) },
            grid: { color: theme.grid },
            border: { color: theme.chartLines },
          },
          metric: {
            type: 'linear',
            position: 'right',
            display: metricPoints.length > 0,
            title: {
              display: true,
              text: metricKey ? metricName(metricKey) : '',
              color: theme.descriptionForeground,
              font,
            },
            ticks: { color: theme.chartForeground, font, callback: (v) => formatMetric(metricKey ?? '', Number(v)) },
            grid: { display: false },
            border: { color: theme.chartLines },
          },
        },
        plugins: {
          legend: { labels: { color: theme.chartForeground, font, boxWidth: 14, boxHeight: 2 } },
          tooltip: {
            backgroundColor: theme.tooltipBackground,
            titleColor: theme.tooltipForeground,
            bodyColor: theme.tooltipForeground,
            borderColor: theme.tooltipBorder,
            borderWidth: 1,
            callbacks: {
              title: (items) => (items[0] ? l10n.t('step {0}', formatInteger(items[0].parsed.x ?? 0)) : ''),
              label: (item) =>
                `${item.dataset.label}: ${item.dataset.yAxisID === 'metric' ? formatMetric(metricKey ?? '', item.parsed.y ?? NaN) : formatSignificant(item.parsed.y ?? NaN, 4)}`,
            },
          },
        },
      },
    });
    this.canvas.dataset.drawn = 'true';
  }

  dispose(): void {
    this.chart?.destroy();
    this.chart = null;
  }
}

function series(label: string, data: Point[], color: string, axis: string): ChartDataset<'line', Point[]> {
  return {
    label,
    data,
    yAxisID: axis,
    borderColor: color,
    backgroundColor: withAlpha(color, 0.8),
    borderWidth: 2,
    pointRadius: data.length > 40 ? 0 : 3,
    pointHoverRadius: 4,
    tension: 0,
  };
}
