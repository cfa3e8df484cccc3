/**
 * Validation metrics per task, computed over fixed validation batches with the model in inference mode:
 * - every task: `loss` (mean over examples, or over characters for a language model);
 * - classification: `accuracy`;
 * - language model: `perplexity` = e^loss and `bitsPerChar` = loss / ln 2;
 * - forecasting: `mae` and `rmse` in the target column's original units (the model works on z-scores).
 */

import type { Batch } from '../engine/batch';
import type { LstmModel } from '../engine/model';
import type { Task } from '../data/detect';
import type { Metrics } from '../protocol/metrics';

export type { Metrics } from '../protocol/metrics';

/** The name of each task's headline metric, and whether larger is better. */
export function headlineMetric(task: Task): { key: keyof Metrics; label: string; higherIsBetter: boolean } {
  switch (task) {
    case 'classification':
      return { key: 'accuracy', label: 'accuracy', higherIsBetter: true };
    case 'language-model':
      return { key: 'bitsPerChar', label: 'bits per character', higherIsBetter: false };
    case 'forecasting':
      return { key: 'mae', label: 'MAE', higherIsBetter: false };
  }
}

export interface EvaluationContext {
  task: Task;
  /** Forecasting: std of each target column (to turn z-score errors back into units). */
  targetStd?: number[];
}

export function evaluate(model: LstmModel, batches: Batch[], context: EvaluationContext): Metrics {
  const config = model.config;
  let lossSum = 0;
  let weightSum = 0;
  let correct = 0;
  let examples = 0;
  let absSum = 0;
  let squareSum = 0;
  let errorCount = 0;
  for (const batch of batches) {
    const { loss, output } = model.forward(batch);
    const B = batch.batchSize;
    const T = batch.steps;
    const targets = batch.targets!;
    // Each batch's loss is a mean; weight it by what it averaged over, so a short last batch counts less.
    let weight = B;
    if (config.headOn === 'every') {
      weight = 0;
      for (let b = 0; b < B; b++) weight += batch.lengths ? batch.lengths[b] : T;
    }
    lossSum += loss * weight;
    weightSum += weight;
    if (context.task === 'classification') {
      const O = config.outputSize;
      for (let b = 0; b < B; b++) {
        const predicted = O === 1 ? (output[b] > 0 ? 1 : 0) : argmax(output, b * O, O);
        if (predicted === targets[b]) correct++;
      }
      examples += B;
    } else if (context.task === 'forecasting') {
      const O = config.outputSize;
      for (let b = 0; b < B; b++) {
        for (let k = 0; k < O; k++) {
          const std = context.targetStd?.[k % context.targetStd.length] ?? 1;
          const error = (output[b * O + k] - targets[b * O + k]) * std;
          absSum += Math.abs(error);
          squareSum += error * error;
          errorCount++;
        }
      }
    }
  }
  if (weightSum === 0) return { loss: NaN };
  const loss = lossSum / weightSum;
  switch (context.task) {
    case 'classification':
      return { loss, accuracy: correct / examples };
    case 'language-model':
      return { loss, perplexity: Math.exp(loss), bitsPerChar: loss / Math.LN2 };
    case 'forecasting':
      return { loss, mae: absSum / errorCount, rmse: Math.sqrt(squareSum / errorCount) };
  }
}

function argmax(values: ArrayLike<number>, offset: number, count: number): number {
  let best = 0;
  for (let k = 1; k < count; k++) if (values[offset + k] > values[offset + best]) best = k;
  return best;
}
