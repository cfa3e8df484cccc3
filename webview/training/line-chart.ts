/**
 * One chart.js line chart as the panel uses it: linear x (step, epoch or seconds), linear or log y,
 * series identified by key and updated in place (their dataset objects are kept, only `data` and
 * styling change), no animation, theme colours pushed in from outside. Redraws are the caller's call
 * (`update()`), so many data changes cost one draw. From the keyboard the canvas is focusable: the arrow
 * keys move a cursor point (chart-cursor.ts), made active with its tooltip as a hover would, and said
 * through `announcer` (its `root` goes in the page beside the chart).
 */

import {
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
} from 'chart.js';
import type { ActiveDataPoint, ChartDataset, Tick, TooltipItem } from 'chart.js';
import { Announcer } from '../shared/announcer';
import * as l10n from '../shared/l10n';
import type { ThemeColors } from '../shared/theme';
import { withAlpha } from '../shared/theme';
import { formatClock, formatFixed, formatInteger, formatSignificant } from '../shared/format';
import { bestMarkerPlugin } from './best-marker';
import { flatYRange, registerNearestEachMode, xTicks } from './chart-axes';
import { isChartKey, moveChartCursor, nearestIndex } from './chart-cursor';
import type { Point } from './series';
import type { XAxisMode, YScale } from './view-settings';

Chart.register(LineController, LineElement, PointElement, LinearScale, LogarithmicScale, Legend, Tooltip);
registerNearestEachMode();

export interface SeriesSpec {
  /** Stable identity across updates, e.g. `run-id:loss`. */
  key: string;
  label: string;
  points: Point[];
  color: string;
  width: number;
  dash?: number[];
  /** Radius of point markers; 0 (the default) draws a plain line. */
  pointRadius?: number;
  /** A faint series behind another (raw behind smoothed): drawn first, not in legend or tooltip. */
  background?: boolean;
  /** Drawing order: lower is drawn later, on top (chart.js's `order`); default 0, background 10. */
  drawOrder?: number;
  /** A level held until the next point (a baseline scored at each evaluation), not a slope between points. */
  stepped?: boolean;
}

export interface LineChartOptions {
  /** Accessible name of the canvas. */
  description: string;
  formatY(value: number): string;
  /** Where the legend goes (an HTML legend: it sits in the card header and takes no plot space). */
  legend: HTMLElement;
}

type LineDataset = ChartDataset<'line', Point[]>;

export class LineChart {
  readonly chart: Chart<'line', Point[]>;
  private keys: string[] = [];
  private readonly backgroundSets = new WeakSet<object>();
  /** Series the user switched off in the legend (with their raw companions). */
  private readonly hiddenKeys = new Set<string>();
  private legendSignature = '';
  private lastSpecs: readonly SeriesSpec[] = [];
  private xMode: XAxisMode = 'step';
  private yScale: YScale = 'linear';
  /** Says the keyboard cursor's point; its `root` is placed in the page by the chart's owner. */
  readonly announcer: Announcer;
  /** The keyboard cursor, by series key and x (indices move as points arrive and thinning changes). */
  private cursor: { key: string; x: number } | null = null;

