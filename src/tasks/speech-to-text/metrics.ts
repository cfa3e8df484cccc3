/**
 * Speech-to-text metrics over validation batches: each recording's per-step logits decoded greedily (best
 * path: what the Training panel can afford at every evaluation; `lstm-studio eval --beam N` asks for
 * prefix beam search instead) and compared with its transcript —
 * `charErrorRate` (the headline) and `wordErrorRate`, summed edits over summed reference lengths. The
 * first `EXAMPLES_SHOWN` recordings — the same at every evaluation — are kept as examples (reference vs
 * hypothesis) for the Training panel.
 */

import { bestPathOf, collapseCtcPath, logSoftmaxFrames, prefixBeamSearch } from '../../inference/ctc-decoding';
import { ErrorRateTally } from '../../inference/error-rates';
import type { ValidationExample } from '../../protocol/run-records';
import type { EvaluationContext, MetricAccumulator } from '../task-training';
import { decodeLabels } from './transcript-symbols';

/** Validation examples shown in the Training panel's table. */
export const EXAMPLES_SHOWN = 8;

export function createSpeechEvaluator(context: EvaluationContext): MetricAccumulator {
  const symbols = context.stored?.dataset.symbols;
  if (!symbols) throw new Error('speech-to-text metrics need the symbols the model was trained with');
  const beam = context.beam ?? 1;
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
        const labels =
          beam > 1 ? beamLabels(output, b * T * C, frames, C, beam) : greedyLabels(output, b * T * C, frames, C);
        const hypothesis = decodeLabels(labels, symbols);
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

/** Best path: argmax of the logits is the argmax of the probabilities, so no softmax is needed. */
function greedyLabels(output: ArrayLike<number>, offset: number, frames: number, C: number): number[] {
  return collapseCtcPath(bestPathOf(output, frames, C, offset));
}

/** The most probable labelling of prefix beam search over one recording's frames (T, C) from `offset`. */
function beamLabels(output: ArrayLike<number>, offset: number, frames: number, C: number, beam: number): number[] {
  const logits = Array.prototype.slice.call(output, offset, offset + frames * C) as number[];
  return prefixBeamSearch(logSoftmaxFrames(logits, frames, C), frames, C, beam, 1)[0]?.labels ?? [];
}
