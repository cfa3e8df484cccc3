/**
 * A chart.js plugin that marks the best evaluation with a dashed vertical line and a small label at the
 * top of the plot area — the "best epoch" marker. Options live under `options.plugins.bestMarker`.
 */

import type { ChartType, Plugin } from 'chart.js';

export interface BestMarkerOptions {
  /** Where to draw it, in x-axis units; null draws nothing. */
  x: number | null;
  label: string;
  color: string;
  /** Label text colour (on `color`). */
  textColor: string;
  font: string;
}

declare module 'chart.js' {
  // The type parameter must be declared for the augmentation to merge with chart.js's interface.
  // eslint-disable-next-line @typescript-eslint/no-unused-vars
  interface PluginOptionsByType<TType extends ChartType> {
    bestMarker?: Partial<BestMarkerOptions>;
  }
}

export const bestMarkerPlugin: Plugin<'line', Partial<BestMarkerOptions>> = {
  id: 'bestMarker',
  afterDatasetsDraw(chart, _args, options) {
    const { x, color, label, textColor, font } = options;
    const scale = chart.scales.x;
    if (x === null || x === undefined || !Number.isFinite(x) || !scale || !color) return;
    if (x < scale.min || x > scale.max) return;
    const area = chart.chartArea;
    const px = Math.round(scale.getPixelForValue(x)) + 0.5;
    const ctx = chart.ctx;
    ctx.save();
    ctx.strokeStyle = color;
    ctx.lineWidth = 1;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(px, area.top);
    ctx.lineTo(px, area.bottom);
    ctx.stroke();
    if (label) {
      ctx.setLineDash([]);
      ctx.font = font ?? '11px sans-serif';
      const padding = 4;
      const width = ctx.measureText(label).width + 2 * padding;
      const height = 16;
      // Keep the label inside the plot area: right of the line unless that would overflow.
      const left = px + width + 2 <= area.right ? px + 2 : px - width - 2;
      const top = area.top + 2;
      ctx.fillStyle = color;
      ctx.beginPath();
      ctx.roundRect(left, top, width, height, 3);
      ctx.fill();
      ctx.fillStyle = textColor ?? '#fff';
      ctx.textBaseline = 'middle';
      ctx.fillText(label, left + padding, top + height / 2 + 0.5);
    }
    ctx.restore();
  },
};
