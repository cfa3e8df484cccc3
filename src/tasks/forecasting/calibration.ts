/**
 * Calibrating a forecaster's intervals on validation windows (split conformal prediction: Vovk, Gammerman
 * & Shafer 2005; Lei et al. 2018; for quantile heads conformalized quantile regression, Romano, Patterson &
 * Candès 2019). A head trained by NLL or pinball loss fits its spread to the training windows, where it
 * errs less than on data it has not seen, so its nominal 80 % interval covers less; a correction fitted on
 * held-out windows puts the coverage back near its level.
 *
 * Per value of a window (horizon step h, target t; steps pooled into buckets when there are few windows):
 * - a Gaussian: σ is multiplied by s = q̂ / Φ⁻¹(0.9), q̂ the conformal 0.8-quantile of |y − μ| / σ, so
 *   μ ± Φ⁻¹(0.9)·s·σ covers 80 % of the calibration values (every quantile and the CRPS use s·σ);
 * - quantiles: each level pair (the p-th lowest and p-th highest level, nominal coverage their difference)
 *   is widened by c, the conformal quantile at that coverage of max(q_lo − y, y − q_hi): q_lo − c, q_hi + c
 *   (c < 0 narrows). Values are in normalised units, so c scales with each series' own spread. The
 *   corrected quantiles are sorted again (monotone rearrangement), so they never cross.
 *
 * The point forecast (μ, or the median interpolated from the head's own quantiles) is never changed.
 *
 * The conformal quantile of n scores at level L is the ⌈(n + 1)L⌉-th smallest (the largest when that
 * exceeds n: too few windows to bound it better). A checkpoint stores the corrections as
 * `dataset.forecastCalibration` (ForecastCalibrationJSON, src/data/dataset-metadata.ts); without it there
 * is no correction, as in every checkpoint before it.
 */

import type { DatasetMetadata, ForecastCalibrationJSON } from '../../data/dataset-metadata';
import type { ModelConfig } from '../../engine/config';
import type { Batch } from '../../engine/batch';
import { gaussianScale } from '../../engine/distribution-losses';
export type { ForecastCalibrationJSON };
import {
  distributionOfConfig,
  INTERVAL_LEVEL,
  sortAscending,
  Z_90,
  type Distribution,
  type ValueCorrection,
} from './distribution';

/** Fewest scores a correction is fitted from before horizon steps are pooled into buckets. */
const MIN_SCORES_PER_CORRECTION = 50;
/** The smallest σ multiplier: a correction never makes σ vanish (CRPS divides by it). */
const MIN_SCALE = 1e-3;

/**
 * Level pairs of a quantile head: the p-th lowest with the p-th highest, outermost first, while they lie
 * on either side of 0.5 (a level at 0.5 is the median, never widened). Levels spanning 0.1…0.9 have one
 * at least.
 */
export function levelPairs(levels: readonly number[]): { low: number; high: number; coverage: number }[] {
  const Q = levels.length;
  const pairs = [];
  for (let p = 0; p < Math.floor(Q / 2) && levels[p] < 0.5 && levels[Q - 1 - p] > 0.5; p++)
    pairs.push({ low: p, high: Q - 1 - p, coverage: levels[Q - 1 - p] - levels[p] });
  return pairs;
}

/** The conformal quantile at `level` of scores sorted ascending (see the module comment); NaN for none. */
export function conformalQuantile(sorted: ArrayLike<number>, level: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const rank = Math.min(n, Math.max(1, Math.ceil((n + 1) * level)));
  return sorted[rank - 1];
}

/** A stored calibration, checked against the model, applied value by value (no allocation). */
export class IntervalCalibration implements ValueCorrection {
  private readonly pairs: number;

  private constructor(
    private readonly distribution: Distribution,
    private readonly corrections: readonly number[],
  ) {
    this.pairs = distribution.kind === 'quantile' ? levelPairs(distribution.quantiles!).length : 1;
  }

  /** The calibration of a checkpoint, or null without one (or for a point forecaster). Throws when it does not fit. */
  static of(
    json: ForecastCalibrationJSON | undefined,
    distribution: Distribution,
    values: number,
  ): IntervalCalibration | null {
    if (!json || distribution.kind === 'point') return null;
    const problem = calibrationProblem(json, distribution, values);
    if (problem) throw new Error(problem);
    return new IntervalCalibration(distribution, json.corrections);
  }

  /** A Gaussian's σ multiplier for value k of a window. */
  scale(value: number): number {
    return this.corrections[value];
  }

  /** Widens value k's quantiles, `sorted[0…Q)` ascending, in place; they stay ascending. */
  widen(value: number, sorted: Float64Array, Q: number): void {
    for (let p = 0; p < this.pairs; p++) {
      const c = this.corrections[value * this.pairs + p];
      sorted[p] -= c;
      sorted[Q - 1 - p] += c;
    }
    sortAscending(sorted, Q);
  }

  get kind(): Distribution['kind'] {
    return this.distribution.kind;
  }
}

