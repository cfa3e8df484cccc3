/**
 * Sequence-to-sequence metrics over validation batches. From the teacher-forced forward (the loss's
 * pass): `tokenAccuracy`, the share of target tokens (and `<eos>`) the model ranks first given the
 * reference's previous tokens. From a greedy decode of every source (what a user gets): `exactMatch`,
 * `tokenErrorRate` (token edit distance / reference tokens), `charErrorRate` (the same over the
 * detokenised texts' characters), corpus `bleu` (sacreBLEU's default: 13a tokenisation, exponential
 * smoothing) and `chrF` (character 6-grams, β = 2). References are the validation targets as the
 * vocabulary reads them (a word outside it is `<unk>`, and counts as wrong whatever the model writes).
 * The first `EXAMPLES_SHOWN` examples — the same ones at every evaluation — are kept for the Training panel.
 */

import type { EncoderDecoderModel } from '../../engine/encoder-decoder';
import { Seq2seqModel } from '../../engine/seq2seq-model';
import { beamSearch, greedyDecode } from '../../inference/pair-decoding';
import type { ValidationExample } from '../../protocol/run-records';
import type { EvaluationContext, MetricAccumulator } from '../task-training';
import { corpusBleu } from './bleu';
import { corpusChrf } from './chrf';
import { editDistance } from '../../inference/edit-distance';
import { pairCodecOf, type PairCodec } from '../../inference/pair-codec';

/** Validation examples shown in the Training panel's table. */
export const EXAMPLES_SHOWN = 8;

export function createSeq2seqEvaluator(context: EvaluationContext): MetricAccumulator {
  if (!(context.model instanceof Seq2seqModel))
    throw new Error('sequence-to-sequence metrics need the encoder–decoder being evaluated');
  if (!context.stored) throw new Error('sequence-to-sequence metrics need the vocabularies the model was trained with');
  const network = context.model.network;
  const codec = pairCodecOf(context.stored);
  const sums = { correctTokens: 0, targetTokens: 0, exact: 0, examples: 0, tokenEdits: 0, refTokens: 0 };
  const chars = { edits: 0, reference: 0 };
  const hypotheses: string[] = [];
  const references: string[] = [];
  const examples: ValidationExample[] = [];
  return {
    // output [B, Td, V]: teacher-forced logits
    add(batch, output, V) {
      const decoder = batch.decoder!;
      const targets = batch.targets as Int32Array;
      const { batchSize: B } = batch;
      const Td = decoder.steps;
      for (let b = 0; b < B; b++)
        for (let t = 0; t < decoder.lengths[b]; t++) {
          if (argmax(output, (b * Td + t) * V, V) === targets[b * Td + t]) sums.correctTokens++;
          sums.targetTokens++;
        }
      const decoded = decode(network, batch.tokens!, batch.lengths!, batch.steps, codec, context.beam ?? 1);
      for (let b = 0; b < B; b++) {
        const reference = targets.subarray(b * Td, b * Td + decoder.lengths[b] - 1); // without <eos>
        const output = decoded.outputs[b];
        const referenceTokens = codec.targetTokens(reference);
        const outputTokens = codec.targetTokens(output);
        const referenceText = codec.targetText(referenceTokens);
        const outputText = codec.targetText(outputTokens);
        sums.examples++;
        if (sameIds(output, reference)) sums.exact++;
        sums.tokenEdits += editDistance(output, reference);
        sums.refTokens += reference.length;
        chars.edits += editDistance([...outputText], [...referenceText]);
        chars.reference += [...referenceText].length;
        hypotheses.push(outputText);
        references.push(referenceText);
        if (examples.length < EXAMPLES_SHOWN) {
          const length = batch.lengths![b];
          const source = codec.sourceText(batch.tokens!.subarray(b * batch.steps, b * batch.steps + length));
          examples.push({ source, reference: referenceText, output: outputText, referenceTokens, outputTokens });
        }
      }
    },
    finish: (loss) => ({
      loss,
      tokenAccuracy: sums.correctTokens / sums.targetTokens,
      exactMatch: sums.exact / sums.examples,
      tokenErrorRate: sums.tokenEdits / Math.max(1, sums.refTokens),
      charErrorRate: chars.edits / Math.max(1, chars.reference),
      bleu: corpusBleu(hypotheses, [references]).score,
      chrF: corpusChrf(hypotheses, [references]),
    }),
    examples: () => examples,
  };
}

export type { PairCodec };

/** Each source's output ids: greedy for a whole batch at once, or beam search source by source. */
function decode(
  network: EncoderDecoderModel,
  sources: Int32Array,
  lengths: Int32Array,
  Ts: number,
  codec: PairCodec,
  beam: number,
): { outputs: Int32Array[] } {
  if (beam <= 1) return greedyDecode(network, sources, lengths, Ts, codec.special, codec.maxOutputLength);
  const outputs = Array.from(lengths, (length, b) => {
    const source = sources.slice(b * Ts, b * Ts + length);
    return beamSearch(network, source, codec.special, { beam, maxLength: codec.maxOutputLength, nBest: 1 })[0].tokens;
  });
  return { outputs };
}

function argmax(values: ArrayLike<number>, offset: number, count: number): number {
  let best = 0;
  for (let k = 1; k < count; k++) if (values[offset + k] > values[offset + best]) best = k;
  return best;
}

function sameIds(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
