/**
 * Forecasting metrics: `mae` and `rmse` in the target columns' original units (the model works on
 * z-scores, so each error is scaled back by its column's standard deviation).
 */

import type { EvaluationContext, MetricAccumulator } from '../task-training';

export function createErrorEvaluator(context: EvaluationContext): MetricAccumulator {
  let absSum = 0;
  let squareSum = 0;
  let errorCount = 0;
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
          squareSum += error * error;
          errorCount++;
        }
      }
    },
    finish: (loss) => ({ loss, mae: absSum / errorCount, rmse: Math.sqrt(squareSum / errorCount) }),
  };
}
