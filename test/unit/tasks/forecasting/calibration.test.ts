import { describe, expect, it } from 'vitest';
import type { DatasetMetadata } from '../../../../src/data/dataset-metadata';
import { SCALE_FLOOR } from '../../../../src/engine/distribution-losses';
import {
  calibrateForecaster,
  CalibrationFitter,
  calibrationProblem,
  conformalQuantile,
  IntervalCalibration,
  levelPairs,
} from '../../../../src/tasks/forecasting/calibration';
import { decodeForecastInUnits } from '../../../../src/tasks/forecasting/decode-output';
import { distributionOf, Z_90 } from '../../../../src/tasks/forecasting/distribution';
import { createErrorEvaluator } from '../../../../src/tasks/forecasting/metrics';
import { calibrationWindows } from '../../../../src/train/backtest';
import type { EvaluationContext, MetricAccumulator } from '../../../../src/tasks/task-training';

type Batch = Parameters<MetricAccumulator['add']>[0];

/** The raw scale whose σ = softplus(raw) + floor is `sigma`. */
const rawOf = (sigma: number) => Math.log(Math.expm1(sigma - SCALE_FLOOR));

/** B windows of one value each (horizon 1, 1 target): targets y. */
const batchOf = (targets: number[]) =>
  ({ batchSize: targets.length, steps: 1, targets: Float64Array.from(targets) }) as unknown as Batch;

/** Seeded uniform numbers (mulberry32) and standard normals (Box–Muller) for the coverage checks. */
function normals(seed: number) {
  let a = seed >>> 0;
  const uniform = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());
}

describe('the conformal quantile', () => {
  it('is the ⌈(n + 1)L⌉-th smallest score, the largest when that passes n', () => {
    const scores = [1, 2, 3, 4, 5, 6, 7, 8, 9];
    expect(conformalQuantile(scores, 0.8)).toBe(8); // ⌈10 · 0.8⌉ = 8
    expect(conformalQuantile([1, 2, 3], 0.8)).toBe(3); // ⌈4 · 0.8⌉ = 4 > 3
    expect(conformalQuantile([], 0.8)).toBeNaN();
  });
});

describe('fitting a calibration by hand', () => {
  it('gives a Gaussian head σ multiplier q̂ / Φ⁻¹(0.9) from its standardised residuals', () => {
    // μ = 0, σ = 2; |y − μ| / σ = 0.5, 1, …, 4.5: the 8th smallest of 9 is 4
    const fitter = new CalibrationFitter(distributionOf({ distribution: 'gaussian' }), 1, 1);
    const ys = [1, -2, 3, -4, 5, -6, 7, -8, 9];
    const output = ys.flatMap(() => [0, rawOf(2)]);
    fitter.add(batchOf(ys), output);
    const fitted = fitter.finish()!;
    expect(fitted.kind).toBe('gaussian-scale');
    expect(fitted.windows).toBe(9);
    expect(fitted.bucket).toBe(1); // a horizon of 1 cannot pool
    expect(fitted.corrections[0]).toBeCloseTo(4 / Z_90, 9);
  });

  it('widens a quantile head by the CQR score max(q_lo − y, y − q_hi) of each level pair', () => {
    // quantiles −1, 0, 1 for every window; y = −3 … 5: scores 2, 1, 0, −1, −1, 0, 1, 2, 3 → 8th smallest 2
    const fitter = new CalibrationFitter(distributionOf({ distribution: 'quantile' }), 1, 1);
    const ys = [-3, -2, -1, 0, 0.5, 1, 2, 3, 4];
    fitter.add(
      batchOf(ys),
      ys.flatMap(() => [-1, 0, 1]),
    );
    const fitted = fitter.finish()!;
    expect(fitted).toMatchObject({ kind: 'quantile-widening', windows: 9, corrections: [2] });
    // applied: the interval −1…1 becomes −3…3, the median stays
    const out = decodeForecastInUnits(
      { loss: 'quantile', quantiles: [0.1, 0.5, 0.9] },
      1,
      1,
      [-1, 0, 1],
      (flat) => [Array.from(flat)],
      fitted,
    );
    expect(out.values).toEqual([[0]]);
    expect(out.interval).toMatchObject({ lower: [[-3]], upper: [[3]] });
  });

  it('pools horizon steps into buckets when there are few windows', () => {
    // 10 windows, horizon 12: ⌈50 / 10⌉ = 5 steps per correction (12 = 5 + 5 + 2)
    const fitter = new CalibrationFitter(distributionOf({ distribution: 'gaussian' }), 12, 1);
    const batch = {
      batchSize: 10,
      steps: 1,
      targets: Float64Array.from({ length: 120 }, (_, i) => (i % 12) + 1),
    } as unknown as Batch;
    fitter.add(batch, Array.from({ length: 120 }, () => [0, rawOf(1)]).flat());
    const fitted = fitter.finish()!;
    expect(fitted.bucket).toBe(5);
    // steps 0–4 pool |y| = 1…5 (ten each): 41st smallest of 50 is 5
    expect(fitted.corrections.slice(0, 5).every((s) => Math.abs(s - 5 / Z_90) < 1e-9)).toBe(true);
    expect(fitted.corrections[11]).toBeCloseTo(12 / Z_90, 9);
  });
});

