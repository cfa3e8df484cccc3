/**
 * The backtest's chart: one metric per origin (x: the origins in order, named by their labels), the model
 * as a solid line with points, each baseline dashed in its colour. chart.js, replaced on every draw
 * (a backtest comes once per evaluation), with an HTML legend like the other charts'.
 */

import { CategoryScale, Chart, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { ChartDataset, TooltipItem } from 'chart.js';
import type { ThemeColors } from '../shared/theme';
import type { BacktestSeries } from './backtest';
import { baselineName, metricName } from './baselines';
import { formatMetricValue } from './metric-format';
import * as l10n from '../shared/l10n';

Chart.register(LineController, LineElement, PointElement, LinearScale, CategoryScale, Tooltip);

export interface BacktestLine {
  label: string;
  values: number[];
  color: string;
  dash?: number[];
}

/** The lines of a backtest: the model first, then each baseline in `colorOf(index)`. */
export function backtestLines(
  series: BacktestSeries,
  modelColor: string,
  colorOf: (index: number) => string,
): BacktestLine[] {
  return [
    { label: l10n.t('model'), values: series.model, color: modelColor },
    ...series.baselines.map((b, i) => ({
      label: baselineName(b.key),
      values: b.values,
      color: colorOf(i),
      dash: [6, 4],
    })),
  ];
}

export class BacktestChart {
  private chart: Chart<'line', number[], string> | null = null;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly legend: HTMLElement,
  ) {
    canvas.setAttribute('role', 'img');
  }

  draw(series: BacktestSeries, lines: readonly BacktestLine[], theme: ThemeColors): void {
    this.chart?.destroy();
    const metric = series.metric;
    this.canvas.setAttribute(
      'aria-label',
      l10n.t('{0} at each backtest origin, the model’s and the baselines’', metricName(metric)),
    );
    const small = Math.max(10, Math.round(theme.fontSize * 0.85));
    const font = { family: theme.fontFamily, size: small };
    const datasets: ChartDataset<'line', number[]>[] = lines.map((line) => ({
      label: line.label,
      data: line.values,
      borderColor: line.color,
      backgroundColor: line.color,
      borderWidth: line.dash ? 1.5 : 1.75,
      borderDash: line.dash ?? [],
      pointRadius: line.dash ? 0 : 2.5,
      pointHoverRadius: 4,
      tension: 0,
      order: line.dash ? 1 : 0,
    }));
    this.chart = new Chart<'line', number[], string>(this.canvas, {
      type: 'line',
      data: { labels: series.labels, datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        spanGaps: false,
        interaction: { mode: 'index', intersect: false },
        scales: {
          x: {
            type: 'category',
            ticks: { color: theme.chartForeground, font, maxRotation: 0, autoSkipPadding: 16 },
            grid: { color: theme.grid },
            border: { color: theme.chartLines },
            title: { display: true, text: l10n.t('origin'), color: theme.descriptionForeground, font },
          },
          y: {
            type: 'linear',
            ticks: {
              color: theme.chartForeground,
              font,
              maxTicksLimit: 6,
              callback: (v) => formatMetricValue(metric, Number(v)),
            },
            grid: { color: theme.grid },
            border: { color: theme.chartLines },
            title: { display: true, text: metricName(metric), color: theme.descriptionForeground, font },
          },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            backgroundColor: theme.tooltipBackground,
            titleColor: theme.tooltipForeground,
            bodyColor: theme.tooltipForeground,
            borderColor: theme.tooltipBorder,
            borderWidth: 1,
            boxWidth: 8,
            boxHeight: 8,
            callbacks: {
              label: (item: TooltipItem<'line'>) =>
                ` ${item.dataset.label ?? ''}: ${formatMetricValue(metric, item.parsed.y ?? NaN)}`,
            },
          },
        },
      },
    });
    this.legend.replaceChildren(
      ...lines.map((line) => {
        const swatch = document.createElement('span');
        swatch.className = line.dash ? 'legend-swatch' : 'legend-swatch with-point';
        swatch.style.borderTopColor = line.color;
        swatch.style.borderTopStyle = line.dash ? 'dashed' : 'solid';
        swatch.style.color = line.color;
        const item = document.createElement('span');
        item.className = 'legend-item';
        item.append(swatch, line.label);
        return item;
      }),
    );
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = null;
  }
}
