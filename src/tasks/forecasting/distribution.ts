/**
 * What a forecaster predicts per value: a point (`mse`), a Gaussian (`gaussian-nll`: μ and a raw scale,
 * σ = softplus(raw) + SCALE_FLOOR, src/engine/distribution-losses.ts) or quantiles (`quantile`: one value
 * per level, pinball loss). The head's output per window is `[horizon, targets, P]` flattened, in
 * normalised units, with P = 1, 2 or the number of levels.
 *
 * The nominal interval is the central 80 %: μ ± 1.2816σ for a Gaussian, the 0.1 and 0.9 quantiles
 * otherwise. Levels need not include 0.1, 0.5 and 0.9, but must span 0.1…0.9: the median and the
 * interval's ends between two levels are interpolated linearly. Predicted quantiles that cross (a lower
 * level above a higher one) are sorted first, the monotone rearrangement that only lowers the pinball loss.
 */

import type { LossKind, ModelConfig } from '../../engine/config';
import { gaussianScale } from '../../engine/distribution-losses';

export type DistributionKind = 'point' | 'gaussian' | 'quantile';
export const DISTRIBUTION_KINDS: readonly DistributionKind[] = ['point', 'gaussian', 'quantile'];
export const DEFAULT_QUANTILES: readonly number[] = [0.1, 0.5, 0.9];
/** The nominal coverage of the interval every forecast and metric uses. */
export const INTERVAL_LEVEL = 0.8;
const INTERVAL_LOW = 0.1;
const INTERVAL_HIGH = 0.9;
/** Φ⁻¹(0.9): a Gaussian's 0.1 and 0.9 quantiles are μ ∓ this × σ. */
export const Z_90 = 1.2815515655446004;

export interface Distribution {
  kind: DistributionKind;
  loss: LossKind;
  /** Head outputs per predicted value (P). */
  paramsPerValue: number;
  /** The levels of a quantile head, ascending. */
  quantiles?: number[];
}

export interface DistributionOptions {
  distribution?: DistributionKind;
  /** Levels of a quantile head (default 0.1, 0.5, 0.9); ignored by the other kinds. */
  quantiles?: readonly number[];
}

/** The loss and head width of a choice; throws a one-line message naming what is wrong. */
export function distributionOf(options: DistributionOptions): Distribution {
  const kind = options.distribution ?? 'point';
  switch (kind) {
    case 'point':
      return { kind, loss: 'mse', paramsPerValue: 1 };
    case 'gaussian':
      return { kind, loss: 'gaussian-nll', paramsPerValue: 2 };
    case 'quantile': {
      const quantiles = [...(options.quantiles ?? DEFAULT_QUANTILES)];
      const problem = quantileLevelsProblem(quantiles);
      if (problem) throw new Error(problem);
      return { kind, loss: 'quantile', paramsPerValue: quantiles.length, quantiles };
    }
    default:
      throw new Error(`unknown distribution '${String(kind)}' (point, gaussian or quantile)`);
  }
}

/** The distribution a model's config trained (a checkpoint's `loss` and `quantiles`). */
export function distributionOfConfig(config: Pick<ModelConfig, 'loss' | 'quantiles'>): Distribution {
  if (config.loss === 'gaussian-nll') return distributionOf({ distribution: 'gaussian' });
  if (config.loss === 'quantile') return distributionOf({ distribution: 'quantile', quantiles: config.quantiles });
  return distributionOf({ distribution: 'point' });
}

/** Why quantile levels cannot be used, or null: ascending in (0, 1), spanning 0.1…0.9. */
export function quantileLevelsProblem(levels: readonly number[]): string | null {
  if (levels.length === 0) return 'quantiles: give at least two levels';
  for (let q = 0; q < levels.length; q++) {
    const level = levels[q];
    if (!(typeof level === 'number' && level > 0 && level < 1))
      return `quantiles: ${String(level)} is not a level in (0, 1)`;
    if (q > 0 && !(level > levels[q - 1]))
      return `quantiles: levels must be ascending, ${level} follows ${levels[q - 1]}`;
  }
  if (levels[0] > INTERVAL_LOW || levels[levels.length - 1] < INTERVAL_HIGH)
    return `quantiles: the levels must span ${INTERVAL_LOW}…${INTERVAL_HIGH} to give the 80 % interval, got ${levels.join(', ')}`;
  return null;
}

/** A correction of each value's spread (an interval calibration, calibration.ts). */
export interface ValueCorrection {
  /** A Gaussian's σ multiplier for value k (h · targets + t) of a window. */
  scale(value: number): number;
  /** Corrects value k's quantiles, `sorted[0…Q)` ascending, in place; they stay ascending. */
  widen(value: number, sorted: Float64Array, Q: number): void;
}

/** The sizes of a forecaster's raw output. */
export interface ForecastLayout {
  horizon: number;
  targets: number;
  distribution: Distribution;
}

