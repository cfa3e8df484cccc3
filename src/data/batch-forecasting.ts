/**
 * Forecasting batches: `window` past rows of every feature column (normalised) as features `[B, W, D]`,
 * and the next `horizon` values of each target column as targets `[B, horizon × targets]` (step-major:
 * all targets of the next row, then of the row after). Windows never mix the parts: a training window's
 * targets lie in the training rows; a validation window may read the last training rows as history,
 * but its targets lie in the validation rows.
 */

import type { Random } from '../engine/random';
import { timeLabel } from './calendar-features';
import { ExampleOrder } from './example-order';
import { checkBatchArguments, type TargetBatch, type TrainBatcher } from './batcher';
import type { ValidationUnits } from './validation-sample';

export interface NormalizedSeries {
  /** Normalised values `[rows, columns]`, row-major. */
  values: Float32Array;
  rows: number;
  columns: number;
  /** Column index of each target. */
  targetIndices: readonly number[];
  /** Future rows predicted per window (1 = the next row). */
  horizon: number;
}

export class ForecastBatcher implements TrainBatcher {
  readonly examplesPerEpoch: number;
  readonly batchesPerEpoch: number;
  private readonly starts: ExampleOrder;
  private readonly features: Float32Array;
  private readonly targets: Float32Array;

  constructor(
    private readonly series: NormalizedSeries,
    /** Rows `[0, trainRows)` are the training part. */
    trainRows: number,
    readonly batchSize: number,
    private readonly window: number,
    random: Random,
  ) {
    checkBatchArguments(batchSize, window, 'window');
    const count = trainRows - window - series.horizon + 1;
    if (count < 1) {
      throw new Error(
        `the training part has ${trainRows} rows, too few for a window of ${window} plus ${series.horizon} row(s) ahead; use a window of at most ${trainRows - series.horizon} or more data`,
      );
    }
    // Window s starts at row s.
    this.starts = new ExampleOrder(
      Int32Array.from({ length: count }, (_, s) => s),
      random,
    );
    this.examplesPerEpoch = count;
    this.batchesPerEpoch = Math.ceil(count / batchSize);
    this.features = new Float32Array(batchSize * window * series.columns);
    this.targets = new Float32Array(batchSize * series.horizon * series.targetIndices.length);
  }

  startEpoch(): void {
    this.starts.startEpoch();
  }

  nextBatch(): TargetBatch | null {
    const starts = this.starts.next(this.batchSize);
    return starts && fillBatch(this.series, starts, this.window, this.features, this.targets);
  }
}

/** Validation windows in time order: targets in rows `[trainRows, rows)`, history from anywhere before. */
export function forecastValidationBatches(
  series: NormalizedSeries,
  trainRows: number,
  batchSize: number,
  window: number,
): TargetBatch[] {
  checkBatchArguments(batchSize, window, 'window');
  const first = Math.max(0, trainRows - window);
  const last = series.rows - window - series.horizon;
  const batches: TargetBatch[] = [];
  for (let s = first; s <= last; s += batchSize) {
    const B = Math.min(batchSize, last - s + 1);
    const starts = new Int32Array(B);
    for (let b = 0; b < B; b++) starts[b] = s + b;
    const features = new Float32Array(B * window * series.columns);
    const targets = new Float32Array(B * series.horizon * series.targetIndices.length);
    batches.push(fillBatch(series, starts, window, features, targets));
  }
  return batches;
}

/**
 * The validation windows as units: unit u is the window starting at row `max(0, trainRows − window) + u`
 * (the u-th window of `forecastValidationBatches`); any ascending choice of them streams one batch at a
 * time into arrays allocated once. No units when `trainRows` leaves no validation rows.
 */
/** `times`: each row's date (UTC ms, NaN when not ISO-like), which labels a window by its first forecast row. */
export function forecastValidationUnits(
  series: NormalizedSeries,
  trainRows: number,
  window: number,
  times?: Float64Array,
): ValidationUnits {
  checkBatchArguments(1, window, 'window');
  const first = Math.max(0, trainRows - window);
  const last = series.rows - window - series.horizon;
  const count = trainRows >= series.rows ? 0 : Math.max(0, last - first + 1);
  return {
    unit: 'windows',
    count,
    batches: (batchSize, chosen) => windowStream(series, first, count, chosen, batchSize, window),
    ...(times ? { originLabel: (unit: number) => timeLabel(times[first + unit + window]) } : {}),
  };
}

function* windowStream(
  series: NormalizedSeries,
  first: number,
  count: number,
  chosen: Int32Array | null,
  batchSize: number,
  window: number,
): Generator<TargetBatch, void, undefined> {
  checkBatchArguments(batchSize, window, 'window');
  const windows = chosen === null ? count : chosen.length;
  if (windows < 1) return;
  const full = Math.min(batchSize, windows);
  const starts = new Int32Array(full);
  const features = new Float32Array(full * window * series.columns);
  const targets = new Float32Array(full * series.horizon * series.targetIndices.length);
  for (let at = 0; at < windows; at += batchSize) {
    const B = Math.min(batchSize, windows - at);
    for (let b = 0; b < B; b++) starts[b] = first + (chosen === null ? at + b : chosen[at + b]);
    yield fillBatch(series, starts.subarray(0, B), window, features, targets);
  }
}

function fillBatch(
  series: NormalizedSeries,
  starts: Int32Array,
  W: number,
  features: Float32Array,
  targets: Float32Array,
): TargetBatch {
  const B = starts.length;
  const D = series.columns;
  const K = series.targetIndices.length;
  const H = series.horizon;
  for (let b = 0; b < B; b++) {
    const s = starts[b];
    // features (B,W,D): window b is rows s … s+W-1, contiguous in the row-major values
    features.set(series.values.subarray(s * D, (s + W) * D), b * W * D);
    // targets (B,H*K): row s+W+h, target k at b*H*K + h*K + k
    for (let h = 0; h < H; h++) {
      for (let k = 0; k < K; k++)
        targets[b * H * K + h * K + k] = series.values[(s + W + h) * D + series.targetIndices[k]];
    }
  }
  return { batchSize: B, steps: W, features: features.subarray(0, B * W * D), targets: targets.subarray(0, B * H * K) };
}
