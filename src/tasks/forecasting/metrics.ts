/**
 * Forecasting metrics: `mae` and `rmse` in the target columns' original units (the model works on
 * z-scores, so each error is scaled back by its column's standard deviation). Squares are summed in units
 * of the largest standard deviation and scaled back after the root: a column near 1e155 (squared, past
 * Number.MAX_VALUE) still gets a finite RMSE.
 */

import type { EvaluationContext, MetricAccumulator } from '../task-training';

export function createErrorEvaluator(context: EvaluationContext): MetricAccumulator {
  let absSum = 0;
  let squareSum = 0;
  let errorCount = 0;
  const scale = Math.max(1e-300, ...(context.targetStd ?? [1]).map(Math.abs));
  return {
    // output, targets [B, O] with O = horizon × targets, target k % targets at step k / targets.
    add(batch, output, O) {
      const B = batch.batchSize;
      const targets = batch.targets!;
      for (let b = 0; b < B; b++) {
        for (let k = 0; k < O; k++) {
          const std = context.targetStd?.[k % context.targetStd.length] ?? 1;
          const error = (output[b * O + k] - targets[b * O + k]) * std;
          absSum += Math.abs(error);
          squareSum += (error / scale) ** 2;
          errorCount++;
        }
      }
    },
    finish: (loss) => ({ loss, mae: absSum / errorCount, rmse: scale * Math.sqrt(squareSum / errorCount) }),
  };
}