describe('applying a calibration', () => {
  it('keeps quantiles ascending when the corrections make level pairs cross', () => {
    const distribution = distributionOf({ distribution: 'quantile', quantiles: [0.05, 0.1, 0.5, 0.9, 0.95] });
    expect(levelPairs(distribution.quantiles!)).toEqual([
      { low: 0, high: 4, coverage: 0.95 - 0.05 },
      { low: 1, high: 3, coverage: 0.9 - 0.1 },
    ]);
    // the outer pair narrowed by 2, the inner widened by 1: −2…2 → 0…0, −1…1 → −2…2
    const json = { kind: 'quantile-widening' as const, windows: 10, bucket: 1, corrections: [-2, 1] };
    const out = decodeForecastInUnits(
      { loss: 'quantile', quantiles: distribution.quantiles },
      1,
      1,
      [-2, -1, 0, 1, 2],
      (flat) => [Array.from(flat)],
      json,
    );
    const values = out.quantiles!.values[0][0];
    for (let q = 1; q < values.length; q++) expect(values[q]).toBeGreaterThanOrEqual(values[q - 1]);
    expect(values).toEqual([-2, 0, 0, 0, 2]);
    expect(out.values).toEqual([[0]]);
  });

  it('never pairs the median: levels 0.1, 0.2, 0.5, 0.9 have one pair', () => {
    expect(levelPairs([0.1, 0.2, 0.5, 0.9])).toEqual([{ low: 0, high: 3, coverage: 0.8 }]);
  });

  it('refuses a calibration that does not fit the head', () => {
    const gaussian = distributionOf({ distribution: 'gaussian' });
    expect(calibrationProblem({ kind: 'quantile-widening', corrections: [1] }, gaussian, 1)).toMatch(/gaussian-scale/);
    expect(calibrationProblem({ kind: 'gaussian-scale', corrections: [1, 2] }, gaussian, 1)).toMatch(/1 finite/);
    expect(calibrationProblem({ kind: 'gaussian-scale', corrections: [0] }, gaussian, 1)).toMatch(/positive/);
    expect(IntervalCalibration.of(undefined, gaussian, 1)).toBeNull();
  });
});

describe('calibrated coverage on synthetic data with known noise', () => {
  // A head that believes in σ = 0.5 when the truth is N(0, 1) at step 0 and N(0, 2²) at step 1 covers
  // P(|Z| < 1.28 · 0.5) ≈ 48 % and ≈ 25 %. Fitted on 2,000 windows and scored on 5,000 fresh ones, the
  // calibrated coverage of each step is a binomial share (sd √(0.8 · 0.2 / 5000) ≈ 0.006) of an interval
  // whose own coverage is off by the calibration quantile's error (sd ≈ √(0.8 · 0.2 / 2000) ≈ 0.009): about
  // 0.011 together, so ± 0.035 is over 3 sd. The seed is fixed, so the check is deterministic.
  const horizon = 2;
  const noise = [1, 2];
  const draw = (next: () => number, windows: number) =>
    Float64Array.from({ length: windows * horizon }, (_, i) => noise[i % horizon] * next());

  for (const kind of ['gaussian', 'quantile'] as const) {
    it(`brings a ${kind} head's 80 % interval near 80 % on held-out windows`, () => {
      const next = normals(7);
      const distribution = distributionOf({ distribution: kind });
      const P = distribution.paramsPerValue;
      // Every window the same head output: μ 0 and σ 0.5, or quantiles 0 ∓ 1.2816 · 0.5.
      const value = kind === 'gaussian' ? [0, rawOf(0.5)] : [-Z_90 * 0.5, 0, Z_90 * 0.5];
      const outputOf = (windows: number) => Array.from({ length: windows * horizon }, () => value).flat();
      const fitter = new CalibrationFitter(distribution, horizon, 1);
      const calibrationSet = draw(next, 2000);
      fitter.add({ batchSize: 2000, steps: 1, targets: calibrationSet } as unknown as Batch, outputOf(2000));
      const fitted = fitter.finish()!;
      expect(P).toBe(value.length);
      const test = draw(next, 5000);
      const inside = [0, 0];
      const raw = [0, 0];
      for (let w = 0; w < 5000; w++) {
        const out = decodeForecastInUnits(
          { loss: distribution.loss, quantiles: distribution.quantiles },
          horizon,
          1,
          outputOf(1),
          (flat) => [[flat[0]], [flat[1]]],
          fitted,
        );
        for (let h = 0; h < horizon; h++) {
          const y = test[w * horizon + h];
          if (y >= out.interval!.lower[h][0] && y <= out.interval!.upper[h][0]) inside[h]++;
          if (Math.abs(y) <= Z_90 * 0.5) raw[h]++;
        }
      }
      expect(raw[0] / 5000).toBeLessThan(0.55);
      expect(raw[1] / 5000).toBeLessThan(0.3);
      for (let h = 0; h < horizon; h++) expect(Math.abs(inside[h] / 5000 - 0.8)).toBeLessThan(0.035);
    });
  }
});

