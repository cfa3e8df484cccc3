/**
 * A histogram as a sparkline: one bar per bin, heights on a square-root scale (so a bin with a few
 * values next to one with thousands still shows), in the theme's chart colour. A canvas with its size
 * from CSS and its pixels at the device's ratio.
 */

import { element } from '../shared/dom';
import type { ThemeColors } from '../shared/theme';

export const SPARKLINE_WIDTH = 84;
export const SPARKLINE_HEIGHT = 20;

export function createSparkline(
  histogram: readonly number[],
  theme: ThemeColors,
  description: string,
): HTMLCanvasElement {
  const canvas = element('canvas', { className: 'sparkline', attrs: { role: 'img', 'aria-label': description } });
  drawSparkline(canvas, histogram, theme);
  return canvas;
}

export function drawSparkline(
  canvas: HTMLCanvasElement,
  histogram: readonly number[],
  theme: ThemeColors,
  width = SPARKLINE_WIDTH,
  height = SPARKLINE_HEIGHT,
): void {
  const ratio = window.devicePixelRatio || 1;
  canvas.width = Math.round(width * ratio);
  canvas.height = Math.round(height * ratio);
  canvas.dataset.histogram = histogram.join(',');
  const context = canvas.getContext('2d');
  if (!context) return;
  context.setTransform(ratio, 0, 0, ratio, 0, 0);
  context.clearRect(0, 0, width, height);
  const peak = Math.max(0, ...histogram);
  if (peak === 0 || histogram.length === 0) return;
  const barWidth = width / histogram.length;
  context.fillStyle = theme.blue;
  histogram.forEach((count, k) => {
    if (count === 0) return;
    const barHeight = Math.max(1, Math.sqrt(count / peak) * (height - 1));
    context.fillRect(k * barWidth + 0.5, height - barHeight, Math.max(1, barWidth - 1), barHeight);
  });
  context.fillStyle = theme.chartLines;
  context.fillRect(0, height - 1, width, 1);
}

/** Redraws every sparkline under `root` (after a theme change): each keeps its counts in `data-histogram`. */
export function redrawSparklines(root: ParentNode, theme: ThemeColors): void {
  root.querySelectorAll<HTMLCanvasElement>('canvas.sparkline').forEach((canvas) => {
    const counts = (canvas.dataset.histogram ?? '').split(',').filter(Boolean).map(Number);
    drawSparkline(canvas, counts, theme);
  });
}
