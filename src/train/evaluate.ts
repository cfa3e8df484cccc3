/**
 * Validation metrics, computed over fixed validation batches with the model in inference mode: `loss`
 * for every task (mean over examples, or over steps for a head on every step), then the task's own
 * metrics from its evaluator (src/tasks/<task>/metrics.ts: accuracy, bits per character, MAE, …).
 */

import type { Batch } from '../engine/batch';
import type { RecurrentState } from '../engine/recurrent-layer';
import type { TrainableForwardResult, TrainableModel } from '../engine/trainable-model';
import { carryFinalState } from '../engine/train-step';
import { lossCount } from '../engine/loss-count';
import type { CarriedState } from './carried-state';
import { getTask } from '../tasks';
import type { EvaluationContext } from '../tasks/task-training';
import type { EvaluationReport } from '../protocol/evaluation-report';
import type { Metrics } from '../protocol/metrics';
import type { ValidationExample } from '../protocol/run-records';

export type { Metrics } from '../protocol/metrics';

export interface Evaluation {
  metrics: Metrics;
  examples: ValidationExample[] | undefined;
  baselines?: Record<string, Metrics>;
  /** With `context.report`: the task's report (what it got wrong), when the task writes one. */
  report?: EvaluationReport;
  /** With `context.report`, forecasters: the one-step-ahead residuals of every window in order, `[windows, targets]`. */
  residuals?: { targets: string[]; residuals: Float32Array };
}
export type { EvaluationContext } from '../tasks/task-training';

/**
 * `batches` may be a stream (each batch used before the next is drawn): nothing is kept across batches
 * but, with `carried` (a stateful run's stream batches), each row's state into the row's next window.
 */
export function evaluate(
  model: TrainableModel,
  batches: Iterable<Batch>,
  context: EvaluationContext,
  carried: CarriedState | null = null,
): Metrics {
  return evaluateWithExamples(model, batches, context, carried).metrics;
}

/**
 * What a caller sees of each batch of an evaluation (the Evaluate view's report pass keeps the recurrent
 * states and each sequence's loss from it): `forward` runs a batch in place of `model.forward` (the same
 * model, e.g. with gate recording on), `scored` sees each batch and its result once it is scored.
 */
export interface BatchObserver {
  forward?(batch: Batch, initialState: RecurrentState | undefined): TrainableForwardResult;
  scored?(batch: Batch, result: TrainableForwardResult): void;
}

/**
 * `evaluate`, with the few examples the task shows as the model answered them (sequence to sequence) and
 * the baselines it scores beside the model on the same batches (forecasting).
 */
export function evaluateWithExamples(
  model: TrainableModel,
  batches: Iterable<Batch>,
  context: EvaluationContext,
  carried: CarriedState | null = null,
  observer: BatchObserver = {},
): Evaluation {
  const config = model.config;
  const evaluator = getTask(context.task).training.createEvaluator({ ...context, model });
  let lossSum = 0;
  let weightSum = 0;
  for (const batch of batches) {
    const initialState = carried?.before(batch);
    const result = observer.forward ? observer.forward(batch, initialState) : model.forward(batch, { initialState });
    const { loss, output, finalState } = result;
    if (carried) {
      if (!finalState) throw new Error('this model has no state to carry into the next window');
      carryFinalState(initialState!, finalState);
      carried.after(batch);
    }
    // Each batch's loss is a mean; weight it by what it averaged over, so a short last batch counts less.
    const weight = lossCount(config, batch, 0, batch.batchSize);
    lossSum += loss * weight;
    weightSum += weight;
    evaluator.add(batch, output, config.outputSize);
    observer.scored?.(batch, result);
  }
  if (weightSum === 0) return { metrics: { loss: NaN }, examples: undefined };
  const metrics = evaluator.finish(lossSum / weightSum);
  const baselines = evaluator.baselines?.() ?? undefined;
  const report = context.report ? (evaluator.report?.() ?? undefined) : undefined;
  const residuals = context.report ? (evaluator.residuals?.() ?? undefined) : undefined;
  return {
    metrics,
    examples: evaluator.examples?.(),
    ...(baselines ? { baselines } : {}),
    ...(report ? { report } : {}),
    ...(residuals ? { residuals } : {}),
  };
}
