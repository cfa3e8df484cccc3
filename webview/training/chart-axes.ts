/**
 * How the panel's charts read: the hover mode that compares every series at the pointer's x, the x ticks
 * (round multiples, round clock units for wall time), and the y range of a flat series.
 */

import { Interaction } from 'chart.js';
import type { InteractionItem, InteractionModeFunction, Tick } from 'chart.js';
import type { XAxisMode } from './view-settings';

declare module 'chart.js' {
  interface InteractionModeMap {
    nearestEach: InteractionModeFunction;
  }
}

/**
 * Hover mode: in every visible series, the point nearest in x to the pointer (within 48 px), so the
 * tooltip compares all curves at that x like TensorBoard's. chart.js's own modes match by index, which
 * means nothing across series thinned differently.
 */
const nearestEach: InteractionModeFunction = (chart, event) => {
  const items: InteractionItem[] = [];
  const x = event.x;
  if (x === null) return items;
  for (const meta of chart.getSortedVisibleDatasetMetas()) {
    const elements = meta.data;
    let lo = 0;
    let hi = elements.length - 1;
    if (hi < 0) continue;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (elements[mid].x < x) lo = mid + 1;
      else hi = mid;
    }
    let best = lo;
    if (lo > 0 && Math.abs(elements[lo - 1].x - x) <= Math.abs(elements[lo].x - x)) best = lo - 1;
    const element = elements[best];
    if (element && Math.abs(element.x - x) <= 48 && Number.isFinite(element.y))
      items.push({ element, datasetIndex: meta.index, index: best });
  }
  return items;
};

export function registerNearestEachMode(): void {
  Interaction.modes.nearestEach = nearestEach;
}

/** Seconds between wall-time ticks: round clock units. */
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1200, 1800, 3600, 7200, 10800, 21600, 43200, 86400];

/**
 * The x ticks. The charts share x limits that end at the last data point, which is rarely a round
 * number, and chart.js then puts its last tick there (and may drop the round one before it): keep only
 * round multiples of chart.js's spacing instead. Wall time gets ticks on round clock units (every 30 s,
 * 5 min, 1 h…) rather than round numbers of seconds. Steps are whole numbers: on a short range (an
 * empty chart spans 0…1) chart.js spaces ticks 0.2 apart, which the step labels print as `0 0 0 1 1 1`,
 * so step ticks are at least 1 apart.
 */
export function xTicks(mode: XAxisMode, ticks: Tick[], min: number, max: number, width: number): Tick[] {
  if (!(max > min)) return ticks;
  let spacing: number;
  if (mode === 'time') {
    const wanted = Math.max(2, Math.floor(width / 90));
    spacing = TIME_STEPS.find((s) => (max - min) / s <= wanted) ?? Math.ceil((max - min) / wanted / 86400) * 86400;
  } else {
    if (ticks.length < 2) return ticks;
    spacing = ticks[1].value - ticks[0].value;
    if (!(spacing > 0)) return ticks;
    if (mode === 'step') spacing = Math.max(1, spacing);
  }
  const out: Tick[] = [];
  const first = Math.ceil(min / spacing - 1e-9);
  const last = Math.floor(max / spacing + 1e-9);
  for (let k = first; k <= last && out.length < 1000; k++) out.push({ value: Math.round(k * spacing * 1e9) / 1e9 + 0 });
  return out;
}

/**
 * The y range for a linear axis whose data spans [min, max], when the data is flat (a constant learning
 * rate, above all). chart.js would then zoom into float noise around the value and label every tick with
 * the same digits; instead the value sits mid-height on a range from 0 to twice it, as TensorBoard draws
 * a constant. Null when the data is not flat (chart.js's own range is right).
 */
export function flatYRange(min: number, max: number): { min: number; max: number } | null {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return null;
  const magnitude = Math.max(Math.abs(min), Math.abs(max));
  if (max - min > 1e-9 * magnitude && max > min) return null;
  if (magnitude === 0) return { min: -1, max: 1 };
  const value = (min + max) / 2;
  return value > 0 ? { min: 0, max: 2 * value } : { min: 2 * value, max: 0 };
}
