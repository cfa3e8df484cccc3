import { describe, expect, it } from 'vitest';
import {
  erfc,
  gaussianCrps,
  IntervalScores,
  pinball,
  PointErrors,
} from '../../../../src/tasks/forecasting/interval-metrics';

describe('gaussianCrps', () => {
  it("matches properscoring's published example: crps_gaussian(0, mu=0, sig=1) = 0.23369497725510913", () => {
    // properscoring README (TheClimateCorporation/properscoring), "Exact calculation using crps_gaussian".
    expect(gaussianCrps(0, 0, 1)).toBeCloseTo(0.23369497725510913, 15);
  });

  it('agrees with the integral ∫ (F(x) − 1{x ≥ y})² dx computed numerically, and scales with σ', () => {
    for (const [y, mu, sigma] of [
      [1, 0, 2],
      [-3, 0.5, 0.7],
      [10, 1, 1.5],
    ]) {
      const cdf = (x: number) => 0.5 * erfc(-(x - mu) / (sigma * Math.SQRT2));
      // Simpson's rule on a wide grid, split at y where the integrand jumps.
      const simpson = (a: number, b: number, f: (x: number) => number, n = 20000) => {
        const h = (b - a) / n;
        let s = f(a) + f(b);
        for (let i = 1; i < n; i++) s += (i % 2 ? 4 : 2) * f(a + i * h);
        return (s * h) / 3;
      };
      const lo = Math.min(y, mu) - 12 * sigma;
      const hi = Math.max(y, mu) + 12 * sigma;
      const integral = simpson(lo, y, (x) => cdf(x) ** 2) + simpson(y, hi, (x) => (cdf(x) - 1) ** 2);
      expect(gaussianCrps(y, mu, sigma)).toBeCloseTo(integral, 9);
    }
    expect(gaussianCrps(3, 1, 2)).toBeCloseTo(2 * gaussianCrps(1, 0, 1), 14);
  });
});

describe('pinball', () => {
  it("matches scikit-learn's published mean_pinball_loss examples", () => {
    // sklearn.metrics.mean_pinball_loss docstring: y_true = [1, 2, 3].
    const mean = (forecasts: number[], level: number) =>
      [1, 2, 3].reduce((s, y, i) => s + pinball(y, forecasts[i], level), 0) / 3;
    expect(mean([0, 2, 3], 0.1)).toBeCloseTo(0.1 / 3, 15); // 0.03...
    expect(mean([1, 2, 4], 0.1)).toBeCloseTo(0.9 / 3, 15); // 0.3...
    expect(mean([0, 2, 3], 0.9)).toBeCloseTo(0.9 / 3, 15); // 0.3...
    expect(mean([1, 2, 4], 0.9)).toBeCloseTo(0.1 / 3, 15); // 0.03...
    expect(mean([1, 2, 3], 0.1)).toBe(0);
  });
});

describe('erfc', () => {
  it("agrees with Python's math.erfc", () => {
    const reference: [number, number][] = [
      [-3, 1.9999779095030015],
      [-1, 1.842700792949715],
      [0, 1],
      [0.5, 0.4795001221869535],
      [1.5, 0.033894853524689274],
      [1.99, 0.004888586800383003],
      [2, 0.004677734981047265],
      [2.01, 0.004475150644751763],
      [3, 2.2090496998585438e-5],
      [5, 1.5374597944280351e-12],
      [10, 2.088487583762545e-45],
    ];
    for (const [x, value] of reference) expect(Math.abs(erfc(x) - value) / value, `erfc(${x})`).toBeLessThan(1e-12);
  });
});

describe('PointErrors', () => {
  it('gives MAE, RMSE, MASE and sMAPE by hand', () => {
    const errors = new PointErrors(1, [2, 4]);
    // (forecast, actual): (3, 1) target 0, (2, 4) target 1, (0, 0) target 0
    errors.add(3, 1, 2, 0);
    errors.add(2, 4, -2, 1);
    errors.add(0, 0, 0, 0);
    const m = errors.finish();
    expect(m.mae).toBeCloseTo(4 / 3, 15);
    expect(m.rmse).toBeCloseTo(Math.sqrt(8 / 3), 15);
    expect(m.mase).toBeCloseTo((2 / 2 + 2 / 4 + 0) / 3, 15);
    expect(m.smape).toBeCloseTo((4 / 4 + 4 / 6 + 0) / 3, 15);
  });

  it('leaves MASE out without a scale', () => {
    const errors = new PointErrors(1, null);
    errors.add(1, 2, -1, 0);
    expect(errors.finish().mase).toBeUndefined();
  });
});

describe('IntervalScores', () => {
  it('counts coverage (ends included) and the mean width', () => {
    const scores = new IntervalScores('quantileLoss');
    scores.add(0, 2, 1, 0.5);
    scores.add(0, 2, 2, 0.1);
    scores.add(0, 4, 5, 0.3);
    scores.add(1, 2, 0, 0.1);
    const m = scores.finish();
    expect([m.coverage, m.intervalWidth]).toEqual([0.5, 2.25]); // widths 2, 2, 4, 1
    expect(m.quantileLoss).toBeCloseTo(0.25, 15);
  });
});
