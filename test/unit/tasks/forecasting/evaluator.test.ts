import { describe, expect, it } from 'vitest';
import { SCALE_FLOOR } from '../../../../src/engine/distribution-losses';
import { Z_90 } from '../../../../src/tasks/forecasting/distribution';
import { gaussianCrps } from '../../../../src/tasks/forecasting/interval-metrics';
import { createErrorEvaluator } from '../../../../src/tasks/forecasting/metrics';
import type { EvaluationContext, MetricAccumulator } from '../../../../src/tasks/task-training';

type Batch = Parameters<MetricAccumulator['add']>[0];

/** Features x, y (y the target: mean 10, std 2), a window of 3 rows, horizon 2; MASE's scale 4. */
function context(loss: 'mse' | 'gaussian-nll'): EvaluationContext {
  return {
    task: 'forecasting',
    targetStd: [2],
    stored: {
      dataset: {
        columns: { targets: ['y'] },
        featureColumns: ['x', 'y'],
        maseScale: [4],
        season: 1,
      },
      normalization: { columns: ['x', 'y'], mean: [0, 10], std: [1, 2] },
    },
    model: { config: { loss } },
  } as unknown as EvaluationContext;
}

// history y = 10, 12, 14; actual next values 16, 20
const batch = {
  batchSize: 1,
  steps: 3,
  features: new Float32Array([0, 0, 0, 1, 0, 2]),
  targets: new Float32Array([3, 5]),
} as unknown as Batch;

describe('the forecasting evaluator', () => {
  it("scores a Gaussian model's median, interval and CRPS in units, and the baselines on the same windows", () => {
    const evaluator = createErrorEvaluator(context('gaussian-nll'));
    // (μ, raw) per value: both medians 3 (16 in units), σ = softplus(0) + floor
    evaluator.add(batch, new Float32Array([3, 0, 3, 0]), 4);
    const m = evaluator.finish(0.7);
    const sigma = Math.log(2) + SCALE_FLOOR;
    expect(m.loss).toBe(0.7);
    expect(m.mae).toBeCloseTo(2, 6); // errors 0 and 4
    expect(m.rmse).toBeCloseTo(Math.sqrt(8), 6);
    expect(m.mase).toBeCloseTo((0 + 4 / 4) / 2, 6);
    expect(m.smape).toBeCloseTo((0 + (2 * 4) / 36) / 2, 6);
    expect(m.coverage).toBe(0.5); // 16 inside, 20 outside 16 ± 1.78
    expect(m.intervalWidth).toBeCloseTo(2 * Z_90 * sigma * 2, 6);
    expect(m.crps).toBeCloseTo((2 * (gaussianCrps(3, 3, sigma) + gaussianCrps(5, 3, sigma))) / 2, 6);
    const baselines = evaluator.baselines()!;
    // naive 14, 14; drift (14 − 10)/2 per step: 16, 18; seasonal naive with m = 1 is the naive
    expect(baselines.naive).toMatchObject({ mae: 4, mase: 1 });
    expect(baselines.seasonalNaive.mae).toBe(4);
    expect(baselines.drift).toMatchObject({ mae: 1, mase: 0.25 });
    expect(baselines.drift.smape).toBeCloseTo((0 + (2 * 2) / 38) / 2, 12);
    // the model's MASE 0.5 against drift's 0.25: 100 % worse
    expect(m.maseVsBestBaseline).toBeCloseTo(-1, 6);
  });

  it('a point model has no interval metrics, and its errors are as before', () => {
    const evaluator = createErrorEvaluator(context('mse'));
    evaluator.add(batch, new Float32Array([3, 3]), 2);
    const m = evaluator.finish(0.1);
    expect(m.coverage).toBeUndefined();
    expect(m.crps).toBeUndefined();
    expect(m.mae).toBeCloseTo(2, 6);
  });

  it('a quantile model reports quantileLoss and the 10–90 % interval', () => {
    const c = context('gaussian-nll');
    (c.model as unknown as { config: object }).config = { loss: 'quantile', quantiles: [0.1, 0.5, 0.9] };
    const evaluator = createErrorEvaluator(c);
    evaluator.add(batch, new Float32Array([2, 3, 4, 2, 3, 4]), 6);
    const m = evaluator.finish(0.1);
    expect(m.coverage).toBe(0.5); // 16 in [14, 18]; 20 not
    expect(m.intervalWidth).toBeCloseTo(4, 6);
    // pinball in units (× std 2): value 0 (y = 3): 0.1·1 + 0 + (1 − 0.9)·1; value 1 (y = 5): 0.1·3 + 0.5·2 + 0.9·1
    const expected = (2 * ((0.1 * 1 + 0 + 0.1 * 1) / 3 + (0.1 * 3 + 0.5 * 2 + 0.9 * 1) / 3)) / 2;
    expect(m.quantileLoss).toBeCloseTo(expected, 6);
  });
});