export interface DecodedForecast {
  /** `[step][target]`: the point forecast, the median of a distribution. */
  median: number[][];
  /** `values[step][target][q]` at `levels[q]`; null for a point forecaster. */
  quantiles: { levels: number[]; values: number[][][] } | null;
  /** The central interval (`level` 0.8: 10 %–90 %), `[step][target]`; null for a point forecaster. */
  interval: { level: number; lower: number[][]; upper: number[][] } | null;
}

/**
 * One window's raw head output `[horizon, targets, P]` → median, quantiles and interval, in the same
 * (normalised) units: the caller denormalises. A Gaussian's quantiles are given at 0.1, 0.5 and 0.9.
 */
export function decodeForecast(
  raw: ArrayLike<number>,
  layout: ForecastLayout,
  calibration: ValueCorrection | null = null,
): DecodedForecast {
  const { horizon, targets, distribution } = layout;
  const P = distribution.paramsPerValue;
  if (raw.length !== horizon * targets * P)
    throw new Error(
      `forecast: expected ${horizon * targets * P} outputs (${horizon} × ${targets} × ${P}), got ${raw.length}`,
    );
  const median: number[][] = [];
  if (distribution.kind === 'point') {
    for (let h = 0; h < horizon; h++) median.push(Array.from({ length: targets }, (_, t) => raw[h * targets + t]));
    return { median, quantiles: null, interval: null };
  }
  const levels = distribution.kind === 'gaussian' ? [...DEFAULT_QUANTILES] : distribution.quantiles!;
  const values: number[][][] = [];
  const lower: number[][] = [];
  const upper: number[][] = [];
  const scratch = new Float64Array(P);
  const summary = new Float64Array(3);
  for (let h = 0; h < horizon; h++) {
    const stepValues: number[][] = [];
    const stepMedian: number[] = [];
    const stepLower: number[] = [];
    const stepUpper: number[] = [];
    for (let t = 0; t < targets; t++) {
      const offset = (h * targets + t) * P;
      summarizeValue(raw, offset, distribution, scratch, summary, calibration, h * targets + t);
      stepMedian.push(summary[0]);
      stepLower.push(summary[1]);
      stepUpper.push(summary[2]);
      if (distribution.kind === 'gaussian') {
        stepValues.push([summary[1], summary[0], summary[2]]);
      } else stepValues.push(Array.from(scratch));
    }
    median.push(stepMedian);
    lower.push(stepLower);
    upper.push(stepUpper);
    values.push(stepValues);
  }
  return { median, quantiles: { levels, values }, interval: { level: INTERVAL_LEVEL, lower, upper } };
}

/**
 * One value's parameters at `raw[offset…offset+P)` → `out` = [median, lower, upper] of the 80 % interval.
 * A quantile head's values are left sorted in `scratch` (P long). With a `calibration` (fitted on
 * validation windows, calibration.ts), value `value` of the window (h · targets + t) is corrected: a
 * Gaussian's σ scaled, the quantiles widened and kept ascending. No allocation: the metrics call it per
 * value.
 */
export function summarizeValue(
  raw: ArrayLike<number>,
  offset: number,
  distribution: Distribution,
  scratch: Float64Array,
  out: Float64Array,
  calibration: ValueCorrection | null = null,
  value = 0,
): void {
  if (distribution.kind === 'point') {
    out[0] = out[1] = out[2] = raw[offset];
    return;
  }
  if (distribution.kind === 'gaussian') {
    const mean = raw[offset];
    const sigma = gaussianScale(raw[offset + 1]) * (calibration ? calibration.scale(value) : 1);
    out[0] = mean;
    out[1] = mean - Z_90 * sigma;
    out[2] = mean + Z_90 * sigma;
    return;
  }
  const levels = distribution.quantiles!;
  const Q = levels.length;
  for (let q = 0; q < Q; q++) scratch[q] = raw[offset + q];
  sortAscending(scratch, Q);
  // The point forecast is the head's own median; a calibration corrects the spread only.
  out[0] = interpolateQuantile(levels, scratch, 0.5);
  if (calibration) calibration.widen(value, scratch, Q);
  out[1] = interpolateQuantile(levels, scratch, INTERVAL_LOW);
  out[2] = interpolateQuantile(levels, scratch, INTERVAL_HIGH);
}

/** The value at `level` on the piecewise-linear curve through (levels[q], values[q]); levels span it. */
export function interpolateQuantile(levels: readonly number[], values: ArrayLike<number>, level: number): number {
  const Q = levels.length;
  if (level <= levels[0]) return values[0];
  for (let q = 1; q < Q; q++) {
    if (level <= levels[q]) {
      const share = (level - levels[q - 1]) / (levels[q] - levels[q - 1]);
      return values[q - 1] + share * (values[q] - values[q - 1]);
    }
  }
  return values[Q - 1];
}

/** Sorts `values[0…n)` ascending in place. Insertion sort: a handful of levels, and no allocation. */
export function sortAscending(values: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = values[i];
    let j = i - 1;
    while (j >= 0 && values[j] > v) {
      values[j + 1] = values[j];
      j--;
    }
    values[j + 1] = v;
  }
}
