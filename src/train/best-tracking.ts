/**
 * Which evaluation is the best so far (lowest finite validation loss, by more than `minDelta`) and when
 * early stopping is due. The state lives in the trainer's position so a resumed run keeps it.
 */

import type { EvaluationRecord } from '../protocol/training-events';

export interface BestState {
  best: EvaluationRecord | null;
  /** Evaluations since the best one. */
  evaluationsSinceBest: number;
}

/**
 * Records an evaluation; returns true when it is the new best. An evaluation that is not `eligible` (its
 * loss exploded: src/train/divergence.ts) is never the best, even as the first one.
 */
export function recordEvaluation(
  state: BestState,
  record: EvaluationRecord,
  minDelta: number,
  eligible = true,
): boolean {
  const loss = record.metrics.loss;
  const isBest =
    eligible && Number.isFinite(loss) && (state.best === null || loss < state.best.metrics.loss - minDelta);
  if (isBest) {
    state.best = record;
    state.evaluationsSinceBest = 0;
  } else {
    state.evaluationsSinceBest++;
  }
  return isBest;
}

/** The early-stopping reason when `patience` evaluations (> 0) passed without a new best, else null. */
export function earlyStoppingReason(state: BestState, patience: number): string | null {
  if (patience <= 0 || state.evaluationsSinceBest < patience) return null;
  return `early stopping: no improvement of the validation loss for ${patience} evaluations (best at step ${state.best?.step})`;
}
