/**
 * A small chart.js line chart shared by the Prediction panel (the probability over the tokens, the history
 * and the forecast of a series) and the Evaluate view (the reliability diagram, a forecaster's residuals):
 * linear x, no animation, theme colours set from outside, a tooltip whose title the caller words (e.g. the
 * token at that x). Replaced wholesale on every `draw`.
 */

import { Chart, Filler, LinearScale, LineController, LineElement, PointElement, Tooltip } from 'chart.js';
import type { ChartDataset, TooltipItem } from 'chart.js';
import type { ThemeColors } from './theme';

Chart.register(LineController, LineElement, PointElement, LinearScale, Tooltip, Filler);

export interface XySeries {
  label: string;
  points: { x: number; y: number }[];
  color: string;
  dash?: number[];
  /** Draw a dot on every point (short series). */
  dots?: boolean;
  /** Line width (default 2; 0 draws no line, e.g. a band's edge). */
  width?: number;
  /** Fill the area between this series and the one drawn just before it (a band), in this colour. */
  fillToPrevious?: string;
  /** Left out of the tooltip (a band's edges when the quantile lines say the same). */
  noTooltip?: boolean;
  /** Drawn only while the pointer is over the chart (the quantiles around a forecast). */
  onHover?: boolean;
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
  private series: readonly XySeries[] = [];
  private hovered = false;

  constructor(
    private readonly canvas: HTMLCanvasElement,
    private readonly options: XyChartOptions,
  ) {
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', options.description);
    canvas.addEventListener('mouseenter', () => this.setHovered(true));
    canvas.addEventListener('mouseleave', () => this.setHovered(false));
  }

  /** The canvas's accessible name, when it depends on what is drawn (e.g. an interval's level). */
  describe(description: string): void {
    this.canvas.setAttribute('aria-label', description);
  }

  /** Shows or hides the hover-only series (no full redraw: only their line widths change). */
  private setHovered(hovered: boolean): void {
    this.hovered = hovered;
    const chart = this.chart;
    if (!chart || !this.series.some((s) => s.onHover)) return;
    chart.data.datasets.forEach((dataset, i) => {
      if (this.series[i]?.onHover) dataset.borderWidth = hovered ? (this.series[i].width ?? 1) : 0;
    });
    chart.update('none');
  }

  draw(series: readonly XySeries[], theme: ThemeColors): void {
    this.chart?.destroy();
    const { options } = this;
    Chart.defaults.font.family = theme.fontFamily;
    Chart.defaults.font.size = Math.max(10, theme.fontSize - 1);
    Chart.defaults.color = theme.chartForeground;
    this.series = series;
    const datasets: ChartDataset<'line', { x: number; y: number }[]>[] = series.map((s) => ({
      label: s.label,
      data: s.points,
      borderColor: s.color,
      backgroundColor: s.fillToPrevious ?? s.color,
      borderWidth: s.onHover && !this.hovered ? 0 : (s.width ?? 2),
      borderDash: s.dash ?? [],
      pointRadius: s.dots ? 2.5 : 0,
      pointHoverRadius: s.width === 0 || s.onHover ? 0 : 4,
      tension: 0,
      fill: s.fillToPrevious ? '-1' : false,
    }));
    const noTooltip = new Set(series.flatMap((s, i) => (s.noTooltip ? [i] : [])));
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
            filter: (item) => !noTooltip.has(item.datasetIndex),
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
