/**
 * A forecaster's report: its residuals (actual − forecast, in the data's units) by horizon step, and the
 * distribution of the one-step-ahead residuals. Bias shows as a mean error away from 0; a horizon that
 * degrades fast shows as a growing mean absolute error.
 */

import type { ForecastReport } from '../../protocol/evaluation-report';

/** Bins of each residual histogram. */
export const RESIDUAL_BINS = 30;

export class ResidualCollector {
  private readonly errorSum: Float64Array;
  private readonly absoluteSum: Float64Array;
  private readonly count: Float64Array;
  /** One-step-ahead residuals per target, grown as needed. */
  private oneStep: Float64Array[];
  private oneStepCount: number[];
  private windows = 0;
  /** One-step-ahead residual of every window and target, `[windows, targets]` (NaN where not finite), grown as needed. */
  private series = new Float32Array(1024);

  /** horizon × targets values per window: value k is target k % targets at step ⌊k / targets⌋. */
  constructor(
    private readonly targetNames: readonly string[],
    private readonly horizon: number,
  ) {
    const cells = horizon * targetNames.length;
    this.errorSum = new Float64Array(cells);
    this.absoluteSum = new Float64Array(cells);
    this.count = new Float64Array(cells);
    this.oneStep = targetNames.map(() => new Float64Array(1024));
    this.oneStepCount = targetNames.map(() => 0);
  }

  /** Counts a window (call once per window, before its values). */
  startWindow(): void {
    this.windows++;
    const needed = this.windows * this.targetNames.length;
    if (needed > this.series.length) {
      const grown = new Float32Array(Math.max(needed, this.series.length * 2));
      grown.set(this.series);
      this.series = grown;
    }
    this.series.fill(NaN, needed - this.targetNames.length, needed);
  }

  /** One value of a window: horizon step `step` (0 = next row) of target `target`. */
  add(step: number, target: number, actual: number, forecast: number): void {
    const residual = actual - forecast;
    if (!Number.isFinite(residual)) return;
    if (step === 0 && this.windows > 0) this.series[(this.windows - 1) * this.targetNames.length + target] = residual;
    const cell = step * this.targetNames.length + target;
    this.errorSum[cell] += residual;
    this.absoluteSum[cell] += Math.abs(residual);
    this.count[cell]++;
    if (step === 0) {
      let values = this.oneStep[target];
      const n = this.oneStepCount[target];
      if (n === values.length) {
        const grown = new Float64Array(values.length * 2);
        grown.set(values);
        this.oneStep[target] = values = grown;
      }
      values[n] = residual;
      this.oneStepCount[target] = n + 1;
    }
  }

  /** The one-step-ahead residuals of every window in order, `[windows, targets]` (the Evaluate view's residuals over time). */
  oneStepSeries(): { targets: string[]; residuals: Float32Array } {
    return { targets: [...this.targetNames], residuals: this.series.slice(0, this.windows * this.targetNames.length) };
  }

  report(): ForecastReport {
    const T = this.targetNames.length;
    const byHorizon = this.targetNames.map((target, t) => {
      const meanError: number[] = [];
      const meanAbsoluteError: number[] = [];
      for (let h = 0; h < this.horizon; h++) {
        const cell = h * T + t;
        const n = this.count[cell];
        meanError.push(n > 0 ? this.errorSum[cell] / n : 0);
        meanAbsoluteError.push(n > 0 ? this.absoluteSum[cell] / n : 0);
      }
      return { target, meanError, meanAbsoluteError };
    });
    const residualHistogram = this.targetNames.map((target, t) =>
      histogram(target, this.oneStep[t].subarray(0, this.oneStepCount[t])),
    );
    return { kind: 'forecaster', targets: [...this.targetNames], byHorizon, residualHistogram, windows: this.windows };
  }
}

/** RESIDUAL_BINS equal bins from the smallest residual to the largest (the largest in the last bin). */
export function histogram(
  target: string,
  values: Float64Array,
): { target: string; lower: number; width: number; counts: number[] } {
  const counts = new Array<number>(RESIDUAL_BINS).fill(0);
  if (values.length === 0) return { target, lower: 0, width: 0, counts };
  let lower = Infinity;
  let upper = -Infinity;
  for (const v of values) {
    lower = Math.min(lower, v);
    upper = Math.max(upper, v);
  }
  // All equal: one bin holds everything.
  const width = upper > lower ? (upper - lower) / RESIDUAL_BINS : 0;
  for (const v of values) counts[width > 0 ? Math.min(RESIDUAL_BINS - 1, Math.floor((v - lower) / width)) : 0]++;
  return { target, lower, width, counts };
}
