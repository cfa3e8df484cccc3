/**
 * A small chart.js line chart for the Prediction panel — the probability over the tokens, the history
 * and the forecast of a series: linear x, no animation, theme colours set from outside, a tooltip whose
 * title the caller words (e.g. the token at that x). Replaced wholesale on every `draw`.
 */

import { Chart, Filler, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { ChartDataset, TooltipItem } from 'chart.js';
import type { ThemeColors } from '../shared/theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Filler);

export interface XySeries {
  label: string;
  points: { x: number; y: number }[];
  color: string;
  dash?: number[];
  /** Draw a dot on every point (short series). */
  dots?: boolean;
}

export interface XyChartOptions {
  description: string;
  xTitle: string;
  yTitle: string;
  yMin?: number;
  yMax?: number;
  /** Tooltip title for a hovered x. */
  titleOf(x: number): string;
  formatY(y: number): string;
  /** Axis ticks, when they read better rounder than `formatY` (default: `formatY`). */
  formatTick?(y: number): string;
}

export class XyChart {
  private chart: Chart<'line', { x: number; y: number }[]> | null = null;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly options: XyChartOptions,
  ) {
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', options.description);
  }

  draw(series: readonly XySeries[], theme: ThemeColors): void {
    this.chart?.destroy();
    const { options } = this;
    Chart.defaults.font.family = theme.fontFamily;
    Chart.defaults.font.size = Math.max(10, theme.fontSize - 1);
    Chart.defaults.color = theme.chartForeground;
    const datasets: ChartDataset<'line', { x: number; y: number }[]>[] = series.map((s) => ({
      label: s.label,
      data: s.points,
      borderColor: s.color,
      backgroundColor: s.color,
      borderWidth: 2,
      borderDash: s.dash ?? [],
      pointRadius: s.dots ? 2.5 : 0,
      pointHoverRadius: 4,
      tension: 0,
    }));
    this.chart = new Chart<'line', { x: number; y: number }[]>(this.canvas, {
      type: 'line',
      data: { datasets },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        interaction: { mode: 'nearest', axis: 'x', intersect: false },
        scales: {
          x: {
            type: 'linear',
            grid: { color: theme.grid },
            border: { color: theme.chartLines },
            title: { display: true, text: options.xTitle },
            ticks: { maxRotation: 0, autoSkipPadding: 20, precision: 0 },
          },
          y: {
            type: 'linear',
            min: options.yMin,
            max: options.yMax,
            grid: { color: theme.grid },
            border: { color: theme.chartLines },
            title: { display: true, text: options.yTitle },
            ticks: { maxTicksLimit: 6, callback: (v) => (options.formatTick ?? options.formatY)(Number(v)) },
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
            displayColors: true,
            boxWidth: 8,
            boxHeight: 8,
            callbacks: {
              title: (items: TooltipItem<'line'>[]) =>
                items.length > 0 ? options.titleOf(items[0].parsed.x ?? NaN) : '',
              label: (item: TooltipItem<'line'>) =>
                ` ${item.dataset.label ?? ''}: ${options.formatY(item.parsed.y ?? NaN)}`,
            },
          },
        },
      },
    });
  }

  destroy(): void {
    this.chart?.destroy();
    this.chart = null;
  }
}
