/**
 * Draws the Audio view's canvas: the base picture (titles, waveform outline, spectrogram, CTC alignment
 * with its best path's letters, gate maps, time ticks), drawn once per analysis, size, signal and theme,
 * and over a copy of it the moving parts — the hovered frame's crosshair across every view and the
 * playhead while the recording plays.
 */

import type { AudioAnalysis } from '../../src/protocol/audio-view';
import { domainOf, makeScale, maxAbs, scaleKindOf } from '../gates/color-scales';
import { withAlpha, type ThemeColors } from '../shared/theme';
import { heatmapPixels, spectrogramDomain, themedScale, type HeatmapPixels } from './heatmap-image';
import { LABEL_WIDTH, TITLE_HEIGHT, type AudioLayout, type Band } from './layout';
import { bestPathLetters, displaySymbol } from './readout';
import { formatSeconds, frameSpanX, timeTicks, xOfMs, type TimeAxis } from './time-axis';

export function drawBase(
  ctx: CanvasRenderingContext2D,
  analysis: AudioAnalysis,
  layout: AudioLayout,
  signal: string,
  theme: ThemeColors,
  width: number,
): void {
  ctx.fillStyle = theme.background;
  ctx.fillRect(0, 0, width, layout.height);
  ctx.textBaseline = 'alphabetic';
  for (const band of layout.bands) {
    const titleTop = band.kind === 'alignment' && layout.letters ? layout.letters.top : band.top;
    ctx.font = `600 ${theme.fontSize - 1}px ${theme.fontFamily}`;
    ctx.fillStyle = theme.foreground;
    ctx.textAlign = 'left';
    ctx.fillText(band.title, 4, titleTop - 6);
    switch (band.kind) {
      case 'waveform':
        drawWaveform(ctx, analysis, layout.axis, band, theme);
        break;
      case 'spectrogram':
        drawSpectrogram(ctx, analysis, layout.axis, band, theme);
        break;
      case 'alignment':
        drawAlignment(ctx, analysis, layout, band, theme);
        break;
      case 'gates':
        drawGateMap(ctx, analysis, layout.axis, band, signal, theme);
        break;
    }
  }
  drawTicks(ctx, layout, theme);
}

function drawWaveform(
  ctx: CanvasRenderingContext2D,
  analysis: AudioAnalysis,
  axis: TimeAxis,
  band: Band,
  theme: ThemeColors,
) {
  const { min, max } = analysis.waveform;
  const middle = band.top + band.height / 2;
  const half = band.height / 2 - 1;
  ctx.strokeStyle = theme.grid;
  ctx.beginPath();
  ctx.moveTo(axis.left, middle + 0.5);
  ctx.lineTo(axis.left + axis.width, middle + 0.5);
  ctx.stroke();
  const buckets = min.length;
  if (buckets === 0) return;
  const durationMs = analysis.durationSeconds * 1000;
  const x0 = axis.left;
  const x1 = Math.min(axis.left + axis.width, xOfMs(axis, durationMs));
  ctx.fillStyle = theme.blue;
  // One column per pixel: the outline of every bucket the pixel covers.
  for (let x = Math.floor(x0); x < x1; x++) {
    const first = Math.floor(((x - x0) / (x1 - x0)) * buckets);
    const last = Math.max(first, Math.min(buckets - 1, Math.ceil(((x + 1 - x0) / (x1 - x0)) * buckets) - 1));
    let low = 0;
    let high = 0;
    for (let b = first; b <= last; b++) {
      if (min[b] < low) low = min[b];
      if (max[b] > high) high = max[b];
    }
    const top = middle - Math.min(1, high) * half;
    const bottom = middle - Math.max(-1, low) * half;
    ctx.fillRect(x, top, 1, Math.max(1, bottom - top));
  }
  rowLabel(ctx, theme, '+1', band.top + 8);
  rowLabel(ctx, theme, '−1', band.top + band.height - 2);
}

function drawSpectrogram(
  ctx: CanvasRenderingContext2D,
  analysis: AudioAnalysis,
  axis: TimeAxis,
  band: Band,
  theme: ThemeColors,
) {
  const { frames, bands, values, frameMs } = analysis.spectrogram;
  const [min, max] = spectrogramDomain(values);
  const scale = themedScale([theme.background, theme.blue, theme.foreground], min, max);
  drawPixels(ctx, heatmapPixels(values, frames, bands, scale, 'bottom-up'), axis, band, frames * frameMs);
  rowLabel(ctx, theme, 'high', band.top + 10);
  rowLabel(ctx, theme, 'low', band.top + band.height - 2);
}

function drawAlignment(
  ctx: CanvasRenderingContext2D,
  analysis: AudioAnalysis,
  layout: AudioLayout,
  band: Band,
  theme: ThemeColors,
) {
  const alignment = analysis.alignment!;
  const axis = layout.axis;
  const S = alignment.symbols.length;
  const scale = themedScale([theme.background, theme.purple, theme.foreground], 0, 1);
  drawPixels(
    ctx,
    heatmapPixels(alignment.probabilities, alignment.frames, S, scale, 'top-down'),
    axis,
    band,
    alignment.frames * analysis.modelFrameMs,
  );
  if (band.rowHeight >= 7) {
    ctx.font = `${Math.min(band.rowHeight, theme.fontSize - 2)}px ${theme.fontFamily}`;
    for (let s = 0; s < S; s++)
      rowLabel(ctx, theme, displaySymbol(alignment.symbols[s], s), band.top + (s + 1) * band.rowHeight - 1, true);
  }
  if (!layout.letters) return;
  // The best path's letters, each over the frame where it begins.
  ctx.font = `600 ${theme.fontSize}px ${theme.fontFamily}`;
  ctx.fillStyle = theme.foreground;
  ctx.textAlign = 'center';
  for (const letter of bestPathLetters(alignment)) {
    const { x0, x1 } = frameSpanX(axis, letter.frame);
    ctx.fillText(letter.symbol, (x0 + x1) / 2, layout.letters.top + layout.letters.height - 4);
  }
  ctx.textAlign = 'left';
}

