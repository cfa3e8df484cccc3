/**
 * TensorBoard's scalar smoothing: a debiased exponential moving average. With weight w,
 *   last_n = w·last_{n-1} + (1 − w)·y_n,  last_0 = 0,   smoothed_n = last_n / (1 − w^n)
 * Dividing by 1 − w^n (the weight the zero start still holds) removes the bias toward 0 at the start, so
 * a constant series stays flat. Non-finite values pass through and do not disturb the average.
 */

/** The slider's range: 0 (raw) … 0.999 (very smooth); 1 would freeze the average at its start. */
export const MAX_SMOOTHING = 0.999;

export function clampSmoothing(weight: number): number {
  return Number.isFinite(weight) ? Math.min(MAX_SMOOTHING, Math.max(0, weight)) : 0;
}

/** One running average; `next` takes the next value and returns its smoothed value. */
export class EmaSmoother {
  private last = 0;
  private count = 0;
  readonly weight: number;

  constructor(weight: number) {
    this.weight = clampSmoothing(weight);
  }

  next(value: number): number {
    if (!Number.isFinite(value)) return value;
    const w = this.weight;
    this.last = this.last * w + (1 - w) * value;
    this.count++;
    const debias = 1 - Math.pow(w, this.count);
    return debias > 0 ? this.last / debias : value;
  }
}

/** The smoothed copy of `values`. */
export function smoothEma(values: ArrayLike<number>, weight: number): number[] {
  const smoother = new EmaSmoother(weight);
  const out = new Array<number>(values.length);
  for (let i = 0; i < values.length; i++) out[i] = smoother.next(values[i]);
  return out;
}

/**
 * The smoothed copy of a series that only grows: each call extends the cached result by the values
 * appended since the previous call, so live updates cost O(new points). A different weight, or a series
 * that got shorter (a new snapshot), starts over.
 */
export class IncrementalSmoothing {
  private smoother = new EmaSmoother(0);
  private smoothed: number[] = [];
  private source: ArrayLike<number> | null = null;

  get(values: ArrayLike<number>, weight: number): readonly number[] {
    const w = clampSmoothing(weight);
    if (w !== this.smoother.weight || values !== this.source || values.length < this.smoothed.length) {
      this.smoother = new EmaSmoother(w);
      this.smoothed = [];
      this.source = values;
    }
    for (let i = this.smoothed.length; i < values.length; i++) this.smoothed.push(this.smoother.next(values[i]));
    return this.smoothed;
  }
}