  constructor(
    readonly canvas: HTMLCanvasElement,
    private readonly options: LineChartOptions,
  ) {
    canvas.tabIndex = 0;
    // `application`: a screen reader passes the arrow keys through to the chart.
    canvas.setAttribute('role', 'application');
    canvas.setAttribute('aria-roledescription', l10n.t('chart'));
    canvas.setAttribute(
      'aria-label',
      l10n.t(
        '{0}. Left and Right arrows move between points, Up and Down between series, Home and End to the first and last point.',
        options.description,
      ),
    );
    this.announcer = new Announcer(`${canvas.id || 'chart'}-announcer`);
    canvas.addEventListener('keydown', (event) => this.onKey(event));
    canvas.addEventListener('focus', () => {
      if (canvas.matches(':focus-visible')) this.showCursor(this.cursorAfter(null));
    });
    canvas.addEventListener('blur', () => this.hideCursor(false));
    const backgroundSets = this.backgroundSets;
    this.chart = new Chart<'line', Point[]>(canvas, {
      type: 'line',
      data: { datasets: [] },
      plugins: [bestMarkerPlugin],
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        parsing: false,
        normalized: true,
        spanGaps: false,
        interaction: { mode: 'nearestEach', intersect: false },
        layout: { padding: { top: 2, right: 6 } },
        elements: { line: { tension: 0, borderJoinStyle: 'round', borderCapStyle: 'round' }, point: { hitRadius: 6 } },
        scales: {
          x: {
            type: 'linear',
            bounds: 'data',
            min: 0,
            ticks: {
              maxRotation: 0,
              autoSkipPadding: 24,
              includeBounds: false,
              callback: (value) => this.formatX(Number(value)),
            },
            afterBuildTicks: (scale) => {
              scale.ticks = xTicks(this.xMode, scale.ticks, scale.min, scale.max, scale.width);
            },
            title: { display: true, text: l10n.t('step'), padding: { top: 2, bottom: 0 } },
          },
          y: {
            type: 'linear',
            ticks: { maxTicksLimit: 7, callback: (value, _index, ticks) => this.formatYTick(Number(value), ticks) },
            afterDataLimits: (scale) => {
              if (this.yScale !== 'linear') return;
              // From the data itself: by now chart.js has already widened a flat range by 5 % each side.
              const data = scale.getMinMax(false);
              const range = flatYRange(data.min, data.max);
              if (range) Object.assign(scale, range);
            },
          },
        },
        plugins: {
          legend: { display: false },
          tooltip: {
            filter: (item) => !backgroundSets.has(item.dataset),
            displayColors: true,
            boxWidth: 8,
            boxHeight: 8,
            usePointStyle: true,
            callbacks: {
              title: (items: TooltipItem<'line'>[]) =>
                items.length > 0 ? this.formatXTitle(items[0].parsed.x ?? NaN) : '',
              label: (item: TooltipItem<'line'>) =>
                ` ${item.dataset.label ?? ''}: ${this.options.formatY(item.parsed.y ?? NaN)}`,
            },
          },
          bestMarker: { x: null, label: l10n.t('best') },
        },
      },
    });
  }

  /** Replaces the drawn series, reusing the dataset objects of keys already shown. */
  setSeries(specs: readonly SeriesSpec[]): void {
    const previous = new Map<string, LineDataset>();
    this.keys.forEach((key, i) => previous.set(key, this.chart.data.datasets[i]));
    const datasets: LineDataset[] = [];
    for (const spec of specs) {
      const dataset = previous.get(spec.key) ?? ({ data: [] } as unknown as LineDataset);
      const radius = spec.pointRadius ?? 0;
      Object.assign(dataset, {
        label: spec.label,
        data: spec.points,
        borderColor: spec.color,
        backgroundColor: spec.color,
        borderWidth: spec.width,
        borderDash: spec.dash ?? [],
        pointRadius: radius,
        pointHoverRadius: radius > 0 ? radius + 1.5 : 3,
        pointBorderWidth: 0,
        pointHoverBorderWidth: 0,
        // chart.js draws lower `order` on top: raw curves sit behind everything else.
        order: spec.background ? 10 : (spec.drawOrder ?? 0),
        stepped: spec.stepped ? 'after' : false,
      } satisfies Partial<LineDataset>);
      dataset.hidden = this.isHidden(spec.key);
      if (spec.background) this.backgroundSets.add(dataset);
      else this.backgroundSets.delete(dataset);
      datasets.push(dataset);
    }
    this.chart.data.datasets = datasets;
    this.keys = specs.map((s) => s.key);
    this.lastSpecs = specs;
    this.renderLegend();
  }

  /** A raw series (`key:raw`) hides with its smoothed one. */
  private isHidden(key: string): boolean {
    return this.hiddenKeys.has(key.endsWith(':raw') ? key.slice(0, -4) : key);
  }

  private renderLegend(): void {
    const entries = this.lastSpecs.filter((spec) => !spec.background);
    const signature = JSON.stringify(
      entries.map((e) => [e.key, e.label, e.color, e.dash, e.pointRadius, this.hiddenKeys.has(e.key)]),
    );
    if (signature === this.legendSignature) return;
    this.legendSignature = signature;
    const items = entries.map((spec) => {
      const swatch = document.createElement('span');
      swatch.className = spec.pointRadius ? 'legend-swatch with-point' : 'legend-swatch';
      swatch.style.borderTopColor = spec.color;
      swatch.style.borderTopStyle = spec.dash && spec.dash.length > 0 ? 'dashed' : 'solid';
      swatch.style.color = spec.color;
      const label = document.createElement('span');
      label.textContent = spec.label;
      const item = document.createElement('button');
      item.type = 'button';
      item.className = 'legend-item';
      item.title = this.hiddenKeys.has(spec.key) ? l10n.t('Show {0}', spec.label) : l10n.t('Hide {0}', spec.label);
      item.setAttribute('aria-pressed', String(!this.hiddenKeys.has(spec.key)));
      item.append(swatch, label);
      item.addEventListener('click', () => {
        if (this.hiddenKeys.has(spec.key)) this.hiddenKeys.delete(spec.key);
        else this.hiddenKeys.add(spec.key);
        this.setSeries(this.lastSpecs);
        this.update();
      });
      return item;
    });
    this.options.legend.replaceChildren(...items);
  }

  /** The x axis: what it counts and, to line the charts up, the shared largest x (null: automatic). */
  setXAxis(mode: XAxisMode, max: number | null): void {
    this.xMode = mode;
    const x = this.chart.options.scales!.x!;
    x.max = max !== null && max > 0 ? max : undefined;
    x.title!.text = mode === 'step' ? l10n.t('step') : mode === 'epoch' ? l10n.t('epoch') : l10n.t('wall time');
  }

  setYScale(scale: YScale): void {
    this.yScale = scale;
    this.chart.options.scales!.y!.type = scale === 'log' ? 'logarithmic' : 'linear';
  }

  setLegendVisible(visible: boolean): void {
    this.options.legend.hidden = !visible;
  }

  setBestMarker(x: number | null, label: string): void {
    Object.assign(this.chart.options.plugins!.bestMarker!, { x, label });
  }

  setTheme(theme: ThemeColors): void {
    const o = this.chart.options;
    const small = Math.max(10, Math.round(theme.fontSize * 0.85));
    const font = { family: theme.fontFamily, size: small };
    for (const axis of [o.scales!.x!, o.scales!.y!]) {
      Object.assign(axis.ticks!, { color: theme.chartForeground, font });
      Object.assign(axis.grid!, { color: theme.grid, tickColor: theme.grid, drawTicks: true, tickLength: 4 });
      Object.assign(axis.border!, { color: theme.chartLines });
    }
    Object.assign(o.scales!.x!.title!, { color: theme.descriptionForeground, font });
    Object.assign(o.plugins!.tooltip!, {
      backgroundColor: theme.tooltipBackground,
      titleColor: theme.tooltipForeground,
      bodyColor: theme.tooltipForeground,
      borderColor: theme.tooltipBorder,
      borderWidth: 1,
      cornerRadius: 3,
      titleFont: { family: theme.fontFamily, size: small, weight: 'bold' },
      bodyFont: { family: theme.fontFamily, size: small },
    });
    Object.assign(o.plugins!.bestMarker!, {
      color: theme.green,
      textColor: theme.kind === 'light' || theme.kind === 'high-contrast-light' ? '#ffffff' : theme.background,
      font: `600 ${small}px ${theme.fontFamily}`,
    });
    this.chart.options.color = theme.chartForeground;
    this.chart.options.borderColor = withAlpha(theme.chartLines, 0.5);
  }

  /**
   * The chart as a standalone PNG (base64, without the `data:` prefix): on the theme's background, with
   * `title` and the legend drawn above the plot (on screen both are HTML, outside the canvas).
   */
  toPngBase64(title: string, theme: ThemeColors): string {
    const source = this.canvas;
    const ratio = source.clientWidth > 0 ? source.width / source.clientWidth : 1;
    const header = Math.round(34 * ratio);
    const pad = Math.round(12 * ratio);
    const canvas = document.createElement('canvas');
    canvas.width = source.width + 2 * pad;
    canvas.height = source.height + header + pad;
    const ctx = canvas.getContext('2d')!;
    ctx.fillStyle = theme.background;
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    ctx.drawImage(source, pad, header);
    ctx.scale(ratio, ratio);
    const width = canvas.width / ratio;
    const middle = 34 / 2 + 2;
    ctx.textBaseline = 'middle';
    ctx.fillStyle = theme.foreground;
    ctx.font = `600 ${theme.fontSize}px ${theme.fontFamily}`;
    ctx.fillText(title, 12, middle);
    // Legend, right-aligned: a short stroke (with a dot for point series) and the label.
    ctx.font = `${Math.round(theme.fontSize * 0.9)}px ${theme.fontFamily}`;
    const entries = this.lastSpecs.filter((spec) => !spec.background && !this.hiddenKeys.has(spec.key));
    let x = width - 12;
    for (const spec of [...entries].reverse()) {
      const labelWidth = ctx.measureText(spec.label).width;
      x -= labelWidth;
      ctx.fillStyle = theme.foreground;
      ctx.fillText(spec.label, x, middle);
      x -= 24;
      ctx.strokeStyle = spec.color;
      ctx.lineWidth = 2;
      ctx.setLineDash(spec.dash ?? []);
      ctx.beginPath();
      ctx.moveTo(x, middle);
      ctx.lineTo(x + 18, middle);
      ctx.stroke();
      if (spec.pointRadius) {
        ctx.fillStyle = spec.color;
        ctx.beginPath();
        ctx.arc(x + 9, middle, 3, 0, 2 * Math.PI);
        ctx.fill();
      }
      x -= 14;
    }
    const url = canvas.toDataURL('image/png');
    return url.slice(url.indexOf(',') + 1);
  }

  /** How many x buckets thinning should use: two per pixel of plot width. */
  bucketCount(): number {
    const width = this.chart.chartArea?.width || this.canvas.clientWidth || 600;
    return Math.max(64, Math.round(2 * width));
  }

  update(): void {
    this.chart.update('none');
    // New points (a run still training) keep the cursor on its point; chart.js forgot the active elements.
    if (this.cursor && document.activeElement === this.canvas) this.activate(this.resolveCursor(), false);
  }

  /** The series the keyboard steps through: drawn and shown (not raw backgrounds, not switched off). */
  private cursorSeries(): { dataset: LineDataset; index: number }[] {
    return this.chart.data.datasets
      .map((dataset, index) => ({ dataset, index }))
      .filter(({ dataset }) => !dataset.hidden && !this.backgroundSets.has(dataset) && dataset.data.length > 0);
  }

  private resolveCursor(): { series: number; index: number } | null {
    const cursor = this.cursor;
    if (!cursor) return null;
    const series = this.cursorSeries();
    const s = series.findIndex(({ dataset }) => this.keys[this.chart.data.datasets.indexOf(dataset)] === cursor.key);
    if (s < 0) return null;
    const index = nearestIndex(series[s].dataset.data, cursor.x);
    return index < 0 ? null : { series: s, index };
  }

  /** Where `key` takes the cursor; with no key, where it is (or the first point when it is nowhere). */
  private cursorAfter(key: string | null): { series: number; index: number } | null {
    const series = this.cursorSeries().map(({ dataset }) => dataset.data);
    const here = this.resolveCursor();
    if (!key) return here ?? moveChartCursor(series, null, 'Home');
    return moveChartCursor(series, here, key);
  }

  private onKey(event: KeyboardEvent): void {
    if (!isChartKey(event.key)) {
      if (event.key === 'Escape') this.hideCursor(true);
      return;
    }
    event.preventDefault();
    this.showCursor(this.cursorAfter(event.key));
  }

  private showCursor(position: { series: number; index: number } | null): void {
    if (!position) return this.announcer.say(l10n.t('No points yet'));
    this.activate(position, true);
  }

  /** Makes a point active with its tooltip, as hovering it would; `announce` says it too. */
  private activate(position: { series: number; index: number } | null, announce: boolean): void {
    const series = this.cursorSeries();
    const chosen = position ? series[position.series] : undefined;
    const point = chosen?.dataset.data[position!.index];
    if (!chosen || !point) return;
    this.cursor = { key: this.keys[chosen.index], x: point.x };
    const active: ActiveDataPoint[] = [{ datasetIndex: chosen.index, index: position!.index }];
    const element = this.chart.getDatasetMeta(chosen.index).data[position!.index];
    this.chart.setActiveElements(active);
    this.chart.tooltip?.setActiveElements(active, { x: element?.x ?? 0, y: element?.y ?? 0 });
    this.chart.update('none');
    if (announce)
      this.announcer.say(
        l10n.t('{0}, {1} {2}', this.formatXTitle(point.x), chosen.dataset.label ?? '', this.options.formatY(point.y)),
      );
  }

  /** Takes the point's highlight and tooltip away; `forget` drops the position too (Escape; not a blur). */
  private hideCursor(forget: boolean): void {
    if (!this.cursor) return;
    if (forget) this.cursor = null;
    this.chart.setActiveElements([]);
    this.chart.tooltip?.setActiveElements([], { x: 0, y: 0 });
    this.chart.update('none');
  }

  destroy(): void {
    this.chart.destroy();
  }

  private formatX(value: number): string {
    switch (this.xMode) {
      case 'step':
        return Math.abs(value) >= 10_000 ? `${formatSignificant(value / 1000, 3)}k` : formatInteger(value);
      case 'epoch':
        return formatSignificant(value, 3);
      case 'time':
        return formatClock(value);
    }
  }

  private formatXTitle(value: number): string {
    switch (this.xMode) {
      case 'step':
        return l10n.t('step {0}', formatInteger(value));
      case 'epoch':
        return l10n.t('epoch {0}', formatFixed(value, 2));
      case 'time':
        return l10n.t('wall time {0}', formatClock(value));
    }
  }

  private formatYTick(value: number, ticks: Tick[]): string {
    if (this.yScale === 'log' && value > 0 && ticks.length > 1) {
      // A log axis gets a tick at every 1…9 × 10^k. Within about a decade label them all; over a few
      // decades only 1, 2 and 5; beyond that only the powers of ten.
      const decades = Math.log10(ticks[ticks.length - 1].value / ticks[0].value);
      const shown = decades <= 1.3 ? null : decades <= 3 ? [1, 2, 5] : [1];
      const significand = value / Math.pow(10, Math.floor(Math.log10(value) + 1e-9));
      if (shown && !shown.some((k) => Math.abs(significand - k) < 1e-6)) return '';
    }
    return this.options.formatY(value);
  }
}
