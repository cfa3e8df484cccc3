/**
 * Forecasting windows over many series (and/or with calendar and known-future inputs): every row's step
 * inputs are built once (`SeriesSteps`), a window is `W` history steps of one series followed by
 * `horizon` future steps of the same series (when the inputs have them), and its targets are the next
 * `horizon` rows' target values. A window never crosses two series: its start is chosen per series.
 * Training windows have their targets in the series' training rows; validation windows have them in its
 * tail (the last rows of each series), reading the training rows before as history.
 */

import type { Random } from '../engine/random';
import { formatTime, type DateFrequency } from './calendar-features';
import { ExampleOrder } from './example-order';
import { checkBatchArguments, type SeriesScale, type TargetBatch, type TrainBatcher } from './batcher';
import type { ValidationUnits } from './validation-sample';

export interface SeriesSteps {
  /** Step inputs of each row as a history step `[rows, width]` (rows of every series, series after series). */
  history: Float32Array;
  /** Step inputs of each row as a future step `[rows, width]`, or null when windows have no future steps. */
  future: Float32Array | null;
  width: number;
  /** Normalised target values of each row `[rows, targets]`. */
  targets: Float32Array;
  targetCount: number;
  /** Each series' first row in the arrays above, its rows and its training rows (the rest is validation). */
  segments: readonly SeriesSegment[];
  horizon: number;
  /** The dates' frequency, when the rows have times (how a backtest origin's date is written). */
  frequency?: DateFrequency | null;
}

export interface SeriesSegment {
  start: number;
  rows: number;
  trainRows: number;
  /** The series' id and each row's time (UTC ms), which label a window; absent in steps built without them. */
  id?: string;
  times?: Float64Array | null;
  /** Each target's mean and std in this series (its normalisation), for scoring in its units `[K]`. */
  targetMean?: readonly number[];
  targetStd?: readonly number[];
}

/** Start rows (in the arrays) of every training window of every series, in series then time order. */
export function trainingWindowStarts(steps: SeriesSteps, window: number): Int32Array {
  const starts: number[] = [];
  for (const s of steps.segments)
    for (let r = 0; r + window + steps.horizon <= s.trainRows; r++) starts.push(s.start + r);
  return Int32Array.from(starts);
}

/** Start rows of every validation window: targets in a series' last `rows − trainRows` rows. */
export function validationWindowStarts(steps: SeriesSteps, window: number): Int32Array {
  const starts: number[] = [];
  for (const s of steps.segments) {
    if (s.trainRows >= s.rows) continue;
    for (let r = Math.max(0, s.trainRows - window); r + window + steps.horizon <= s.rows; r++) starts.push(s.start + r);
  }
  return Int32Array.from(starts);
}

export class SeriesWindowBatcher implements TrainBatcher {
  readonly examplesPerEpoch: number;
  readonly batchesPerEpoch: number;
  private readonly starts: ExampleOrder;
  private readonly features: Float32Array;
  private readonly targets: Float32Array;

  constructor(
    private readonly steps: SeriesSteps,
    readonly batchSize: number,
    private readonly window: number,
    random: Random,
  ) {
    checkBatchArguments(batchSize, window, 'window');
    const starts = trainingWindowStarts(steps, window);
    if (starts.length === 0) {
      const longest = Math.max(...steps.segments.map((s) => s.trainRows));
      throw new Error(
        `no series has a training part long enough for a window of ${window} plus ${steps.horizon} row(s) ahead (the longest has ${longest} rows); use a window of at most ${longest - steps.horizon}`,
      );
    }
    this.starts = new ExampleOrder(starts, random);
    this.examplesPerEpoch = starts.length;
    this.batchesPerEpoch = Math.ceil(starts.length / batchSize);
    this.features = new Float32Array(batchSize * windowSteps(steps, window) * steps.width);
    this.targets = new Float32Array(batchSize * steps.horizon * steps.targetCount);
  }

  startEpoch(): void {
    this.starts.startEpoch();
  }

  nextBatch(): TargetBatch | null {
    const chosen = this.starts.next(this.batchSize);
    return chosen && fillSeriesBatch(this.steps, chosen, this.window, this.features, this.targets);
  }
}