function drawGateMap(
  ctx: CanvasRenderingContext2D,
  analysis: AudioAnalysis,
  axis: TimeAxis,
  band: Band,
  signal: string,
  theme: ThemeColors,
) {
  const layer = analysis.gates.gates[band.gateIndex!];
  const recorded = layer.signals.find((s) => s.name === signal) ?? layer.signals.at(-1)!;
  const [min, max] = domainOf(recorded.range, maxAbs(recorded.values));
  const scale = makeScale(
    scaleKindOf(recorded.range),
    { background: theme.background, positive: theme.blue, negative: theme.orange },
    min,
    max,
  );
  const T = analysis.gates.steps;
  drawPixels(
    ctx,
    heatmapPixels(recorded.values, T, recorded.width, scale, 'top-down'),
    axis,
    band,
    T * analysis.modelFrameMs,
  );
  rowLabel(ctx, theme, `L${layer.layer + 1} ${layer.direction === 'forward' ? '→' : '←'}`, band.top + 12);
  rowLabel(ctx, theme, `${recorded.width}`, band.top + band.height - 2);
}

/** A heatmap's pixels stretched over its time span [0, spanMs) of the axis and the band's height. */
function drawPixels(ctx: CanvasRenderingContext2D, image: HeatmapPixels, axis: TimeAxis, band: Band, spanMs: number) {
  if (image.width === 0 || image.height === 0) return;
  const source = document.createElement('canvas');
  source.width = image.width;
  source.height = image.height;
  const data = new ImageData(new Uint8ClampedArray(image.pixels.buffer), image.width, image.height);
  source.getContext('2d')!.putImageData(data, 0, 0);
  ctx.imageSmoothingEnabled = false;
  const x0 = xOfMs(axis, 0);
  ctx.drawImage(source, x0, band.top, xOfMs(axis, spanMs) - x0, band.height);
}

function rowLabel(ctx: CanvasRenderingContext2D, theme: ThemeColors, text: string, baseline: number, keepFont = false) {
  if (!keepFont) ctx.font = `${theme.fontSize - 2}px ${theme.fontFamily}`;
  ctx.fillStyle = theme.descriptionForeground;
  ctx.textAlign = 'right';
  ctx.fillText(text, LABEL_WIDTH - 6, baseline);
  ctx.textAlign = 'left';
}

function drawTicks(ctx: CanvasRenderingContext2D, layout: AudioLayout, theme: ThemeColors) {
  const { axis, ticksTop } = layout;
  ctx.strokeStyle = theme.chartLines;
  ctx.fillStyle = theme.descriptionForeground;
  ctx.font = `${theme.fontSize - 2}px ${theme.fontFamily}`;
  ctx.textAlign = 'center';
  ctx.beginPath();
  ctx.moveTo(axis.left, ticksTop + 0.5);
  ctx.lineTo(axis.left + axis.width, ticksTop + 0.5);
  for (const ms of timeTicks(axis)) {
    const x = Math.round(xOfMs(axis, ms)) + 0.5;
    ctx.moveTo(x, ticksTop);
    ctx.lineTo(x, ticksTop + 4);
    ctx.fillText(formatSeconds(ms), x, ticksTop + 16);
  }
  ctx.stroke();
  ctx.textAlign = 'left';
}

/** The moving parts over the base: the frame under the pointer (a band across every view) and the playhead. */
export function drawOverlay(
  ctx: CanvasRenderingContext2D,
  layout: AudioLayout,
  frame: number | null,
  playheadMs: number | null,
  theme: ThemeColors,
): void {
  const first = layout.bands[0];
  const top = first ? first.top - TITLE_HEIGHT + 4 : 0;
  const bottom = layout.ticksTop;
  if (frame !== null) {
    const { x0, x1 } = frameSpanX(layout.axis, frame);
    ctx.fillStyle = withAlpha(theme.foreground, 0.18);
    ctx.fillRect(x0, top, Math.max(1, x1 - x0), bottom - top);
    ctx.strokeStyle = theme.foreground;
    ctx.lineWidth = 1;
    ctx.beginPath();
    const x = Math.round((x0 + x1) / 2) + 0.5;
    for (const band of layout.bands) {
      ctx.moveTo(x, band.top);
      ctx.lineTo(x, band.top + band.height);
    }
    ctx.stroke();
  }
  if (playheadMs !== null) {
    const x = Math.round(xOfMs(layout.axis, playheadMs)) + 0.5;
    ctx.strokeStyle = theme.red;
    ctx.lineWidth = 2;
    ctx.beginPath();
    ctx.moveTo(x, top);
    ctx.lineTo(x, bottom);
    ctx.stroke();
    ctx.lineWidth = 1;
  }
}
