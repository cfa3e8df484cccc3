/**
 * `evaluate-ablate`: the session's batches run again with units of one layer/direction's h or c held at
 * 0 or at their mean (src/inference/ablation.ts; the clamping is inside the engine's recurrence), scored
 * by the task's evaluator exactly as src/train/evaluate.ts scores validation, and compared with the
 * session's own pass sequence by sequence: for classifiers the sequences whose predicted label changed,
 * for other tasks those whose loss changed most.
 */

import * as l10n from '../../protocol/l10n';
import type { ModelConfig } from '../../engine/config';
import { stateClamp, withAblation } from '../../inference/ablation';
import { singleStackOf } from '../../inference/predictor';
import { SequenceScorer } from '../../inference/sequence-scores';
import { MAX_RESULTS, type AblationQuery, type AblationResult } from '../../protocol/evaluate-view';
import { evaluateWithExamples } from '../../train/evaluate';
import type { EvaluationSession } from './evaluation-sessions';
import { registerHandler, type HandlerContext } from './handlers';
import { requireSession } from './evaluation-sessions';
import { sequenceText } from './sequence-text';

/** A loss counts as changed past this share of its size (float32 noise is ~1e-7). */
const LOSS_CHANGE = 1e-5;

export function ablate(
  session: EvaluationSession,
  query: AblationQuery,
  context: Pick<HandlerContext<'evaluate-ablate'>, 'partial' | 'throwIfCancelled'>,
): AblationResult {
  const started = performance.now();
  const model = singleStackOf(session.predictor);
  const { address, units, mode } = query;
  if (mode !== 'zero' && mode !== 'mean') throw new Error(`ablation mode must be zero or mean, not ${String(mode)}`);
  const values =
    mode === 'zero' ? new Float64Array(units.length) : pick(session.states.unitMeans(address), units, address.signal);
  const clamp = stateClamp(model, address, units, values);
  const sequences = session.states.sequences;
  // Each sequence's loss and class as the session scored them (the same scorer as its report pass).
  const scorer = new SequenceScorer(model.config);
  context.partial({ stage: 'ablating', done: 0, total: sequences });
  const evaluation = withAblation(model, address, clamp, () =>
    evaluateWithExamples(model, session.batches(), { ...session.context, report: false }, null, {
      scored: (batch, result) => {
        if (scorer.sequences + batch.batchSize > sequences)
          throw new Error(
            l10n.t('the evaluated data now has more than the {0} sequences it had: open Evaluate again', sequences),
          );
        scorer.add(batch, result.output);
        context.partial({ stage: 'ablating', done: scorer.sequences, total: sequences });
        context.throwIfCancelled();
      },
    }),
  );
  const after = scorer.results();
  const changed = classifies(model.config)
    ? changedLabels(session, after.predicted, after.loss)
    : changedLosses(session, after.loss);
  return {
    query,
    before: session.summary.metrics,
    after: evaluation.metrics,
    changed: changed.rows,
    changedCount: changed.count,
    ms: performance.now() - started,
  };
}

/** A head that predicts one class per sequence (the scorer gives its predictions; −1 for other heads). */
function classifies(config: ModelConfig): boolean {
  return (
    config.headOn !== 'every' && (config.loss === 'softmax-ce' || (config.loss === 'bce' && config.outputSize === 1))
  );
}

/** The means of the chosen units (checked against the cached width first). */
function pick(means: Float32Array, units: readonly number[], signal: string): Float64Array {
  for (const u of units)
    if (!Number.isInteger(u) || u < 0 || u >= means.length)
      throw new Error(`unit ${u} does not exist: ${signal} has units 0…${means.length - 1}`);
  return Float64Array.from(units, (u) => means[u]);
}

type ChangedRow = AblationResult['changed'][number];

/** Classifiers: every sequence whose predicted label changed, most hurt (loss up) first. */
function changedLabels(
  session: EvaluationSession,
  predictedAfter: Int32Array,
  lossAfter: Float32Array,
): { rows: ChangedRow[]; count: number } {
  const labels = session.summary.labels ?? [];
  const name = (id: number) => labels[id] ?? String(id);
  const changed: number[] = [];
  for (let s = 0; s < predictedAfter.length; s++) if (predictedAfter[s] !== session.predicted[s]) changed.push(s);
  changed.sort((a, b) => lossAfter[b] - session.sequenceLoss[b] - (lossAfter[a] - session.sequenceLoss[a]) || a - b);
  return {
    count: changed.length,
    rows: changed.slice(0, MAX_RESULTS).map((s) => ({
      sequence: s,
      text: sequenceText(session, s),
      before: name(session.predicted[s]),
      after: name(predictedAfter[s]),
      lossBefore: session.sequenceLoss[s],
      lossAfter: lossAfter[s],
    })),
  };
}

/** Other tasks: the sequences whose loss changed most (either way); `before`/`after` are the losses written out. */
function changedLosses(session: EvaluationSession, lossAfter: Float32Array): { rows: ChangedRow[]; count: number } {
  const before = session.sequenceLoss;
  const changed: number[] = [];
  for (let s = 0; s < lossAfter.length; s++) {
    const delta = Math.abs(lossAfter[s] - before[s]);
    if (delta > LOSS_CHANGE * Math.max(1, Math.abs(before[s]))) changed.push(s);
  }
  changed.sort((a, b) => Math.abs(lossAfter[b] - before[b]) - Math.abs(lossAfter[a] - before[a]) || a - b);
  return {
    count: changed.length,
    rows: changed.slice(0, MAX_RESULTS).map((s) => ({
      sequence: s,
      text: sequenceText(session, s),
      before: before[s].toPrecision(4),
      after: lossAfter[s].toPrecision(4),
      lossBefore: before[s],
      lossAfter: lossAfter[s],
    })),
  };
}

registerHandler('evaluate-ablate', ({ sessionId, query }, context) =>
  ablate(requireSession(sessionId), query, context),
);
