/**
 * The focused unit's chart under the maps, sharing their time axis: the charted signals of its cell
 * (the cell table's `chartColor`: LSTM i, f, o (0…1), c and h; GRU r, z, n, h) over the sequence, one
 * line each, with the 0 and 1 levels marked. A projected h has other units and is left out. The legend and the value axis sit in the
 * left band (drawUnitChartLegend); the lines scroll with the maps (drawUnitChart, the context translated
 * so that x = 0 is step 0 and y = 0 the band's top).
 */

import type { RecordedSignal } from '../../src/protocol/gate-recording';
import type { ThemeColors } from '../shared/theme';
import { withAlpha } from '../shared/theme';
import { BANDS } from './map-layout';
import { unitsOf } from './recording-data';
import type { Scene } from './scene';
import * as l10n from '../shared/l10n';

const PAD_TOP = 22;
const PAD_BOTTOM = 10;

/** The signals charted for a unit of a layer, in the cell's order. */
export function chartSignals(scene: Scene, layer: number): RecordedSignal[] {
  const recorded = scene.recording.gates[layer];
  const units = unitsOf(recorded);
  return recorded.signals.filter((s) => s.chartColor !== null && s.width === units);
}

export function chartColorOf(theme: ThemeColors, signal: RecordedSignal): string {
  return signal.chartColor ? theme[signal.chartColor] : theme.foreground;
}

/** The value range of the chart: at least 0…1 and −1…1 when a signed signal goes below 0; c may widen it. */
export function chartRange(scene: Scene, layer: number, unit: number): [number, number] {
  const { recording } = scene;
  let lo = 0;
  let hi = 1;
  for (const { values, width: H } of chartSignals(scene, layer)) {
    for (let t = 0; t < recording.steps; t++) {
      const v = values[t * H + unit];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
  }
  if (lo < 0) lo = Math.min(lo, -1);
  return [lo, hi];
}

export function drawUnitChart(ctx: CanvasRenderingContext2D, scene: Scene, first: number, last: number): void {
  const focus = scene.focus;
  if (!focus) return;
  const { recording, layout, theme } = scene;
  const w = layout.cellWidth;
  const [lo, hi] = chartRange(scene, focus.layer, focus.unit);
  const height = BANDS.chart - PAD_TOP - PAD_BOTTOM;
  const yOf = (v: number) => PAD_TOP + height - ((v - lo) / (hi - lo)) * height;
  const x0 = first * w;
  const x1 = (last + 1) * w;
  ctx.fillStyle = withAlpha(theme.foreground, 0.04);
  ctx.fillRect(x0, PAD_TOP, x1 - x0, height);
  ctx.strokeStyle = theme.grid;
  ctx.lineWidth = 1;
  ctx.setLineDash([3, 3]);
  for (const level of [0, 1, -1]) {
    if (level < lo || level > hi) continue;
    ctx.beginPath();
    ctx.moveTo(x0, Math.round(yOf(level)) + 0.5);
    ctx.lineTo(x1, Math.round(yOf(level)) + 0.5);
    ctx.stroke();
  }
  ctx.setLineDash([]);
  const hover = scene.hover?.step ?? -1;
  if (hover >= first && hover <= last) {
    ctx.fillStyle = withAlpha(theme.foreground, 0.1);
    ctx.fillRect(hover * w, PAD_TOP, w, height);
  }
  const from = Math.max(0, first - 1);
  const to = Math.min(recording.steps - 1, last + 1);
  ctx.lineWidth = 1.5;
  ctx.lineJoin = 'round';
  for (const signal of chartSignals(scene, focus.layer)) {
    const { values, width: H } = signal;
    ctx.strokeStyle = chartColorOf(theme, signal);
    ctx.beginPath();
    for (let t = from; t <= to; t++) {
      const x = (t + 0.5) * w;
      const y = yOf(values[t * H + focus.unit]);
      if (t === from) ctx.moveTo(x, y);
      else ctx.lineTo(x, y);
    }
    if (from === to) ctx.lineTo((from + 0.5) * w + 1, yOf(values[from * H + focus.unit]));
    ctx.stroke();
  }
}

/** Title, legend and value axis of the chart, in the left band (y = 0 is the band's top). */
export function drawUnitChartLegend(ctx: CanvasRenderingContext2D, scene: Scene, width: number): void {
  const focus = scene.focus;
  if (!focus) return;
  const { theme } = scene;
  const [lo, hi] = chartRange(scene, focus.layer, focus.unit);
  const height = BANDS.chart - PAD_TOP - PAD_BOTTOM;
  const yOf = (v: number) => PAD_TOP + height - ((v - lo) / (hi - lo)) * height;
  ctx.fillStyle = theme.foreground;
  ctx.font = `600 11px ${theme.fontFamily}`;
  ctx.textAlign = 'left';
  ctx.textBaseline = 'middle';
  const recorded = scene.recording.gates[focus.layer];
  const arrow = scene.recording.bidirectional ? (recorded.direction === 'forward' ? '→' : '←') : '';
  ctx.fillText(l10n.t('L{0}{1} · unit {2}', recorded.layer + 1, arrow, focus.unit), 8, 10);
  ctx.font = `11px ${theme.fontFamily}`;
  chartSignals(scene, focus.layer).forEach((signal, k) => {
    const y = PAD_TOP + 8 + k * 16;
    ctx.fillStyle = chartColorOf(theme, signal);
    ctx.fillRect(8, y - 1, 14, 3);
    ctx.fillStyle = theme.foreground;
    ctx.fillText(signal.name, 27, y);
  });
  ctx.fillStyle = theme.descriptionForeground;
  ctx.font = `10px ${theme.fontFamily}`;
  ctx.textAlign = 'right';
  const drawn: number[] = [];
  for (const level of [0, 1, -1, hi, lo]) {
    const y = yOf(level);
    if (level < lo || level > hi || drawn.some((d) => Math.abs(d - y) < 11)) continue;
    drawn.push(y);
    ctx.fillText(formatTick(level), width - 6, y);
  }
}

function formatTick(v: number): string {
  return Number.isInteger(v) ? String(v) : v.toFixed(1);
}
