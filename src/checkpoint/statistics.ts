/**
 * Summary statistics of a tensor, for `inspect` and the checkpoint editor: min, max, mean, std, zeros,
 * NaN and ±Infinity counts, and a histogram over [min, max] of the finite values. One pass for the
 * moments (Welford's update, stable in float64), a second for the histogram.
 *
 * `StatisticsAccumulator` does the same two passes over a tensor that arrives in slices (the editor's
 * worker reads a 1 GB tensor 16 MB at a time); fed the same values in the same order it gives exactly
 * what `tensorStatistics` gives on the whole array, because `tensorStatistics` is built on it.
 */

import type { TensorStatistics } from '../protocol/checkpoint-overview';

export type { TensorStatistics } from '../protocol/checkpoint-overview';

export function tensorStatistics(values: ArrayLike<number>, bins = 20): TensorStatistics {
  const accumulator = new StatisticsAccumulator(bins);
  accumulator.addMoments(values);
  accumulator.addHistogram(values);
  return accumulator.result();
}

/**
 * Two passes over slices: call `addMoments` for every slice in order, then `addHistogram` for every
 * slice (the bins need the final min and max), then `result`.
 */
export class StatisticsAccumulator {
  private count = 0;
  private min = Infinity;
  private max = -Infinity;
  private mean = 0;
  private m2 = 0;
  private finite = 0;
  private zeros = 0;
  private nans = 0;
  private infinities = 0;
  private readonly histogram: number[];

  constructor(readonly bins = 20) {
    if (!Number.isSafeInteger(bins) || bins < 1)
      throw new RangeError(`histogram bins must be a positive integer, got ${bins}`);
    this.histogram = new Array<number>(bins).fill(0);
  }

  /** Pass 1 over `values[start, end)`. */
  addMoments(values: ArrayLike<number>, start = 0, end = values.length): void {
    // Locals, not fields, in the loop: this runs over hundreds of millions of elements.
    let { min, max, mean, m2, finite, zeros, nans, infinities } = this;
    for (let k = start; k < end; k++) {
      const x = values[k];
      if (Number.isNaN(x)) {
        nans++;
        continue;
      }
      if (!Number.isFinite(x)) {
        infinities++;
        continue;
      }
      if (x === 0) zeros++;
      if (x < min) min = x;
      if (x > max) max = x;
      finite++;
      const delta = x - mean;
      mean += delta / finite;
      m2 += delta * (x - mean);
    }
    Object.assign(this, { min, max, mean, m2, finite, zeros, nans, infinities });
    this.count += end - start;
  }

  /** Pass 2 over `values[start, end)`, after every slice went through `addMoments`. */
  addHistogram(values: ArrayLike<number>, start = 0, end = values.length): void {
    if (this.finite === 0) return;
    const { min, bins, histogram } = this;
    const width = this.max - min;
    for (let k = start; k < end; k++) {
      const x = values[k];
      if (!Number.isFinite(x)) continue;
      const bin = width > 0 ? Math.min(bins - 1, Math.floor(((x - min) / width) * bins)) : 0;
      histogram[bin]++;
    }
  }

  result(): TensorStatistics {
    const finite = this.finite;
    return {
      count: this.count,
      min: finite > 0 ? this.min : NaN,
      max: finite > 0 ? this.max : NaN,
      mean: finite > 0 ? this.mean : NaN,
      std: finite > 0 ? Math.sqrt(this.m2 / finite) : NaN,
      zeros: this.zeros,
      nans: this.nans,
      infinities: this.infinities,
      histogram: [...this.histogram],
    };
  }
}
