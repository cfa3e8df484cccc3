/**
 * Summary statistics of a tensor, for `inspect` and the checkpoint editor: min, max, mean, std, zeros,
 * NaN and ±Infinity counts, and a histogram over [min, max] of the finite values. One pass for the
 * moments (Welford's update, stable in float64), a second for the histogram.
 */

export interface TensorStatistics {
  count: number;
  min: number;
  max: number;
  mean: number;
  /** Population standard deviation of the finite values. */
  std: number;
  zeros: number;
  nans: number;
  infinities: number;
  /** Counts of finite values in `bins` equal-width bins spanning [min, max]. */
  histogram: number[];
}

export function tensorStatistics(values: ArrayLike<number>, bins = 20): TensorStatistics {
  let min = Infinity;
  let max = -Infinity;
  let mean = 0;
  let m2 = 0;
  let finite = 0;
  let zeros = 0;
  let nans = 0;
  let infinities = 0;
  for (let k = 0; k < values.length; k++) {
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
  const histogram = new Array<number>(bins).fill(0);
  if (finite > 0) {
    const width = max - min;
    for (let k = 0; k < values.length; k++) {
      const x = values[k];
      if (!Number.isFinite(x)) continue;
      const bin = width > 0 ? Math.min(bins - 1, Math.floor(((x - min) / width) * bins)) : 0;
      histogram[bin]++;
    }
  }
  return {
    count: values.length,
    min: finite > 0 ? min : NaN,
    max: finite > 0 ? max : NaN,
    mean: finite > 0 ? mean : NaN,
    std: finite > 0 ? Math.sqrt(m2 / finite) : NaN,
    zeros,
    nans,
    infinities,
    histogram,
  };
}
