/**
 * Which units a layer's maps show, in which order: by index, or sorted (largest first) by the variance,
 * the mean or the saturation of one signal over the sequence, optionally cut to the top N. The same order
 * applies to all maps of a layer that have the same width, so a row means the same unit in each. Pure.
 */

import type { SignalRange } from '../../src/protocol/cell-signals';

export type UnitSort = 'index' | 'variance' | 'mean' | 'saturation';

export const UNIT_SORTS: readonly UnitSort[] = ['index', 'variance', 'mean', 'saturation'];

/** Per unit, the mean and the (population) variance over the steps of a `[T, H]` array. */
export function unitMoments(
  values: ArrayLike<number>,
  steps: number,
  units: number,
): { mean: Float64Array; variance: Float64Array } {
  const mean = new Float64Array(units);
  const variance = new Float64Array(units);
  if (steps === 0) return { mean, variance };
  for (let t = 0; t < steps; t++) for (let j = 0; j < units; j++) mean[j] += values[t * units + j];
  for (let j = 0; j < units; j++) mean[j] /= steps;
  for (let t = 0; t < steps; t++) {
    for (let j = 0; j < units; j++) {
      const d = values[t * units + j] - mean[j];
      variance[j] += d * d;
    }
  }
  for (let j = 0; j < units; j++) variance[j] /= steps;
  return { mean, variance };
}

/**
 * Whether a value of a signal is saturated: a sigmoid gate below 0.1 or above 0.9; a tanh output (g, n, h)
 * beyond ±0.9; an unbounded signal (the cell state) where a tanh of it is beyond ±0.9 (|c| > atanh 0.9 ≈
 * 1.47), i.e. where h's tanh saturates.
 */
export function isSaturated(range: SignalRange, x: number): boolean {
  if (range === 'unit') return x < 0.1 || x > 0.9;
  if (range === 'unbounded') return Math.abs(x) > CELL_SATURATION;
  return Math.abs(x) > 0.9;
}

const CELL_SATURATION = Math.atanh(0.9);

/** Per unit, the fraction of steps at which the signal is saturated. */
export function unitSaturation(
  values: ArrayLike<number>,
  steps: number,
  units: number,
  range: SignalRange,
): Float64Array {
  const fraction = new Float64Array(units);
  if (steps === 0) return fraction;
  for (let t = 0; t < steps; t++)
    for (let j = 0; j < units; j++) if (isSaturated(range, values[t * units + j])) fraction[j]++;
  for (let j = 0; j < units; j++) fraction[j] /= steps;
  return fraction;
}

/** The units to show, in order: sorted by `sortBy` of a signal (largest first, ties by index), the first `topN` (0 = all). */
export function unitOrder(
  values: ArrayLike<number>,
  steps: number,
  units: number,
  range: SignalRange,
  sortBy: UnitSort,
  topN = 0,
): Int32Array {
  const order = Array.from({ length: units }, (_, j) => j);
  if (sortBy !== 'index') {
    const key =
      sortBy === 'saturation'
        ? unitSaturation(values, steps, units, range)
        : sortBy === 'mean'
          ? unitMoments(values, steps, units).mean
          : unitMoments(values, steps, units).variance;
    order.sort((a, b) => key[b] - key[a] || a - b);
  }
  const n = topN > 0 ? Math.min(topN, units) : units;
  return Int32Array.from(order.slice(0, n));
}

/** Row of each unit in an order (−1 when the unit is not shown). */
export function rowsOf(order: Int32Array, units: number): Int32Array {
  const rows = new Int32Array(units).fill(-1);
  order.forEach((unit, row) => (rows[unit] = row));
  return rows;
}