describe('the evaluator with a calibration', () => {
  const contextOf = (forecastCalibration?: unknown) =>
    ({
      task: 'forecasting',
      targetStd: [2],
      stored: {
        dataset: {
          columns: { targets: ['y'] },
          featureColumns: ['y'],
          horizon: 1,
          ...(forecastCalibration ? { forecastCalibration } : {}),
        },
        normalization: { columns: ['y'], mean: [10], std: [2] },
      },
      model: { config: { loss: 'gaussian-nll' } },
    }) as unknown as EvaluationContext;
  const batch = batchOf([0.5, 2]);
  const output = [0, rawOf(1), 0, rawOf(1)];

  it('scores an old checkpoint (no calibration) exactly as before, with no raw metrics', () => {
    const evaluator = createErrorEvaluator(contextOf());
    evaluator.add(batch, output, 2);
    const m = evaluator.finish(0);
    expect(m.coverage).toBe(0.5); // 0.5 inside ±1.28, 2 outside
    expect(m.intervalWidth).toBeCloseTo(2 * Z_90 * 2, 9);
    expect(m.rawCoverage).toBeUndefined();
  });

  it('reports the calibrated interval as coverage and the head’s own as rawCoverage', () => {
    const evaluator = createErrorEvaluator(
      contextOf({ kind: 'gaussian-scale', windows: 9, bucket: 1, corrections: [2] }),
    );
    evaluator.add(batch, output, 2);
    const m = evaluator.finish(0);
    expect(m.coverage).toBe(1); // σ 2: ±2.56 holds both
    expect(m.rawCoverage).toBe(0.5);
    expect(m.intervalWidth).toBeCloseTo(2 * Z_90 * 2 * 2, 9);
    expect(m.rawIntervalWidth).toBeCloseTo(2 * Z_90 * 2, 9);
    expect(m.mae).toBeCloseTo(((0.5 + 2) * 2) / 2, 9); // the point forecast is not touched
    expect(m.crps).toBeLessThan(m.rawCrps!); // 2 lies far out of the raw head's spread
  });
});

describe('the task hook and the windows it reads', () => {
  it('stores the fitted calibration in the dataset description, and drops a stale one for a point head', () => {
    const dataset = { horizon: 1, columns: { targets: ['y'] } } as unknown as DatasetMetadata;
    const model = {
      config: { loss: 'gaussian-nll' as const, outputSize: 2 },
      forward: (batch: Batch) => ({ output: Array.from({ length: batch.batchSize }, () => [0, rawOf(1)]).flat() }),
    };
    const calibrated = calibrateForecaster(dataset, model, [batchOf([1, -2, 3, -4, 5, -6, 7, -8, 9])]);
    expect(calibrated.forecastCalibration?.corrections[0]).toBeCloseTo(8 / Z_90, 9);
    const point = calibrateForecaster(calibrated, { ...model, config: { loss: 'mse', outputSize: 1 } }, []);
    expect(point.forecastCalibration).toBeUndefined();
  });

  it('fits on the validation windows before the backtest’s rows only', () => {
    // 100 windows, a backtest of 3 origins 10 rows apart scores windows 79, 89, 99: rows from window 79 on
    expect(Array.from(calibrationWindows(100, 3, 10, 1))).toEqual(Array.from({ length: 70 }, (_, i) => i));
    expect(calibrationWindows(100, 0, 10, 1).length).toBe(100);
    expect(calibrationWindows(20, 3, 10, 1).length).toBe(0);
    expect(calibrationWindows(10_000, 0, 1, 1).length).toBe(4096);
  });
});