/** The validation windows as units (window u = the u-th of `validationWindowStarts`), streamed a batch at a time. */
export function seriesValidationUnits(steps: SeriesSteps, window: number): ValidationUnits {
  checkBatchArguments(1, window, 'window');
  const all = validationWindowStarts(steps, window);
  return {
    unit: 'windows',
    count: all.length,
    batches: (batchSize, chosen) => streamWindows(steps, all, chosen, batchSize, window),
    originLabel: (unit) => seriesOriginLabel(steps, all[unit] + window),
  };
}

/**
 * Row `row` (in the arrays) as the user reads it: `S01 2024-12-25` (the id only with several series, the
 * date at the data's frequency), `S01 row 712` (1-based in its series) without dates, null without either.
 */
function seriesOriginLabel(steps: SeriesSteps, row: number): string | null {
  const segment = steps.segments.find((s) => row >= s.start && row < s.start + s.rows);
  if (!segment) return null;
  const at = row - segment.start;
  const time = segment.times ? segment.times[at] : NaN;
  const when = Number.isNaN(time) ? null : formatTime(time, steps.frequency ?? 'daily');
  const id = steps.segments.length > 1 && segment.id !== undefined ? segment.id : null;
  if (when !== null) return id !== null ? `${id} ${when}` : when;
  return id !== null ? `${id} row ${at + 1}` : null;
}

function* streamWindows(
  steps: SeriesSteps,
  all: Int32Array,
  chosen: Int32Array | null,
  batchSize: number,
  window: number,
): Generator<TargetBatch, void, undefined> {
  checkBatchArguments(batchSize, window, 'window');
  const count = chosen === null ? all.length : chosen.length;
  if (count < 1) return;
  const full = Math.min(batchSize, count);
  const K = steps.targetCount;
  const starts = new Int32Array(full);
  const features = new Float32Array(full * windowSteps(steps, window) * steps.width);
  const targets = new Float32Array(full * steps.horizon * K);
  const scaled = steps.segments.every((s) => s.targetMean && s.targetStd);
  const scale = scaled ? { mean: new Float64Array(full * K), std: new Float64Array(full * K) } : null;
  let segment = 0;
  for (let at = 0; at < count; at += batchSize) {
    const B = Math.min(batchSize, count - at);
    for (let b = 0; b < B; b++) starts[b] = all[chosen === null ? at + b : chosen[at + b]];
    const batch = fillSeriesBatch(steps, starts.subarray(0, B), window, features, targets);
    if (!scale) {
      yield batch;
      continue;
    }
    // starts ascend (units are in series then time order), so the segment search only moves forward.
    for (let b = 0; b < B; b++) {
      while (starts[b] >= steps.segments[segment].start + steps.segments[segment].rows) segment++;
      const { targetMean, targetStd } = steps.segments[segment];
      for (let k = 0; k < K; k++) {
        scale.mean[b * K + k] = targetMean![k];
        scale.std[b * K + k] = targetStd![k];
      }
    }
    const seriesScale: SeriesScale = { mean: scale.mean.subarray(0, B * K), std: scale.std.subarray(0, B * K) };
    yield { ...batch, seriesScale };
  }
}

/** Steps the model reads per window: the history, then the horizon's future steps when there are any. */
export function windowSteps(steps: SeriesSteps, window: number): number {
  return window + (steps.future ? steps.horizon : 0);
}

function fillSeriesBatch(
  steps: SeriesSteps,
  starts: Int32Array,
  W: number,
  features: Float32Array,
  targets: Float32Array,
): TargetBatch {
  const B = starts.length;
  const I = steps.width;
  const H = steps.horizon;
  const K = steps.targetCount;
  const T = windowSteps(steps, W);
  for (let b = 0; b < B; b++) {
    const s = starts[b];
    // features (B,T,I): history rows s … s+W-1, then future rows s+W … s+W+H-1 (contiguous per part)
    features.set(steps.history.subarray(s * I, (s + W) * I), b * T * I);
    if (steps.future) features.set(steps.future.subarray((s + W) * I, (s + W + H) * I), (b * T + W) * I);
    // targets (B,H*K): rows s+W … s+W+H-1 are contiguous [H, K]
    targets.set(steps.targets.subarray((s + W) * K, (s + W + H) * K), b * H * K);
  }
  return { batchSize: B, steps: T, features: features.subarray(0, B * T * I), targets: targets.subarray(0, B * H * K) };
}