/** Why a stored calibration does not fit a model of `values` outputs (horizon × targets), or null. */
export function calibrationProblem(json: unknown, distribution: Distribution, values: number): string | null {
  const c = json as ForecastCalibrationJSON;
  if (c === null || typeof c !== 'object') return 'forecastCalibration: expected an object';
  const expected = distribution.kind === 'gaussian' ? 'gaussian-scale' : 'quantile-widening';
  if (c.kind !== expected)
    return `forecastCalibration: a ${distribution.kind} head needs a '${expected}' calibration, got '${String(c.kind)}'`;
  const pairs = distribution.kind === 'quantile' ? levelPairs(distribution.quantiles!).length : 1;
  if (
    !Array.isArray(c.corrections) ||
    c.corrections.length !== values * pairs ||
    !c.corrections.every((x) => typeof x === 'number' && Number.isFinite(x))
  )
    return `forecastCalibration: expected ${values * pairs} finite corrections`;
  if (distribution.kind === 'gaussian' && !c.corrections.every((s) => s > 0))
    return 'forecastCalibration: a scale multiplier must be positive';
  return null;
}

/**
 * Collects each validation value's nonconformity score from the head's raw output and fits the
 * corrections (see the module comment). `values` = horizon × targets.
 */
export class CalibrationFitter {
  private readonly scores: number[][];
  private readonly pairs: { low: number; high: number; coverage: number }[];
  private readonly scratch: Float64Array;
  private windows = 0;

  constructor(
    private readonly distribution: Distribution,
    private readonly horizon: number,
    private readonly targets: number,
  ) {
    if (distribution.kind === 'point') throw new Error('a point forecaster has no interval to calibrate');
    this.pairs = distribution.kind === 'quantile' ? levelPairs(distribution.quantiles!) : [];
    const cells = horizon * targets * Math.max(1, this.pairs.length);
    this.scores = Array.from({ length: cells }, () => []);
    this.scratch = new Float64Array(distribution.paramsPerValue);
  }

  // output (B, V, P) ← the head; targets (B, V), V = horizon × targets, both in normalised units.
  add(batch: Batch, output: ArrayLike<number>): void {
    const V = this.horizon * this.targets;
    const P = this.distribution.paramsPerValue;
    const actuals = batch.targets!;
    for (let b = 0; b < batch.batchSize; b++) {
      for (let k = 0; k < V; k++) {
        const offset = (b * V + k) * P;
        const y = actuals[b * V + k];
        if (this.distribution.kind === 'gaussian') {
          this.scores[k].push(Math.abs(y - output[offset]) / gaussianScale(output[offset + 1]));
          continue;
        }
        const Q = P;
        for (let q = 0; q < Q; q++) this.scratch[q] = output[offset + q];
        sortAscending(this.scratch, Q);
        for (let p = 0; p < this.pairs.length; p++) {
          const { low, high } = this.pairs[p];
          this.scores[k * this.pairs.length + p].push(Math.max(this.scratch[low] - y, y - this.scratch[high]));
        }
      }
    }
    this.windows += batch.batchSize;
  }

  /** The fitted corrections, or null when no window was seen. */
  finish(): ForecastCalibrationJSON | null {
    if (this.windows === 0) return null;
    const { horizon, targets } = this;
    const pairs = Math.max(1, this.pairs.length);
    const bucket = Math.min(horizon, Math.max(1, Math.ceil(MIN_SCORES_PER_CORRECTION / this.windows)));
    const corrections = new Array<number>(horizon * targets * pairs);
    for (let first = 0; first < horizon; first += bucket) {
      const last = Math.min(horizon, first + bucket);
      for (let t = 0; t < targets; t++) {
        for (let p = 0; p < pairs; p++) {
          const pooled: number[] = [];
          for (let h = first; h < last; h++) pooled.push(...this.scores[(h * targets + t) * pairs + p]);
          pooled.sort((a, b) => a - b);
          const correction = this.correctionOf(pooled, p);
          for (let h = first; h < last; h++) corrections[(h * targets + t) * pairs + p] = correction;
        }
      }
    }
    return {
      kind: this.distribution.kind === 'gaussian' ? 'gaussian-scale' : 'quantile-widening',
      windows: this.windows,
      bucket,
      corrections,
    };
  }

  private correctionOf(sorted: number[], pair: number): number {
    if (this.distribution.kind === 'gaussian')
      return Math.max(MIN_SCALE, conformalQuantile(sorted, INTERVAL_LEVEL) / Z_90);
    return conformalQuantile(sorted, this.pairs[pair].coverage);
  }
}

/**
 * The task's `calibrate`: `dataset` with the calibration fitted on `batches` (validation windows) for a
 * distribution head; a point forecaster's (or one with no window) without any.
 */
export function calibrateForecaster(
  dataset: DatasetMetadata,
  model: {
    config: Pick<ModelConfig, 'loss' | 'quantiles' | 'outputSize'>;
    forward(batch: Batch): { output: ArrayLike<number> };
  },
  batches: Iterable<Batch>,
): DatasetMetadata {
  const { forecastCalibration: _previous, ...base } = dataset;
  const distribution = distributionOfConfig(model.config);
  if (distribution.kind === 'point') return base;
  const fitter = new CalibrationFitter(distribution, dataset.horizon ?? 1, dataset.columns.targets?.length ?? 1);
  for (const batch of batches) fitter.add(batch, model.forward(batch).output);
  const fitted = fitter.finish();
  return fitted ? { ...base, forecastCalibration: fitted } : base;
}
