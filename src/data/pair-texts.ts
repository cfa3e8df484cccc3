/**
 * Pairs back to text, for what the user reads: the validation examples under the Training panel's
 * charts, the outputs of `eval` and `predict`. Texts are rebuilt from the ids the model saw, not kept
 * from the file (a streamed file keeps no strings): characters exactly, words as `detokenize` spaces
 * them, a token outside the vocabulary as `<unk>`. So what is shown is what the metrics score.
 */

import type { PairSequences } from './pair-batcher';
import { detokenize } from './pair-tokens';
import { EOS_ID, SOS_ID, type SideSequences } from './pair-vocabulary';
import type { Vocabulary } from './vocabulary';

/** One pair as text and tokens. */
export interface PairExample {
  source: string;
  reference: string;
  sourceTokens: string[];
  referenceTokens: string[];
}

/** Tokens of text i of a side (uncut). */
export function sideTokens(side: SideSequences, i: number, vocab: Vocabulary): string[] {
  const tokens: string[] = [];
  for (let k = side.offsets[i]; k < side.offsets[i + 1]; k++) tokens.push(vocab.tokenOf(side.ids[k]));
  return tokens;
}

/** Pair i of `data` as text and tokens. */
export function pairExample(
  data: PairSequences,
  i: number,
  vocabs: { source: Vocabulary; target: Vocabulary },
): PairExample {
  const sourceTokens = sideTokens(data.source, i, vocabs.source);
  const referenceTokens = sideTokens(data.target, i, vocabs.target);
  return {
    source: detokenize(sourceTokens, vocabs.source.unit),
    reference: detokenize(referenceTokens, vocabs.target.unit),
    sourceTokens,
    referenceTokens,
  };
}

/**
 * A decoder's output ids as target tokens: read up to the first `<eos>` (not included); `<pad>` and
 * `<sos>` are dropped, an id outside the vocabulary reads `<unk>`.
 */
export function outputTokens(ids: ArrayLike<number>, targetVocab: Vocabulary): string[] {
  const tokens: string[] = [];
  for (let t = 0; t < ids.length; t++) {
    const id = ids[t];
    if (id === EOS_ID) break;
    if (id === SOS_ID || id === targetVocab.padId) continue;
    tokens.push(targetVocab.tokenOf(id));
  }
  return tokens;
}

/** A decoder's output ids as text (see `outputTokens` and `detokenize`). */
export function outputText(ids: ArrayLike<number>, targetVocab: Vocabulary): string {
  return detokenize(outputTokens(ids, targetVocab), targetVocab.unit);
}
