import { describe, expect, it } from 'vitest';
import type { MetricAccumulator } from '../../../src/tasks/task-training';

type Batch = Parameters<MetricAccumulator['add']>[0];
import { createErrorEvaluator } from '../../../src/tasks/forecasting/metrics';

/** Two sequences, one target, errors of 1 and 3 z-scores. */
function evaluateWithStd(std: number) {
  const evaluator = createErrorEvaluator({ task: 'forecasting', targetStd: [std] });
  const batch = { batchSize: 2, targets: new Float32Array([0, 0]) } as unknown as Batch;
  evaluator.add(batch, new Float32Array([1, -3]), 1);
  return evaluator.finish(0.5);
}

describe('forecasting error metrics', () => {
  it('are in the target column’s units', () => {
    const m = evaluateWithStd(2);
    expect(m.mae).toBeCloseTo(4, 12);
    expect(m.rmse).toBeCloseTo(2 * Math.sqrt(5), 12);
  });

  it('stay finite for a column near 1e155, whose squared errors pass Number.MAX_VALUE (found by the fuzz suite)', () => {
    const m = evaluateWithStd(1e155);
    expect(m.mae).toBeCloseTo(2e155, -143);
    expect(Number.isFinite(m.rmse)).toBe(true);
    expect(m.rmse! / 1e155).toBeCloseTo(Math.sqrt(5), 12);
  });
});
