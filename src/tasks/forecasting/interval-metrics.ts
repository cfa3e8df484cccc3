/**
 * Running sums of a forecaster's scores, value by value, in the data's units:
 *
 * - `PointErrors`: `mae`, `rmse`, `mase` (each absolute error over its target's scale, the training
 *   part's seasonal-naive MAE) and `smape` (2|ŷ − y| / (|y| + |ŷ|), a share in [0, 2]: 0.1 reads 10 %;
 *   a value where both are 0 counts as no error);
 * - `IntervalScores`: `coverage` (share of actual values inside the nominal 80 % interval),
 *   `intervalWidth` (its mean width) and the proper score of the distribution: `crps` for a Gaussian
 *   (closed form, Gneiting & Raftery 2007) or `quantileLoss` (mean pinball loss over the levels).
 *
 * Squares are summed in units of the largest standard deviation and scaled back after the root, so a
 * column near 1e155 still gets a finite RMSE.
 */

import type { Metrics } from '../../protocol/metrics';

export class PointErrors {
  private absSum = 0;
  private squareSum = 0;
  private scaledSum = 0;
  private smapeSum = 0;
  private count = 0;

  /** `squareScale`: the largest magnitude of the errors' units; `maseScales`: per target, or null. */
  constructor(
    private readonly squareScale: number,
    private readonly maseScales: readonly number[] | null,
  ) {}

  /** One value: the forecast and the actual value in units, and their error computed by the caller. */
  add(forecast: number, actual: number, error: number, target: number): void {
    const abs = Math.abs(error);
    this.absSum += abs;
    this.squareSum += (error / this.squareScale) ** 2;
    if (this.maseScales) this.scaledSum += abs / this.maseScales[target];
    const denominator = Math.abs(actual) + Math.abs(forecast);
    if (denominator > 0) this.smapeSum += (2 * abs) / denominator;
    this.count++;
  }

  finish(): Omit<Metrics, 'loss'> {
    const n = this.count;
    return {
      mae: this.absSum / n,
      rmse: this.squareScale * Math.sqrt(this.squareSum / n),
      ...(this.maseScales ? { mase: this.scaledSum / n } : {}),
      smape: this.smapeSum / n,
    };
  }
}

export class IntervalScores {
  private inside = 0;
  private widthSum = 0;
  private scoreSum = 0;
  private count = 0;

  /** `score`: `crps` (a Gaussian) or `quantileLoss` (quantiles). */
  constructor(private readonly score: 'crps' | 'quantileLoss') {}

  /** One value: the interval's ends, the actual value, and its CRPS or mean pinball loss, in units. */
  add(lower: number, upper: number, actual: number, score: number): void {
    if (actual >= lower && actual <= upper) this.inside++;
    this.widthSum += upper - lower;
    this.scoreSum += score;
    this.count++;
  }

  /**
   * `coverage`, `intervalWidth` and the score; with `raw`, named `rawCoverage`, `rawIntervalWidth`,
   * `rawCrps`/`rawQuantileLoss`: the head's own interval beside a calibrated one.
   */
  finish(raw = false): Omit<Metrics, 'loss'> {
    const n = this.count;
    const name = (key: string) => (raw ? `raw${key[0].toUpperCase()}${key.slice(1)}` : key);
    return {
      [name('coverage')]: this.inside / n,
      [name('intervalWidth')]: this.widthSum / n,
      [name(this.score)]: this.scoreSum / n,
    };
  }
}

const INV_SQRT_PI = 1 / Math.sqrt(Math.PI);
const INV_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);

/** CRPS of N(μ, σ²) at y: σ [z (2Φ(z) − 1) + 2φ(z) − 1/√π], z = (y − μ)/σ. */
export function gaussianCrps(actual: number, mean: number, sigma: number): number {
  const z = (actual - mean) / sigma;
  const pdf = INV_SQRT_2PI * Math.exp(-0.5 * z * z);
  const cdf = 0.5 * erfc(-z / Math.SQRT2);
  return sigma * (z * (2 * cdf - 1) + 2 * pdf - INV_SQRT_PI);
}

/** Pinball loss of a quantile `forecast` at `level` for the actual value. */
export function pinball(actual: number, forecast: number, level: number): number {
  const error = actual - forecast;
  return error > 0 ? level * error : (level - 1) * error;
}

/**
 * erfc(x) to about 1e-13 relative (1e-16 absolute): the Taylor series of erf for |x| < 2, a continued fraction (Lentz) above,
 * where 1 − erf would lose the digits.
 */
export function erfc(x: number): number {
  if (x < 0) return 2 - erfc(-x);
  if (x < 2) return 1 - erfSeries(x);
  if (x > 27) return 0;
  // erfc(x) = exp(−x²)/√π · 1/(x + 1/2/(x + 1/(x + 3/2/(x + …)))), evaluated by modified Lentz.
  const tiny = 1e-300;
  let f = x;
  let c = x;
  let d = 0;
  for (let n = 1; n < 200; n++) {
    const a = n / 2;
    d = x + a * d;
    d = d === 0 ? tiny : d;
    c = x + a / c;
    c = c === 0 ? tiny : c;
    d = 1 / d;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return (Math.exp(-x * x) * INV_SQRT_PI) / f;
}

// erf(x) = 2/√π Σ (−1)ⁿ x^{2n+1} / (n! (2n+1))
function erfSeries(x: number): number {
  const x2 = x * x;
  let term = x;
  let sum = x;
  for (let n = 1; n < 200; n++) {
    term *= -x2 / n;
    const next = term / (2 * n + 1);
    sum += next;
    if (Math.abs(next) < 1e-17 * Math.abs(sum)) break;
  }
  return 2 * INV_SQRT_PI * sum;
}
