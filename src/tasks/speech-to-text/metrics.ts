/**
 * Speech-to-text metrics over validation batches: each recording's per-step logits decoded greedily (best
 * path: what the Training panel can afford at every evaluation) and compared with its transcript —
 * `charErrorRate` (the headline) and `wordErrorRate`, summed edits over summed reference lengths. The
 * first `EXAMPLES_SHOWN` recordings — the same at every evaluation — are kept as examples (reference vs
 * hypothesis) for the Training panel.
 */

import { bestPathOf, collapseCtcPath } from '../../inference/ctc-decoding';
import { ErrorRateTally } from '../../inference/error-rates';
import type { ValidationExample } from '../../protocol/run-records';
import type { EvaluationContext, MetricAccumulator } from '../task-training';
import { decodeLabels } from './transcript-symbols';

/** Validation examples shown in the Training panel's table. */
export const EXAMPLES_SHOWN = 8;

export function createSpeechEvaluator(context: EvaluationContext): MetricAccumulator {
  const symbols = context.stored?.dataset.symbols;
  if (!symbols) throw new Error('speech-to-text metrics need the symbols the model was trained with');
  const tally = new ErrorRateTally();
  const examples: ValidationExample[] = [];
  let recordings = 0;
  return {
    // output [B, T, C]: logits at every step; targets [B, S] with targetLengths [B]
    add(batch, output, C) {
      const { batchSize: B, steps: T } = batch;
      const S = batch.targets!.length / B;
      for (let b = 0; b < B; b++) {
        const frames = batch.lengths ? batch.lengths[b] : T;
        // argmax of the logits is the argmax of the probabilities: no softmax needed for best path
        const path = bestPathOf(output, frames, C, b * T * C);
        const hypothesis = decodeLabels(collapseCtcPath(path), symbols);
        const labelCount = batch.targetLengths ? batch.targetLengths[b] : S;
        const reference = decodeLabels(Array.from(batch.targets!).slice(b * S, b * S + labelCount), symbols);
        tally.add(reference, hypothesis);
        recordings++;
        if (examples.length < EXAMPLES_SHOWN)
          examples.push({
            source: `recording ${recordings}`,
            reference,
            output: hypothesis,
            referenceTokens: Array.from(reference),
            outputTokens: Array.from(hypothesis),
          });
      }
    },
    finish: (loss) => ({ loss, charErrorRate: tally.charErrorRate(), wordErrorRate: tally.wordErrorRate() }),
    examples: () => examples,
  };
}
