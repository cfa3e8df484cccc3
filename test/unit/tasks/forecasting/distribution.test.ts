import { describe, expect, it } from 'vitest';
import { SCALE_FLOOR, softplus } from '../../../../src/engine/distribution-losses';
import {
  decodeForecast,
  distributionOf,
  distributionOfConfig,
  interpolateQuantile,
  quantileLevelsProblem,
  Z_90,
} from '../../../../src/tasks/forecasting/distribution';

describe('distributionOf', () => {
  it('maps each kind to its loss and head width', () => {
    expect(distributionOf({})).toEqual({ kind: 'point', loss: 'mse', paramsPerValue: 1 });
    expect(distributionOf({ distribution: 'gaussian' })).toEqual({
      kind: 'gaussian',
      loss: 'gaussian-nll',
      paramsPerValue: 2,
    });
    expect(distributionOf({ distribution: 'quantile' })).toEqual({
      kind: 'quantile',
      loss: 'quantile',
      paramsPerValue: 3,
      quantiles: [0.1, 0.5, 0.9],
    });
    expect(distributionOf({ distribution: 'quantile', quantiles: [0.05, 0.25, 0.75, 0.95] }).paramsPerValue).toBe(4);
  });

  it('refuses levels that are not ascending, outside (0, 1) or do not span the 80 % interval', () => {
    expect(() => distributionOf({ distribution: 'quantile', quantiles: [0.5, 0.1, 0.9] })).toThrow(/ascending/);
    expect(() => distributionOf({ distribution: 'quantile', quantiles: [0, 0.5, 0.9] })).toThrow(/in \(0, 1\)/);
    expect(() => distributionOf({ distribution: 'quantile', quantiles: [0.2, 0.5, 0.9] })).toThrow(/span 0.1…0.9/);
    expect(quantileLevelsProblem([0.1, 0.9])).toBeNull();
  });

  it('reads back what a config trained', () => {
    expect(distributionOfConfig({ loss: 'mse' }).kind).toBe('point');
    expect(distributionOfConfig({ loss: 'gaussian-nll' }).paramsPerValue).toBe(2);
    expect(distributionOfConfig({ loss: 'quantile', quantiles: [0.1, 0.9] }).quantiles).toEqual([0.1, 0.9]);
  });
});

describe('decodeForecast', () => {
  it('gives a point forecast as its median, without interval', () => {
    const d = decodeForecast([1, 2, 3, 4], { horizon: 2, targets: 2, distribution: distributionOf({}) });
    expect(d).toEqual({
      median: [
        [1, 2],
        [3, 4],
      ],
      quantiles: null,
      interval: null,
    });
  });

  it('gives a Gaussian its μ ± 1.2816σ interval with σ = softplus(raw) + floor', () => {
    // horizon 1, targets 2: (μ, raw) per target
    const d = decodeForecast([1, 0, -2, 3], {
      horizon: 1,
      targets: 2,
      distribution: distributionOf({ distribution: 'gaussian' }),
    });
    const s0 = Math.log(2) + SCALE_FLOOR;
    const s1 = softplus(3) + SCALE_FLOOR;
    expect(d.median).toEqual([[1, -2]]);
    expect(d.interval!.level).toBe(0.8);
    expect(d.interval!.lower[0][0]).toBeCloseTo(1 - Z_90 * s0, 14);
    expect(d.interval!.upper[0][1]).toBeCloseTo(-2 + Z_90 * s1, 14);
    expect(d.quantiles!.levels).toEqual([0.1, 0.5, 0.9]);
    expect(d.quantiles!.values[0][0][1]).toBe(1);
    expect(Z_90).toBeCloseTo(1.2815515655446004, 15);
  });

  it('gives quantiles as stored, sorted when they cross, and interpolates the median', () => {
    const distribution = distributionOf({ distribution: 'quantile', quantiles: [0.1, 0.4, 0.6, 0.9] });
    // horizon 2, one target; the second step's levels cross
    const d = decodeForecast([0, 1, 3, 4, 10, 2, 6, 8], { horizon: 2, targets: 1, distribution });
    expect(d.median[0][0]).toBeCloseTo(2, 14); // halfway between 1 (0.4) and 3 (0.6)
    expect(d.interval!.lower[0][0]).toBe(0);
    expect(d.interval!.upper[0][0]).toBe(4);
    expect(d.quantiles!.values[1][0]).toEqual([2, 6, 8, 10]);
    expect(d.median[1][0]).toBeCloseTo(7, 14);
  });

  it('refuses an output of the wrong size', () => {
    expect(() =>
      decodeForecast([1, 2, 3], { horizon: 1, targets: 1, distribution: distributionOf({ distribution: 'gaussian' }) }),
    ).toThrow(/expected 2 outputs/);
  });
});

describe('interpolateQuantile', () => {
  it('is linear between levels and flat beyond them', () => {
    expect(interpolateQuantile([0.1, 0.9], [0, 8], 0.5)).toBeCloseTo(4, 14);
    expect(interpolateQuantile([0.1, 0.9], [0, 8], 0.05)).toBe(0);
    expect(interpolateQuantile([0.1, 0.9], [0, 8], 0.95)).toBe(8);
  });
});
