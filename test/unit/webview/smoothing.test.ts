import { describe, expect, it } from 'vitest';
import {
  clampSmoothing,
  EmaSmoother,
  IncrementalSmoothing,
  MAX_SMOOTHING,
  smoothEma,
} from '../../../webview/training/smoothing';

describe('smoothEma (TensorBoard smoothing)', () => {
  it('keeps a constant series flat from the first point on, for any weight', () => {
    for (const w of [0, 0.3, 0.6, 0.9, 0.99, MAX_SMOOTHING]) {
      const smoothed = smoothEma(new Array(500).fill(2.5), w);
      for (const value of smoothed) expect(value).toBeCloseTo(2.5, 10);
    }
  });

  it('is debiased: the first point is the first value, not pulled toward 0', () => {
    const smoothed = smoothEma([4, 2], 0.9);
    expect(smoothed[0]).toBeCloseTo(4, 12);
    // last = 0.9·(0.1·4) + 0.1·2 = 0.56; debias = 1 − 0.9² = 0.19.
    expect(smoothed[1]).toBeCloseTo(0.56 / 0.19, 12);
  });

  it('matches the recurrence with debiasing on a longer series', () => {
    const values = Array.from({ length: 50 }, (_, i) => Math.sin(i) + i / 10);
    const w = 0.7;
    let last = 0;
    const expected = values.map((y, n) => {
      last = last * w + (1 - w) * y;
      return last / (1 - Math.pow(w, n + 1));
    });
    const smoothed = smoothEma(values, w);
    smoothed.forEach((value, i) => expect(value).toBeCloseTo(expected[i], 12));
  });

  it('is the identity at weight 0', () => {
    const values = [3, -1, 7.25, 0, 1e-6, 42];
    expect(smoothEma(values, 0)).toEqual(values);
  });

  it('lags behind a step change, more with a larger weight', () => {
    const values = [...new Array(100).fill(0), ...new Array(10).fill(1)];
    expect(smoothEma(values, 0.9)[105]).toBeLessThan(smoothEma(values, 0.5)[105]);
  });

  it('passes non-finite values through without disturbing the average', () => {
    const smoothed = smoothEma([1, NaN, 1, Infinity, 1], 0.8);
    expect(smoothed[1]).toBeNaN();
    expect(smoothed[3]).toBe(Infinity);
    expect(smoothed[4]).toBeCloseTo(1, 12);
  });

  it('clamps the weight to 0…0.999', () => {
    expect(clampSmoothing(-1)).toBe(0);
    expect(clampSmoothing(1)).toBe(MAX_SMOOTHING);
    expect(clampSmoothing(NaN)).toBe(0);
    expect(new EmaSmoother(5).weight).toBe(MAX_SMOOTHING);
  });
});

describe('IncrementalSmoothing (live updates)', () => {
  it('extends the cached result as the series grows, equal to smoothing it whole', () => {
    const cache = new IncrementalSmoothing();
    const values: number[] = [];
    for (let chunk = 0; chunk < 5; chunk++) {
      for (let k = 0; k < 37; k++) values.push(Math.cos(values.length / 3));
      expect(cache.get(values, 0.6)).toEqual(smoothEma(values, 0.6));
    }
  });

  it('starts over for a new weight or a new array', () => {
    const cache = new IncrementalSmoothing();
    const values = [1, 2, 3, 4];
    cache.get(values, 0.5);
    expect(cache.get(values, 0.9)).toEqual(smoothEma(values, 0.9));
    const other = [9, 9, 9];
    expect(cache.get(other, 0.9)).toEqual(smoothEma(other, 0.9));
  });
});
