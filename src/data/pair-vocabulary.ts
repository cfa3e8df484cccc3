/**
 * The vocabularies of a sequence-to-sequence dataset, one per side. Both start with `<pad>` = 0 and
 * `<unk>` = 1 (src/data/vocabulary-ids.ts); the target side adds `<sos>` = 2, the decoder's first input,
 * and `<eos>` = 3, the token that ends an output. Each keeps the most frequent tokens of the training
 * pairs (ties by code point, as `buildVocabulary`), at most `maxSize` entries with the specials.
 *
 * `PairSideTokens` reads one side's texts as they arrive (rows of a streamed table) into provisional ids
 * with offsets — 4 bytes a token, never the text — and maps them to final ids once the split is known,
 * as `ProvisionalTokens` (corpus.ts) does for a classifier, with the pair tokens of pair-tokens.ts.
 */

import type { TokenUnit } from '../protocol/tokens';
import { compareCodePoints } from './cells';
import { ProvisionalTokens } from './corpus';
import { GrowableInt32 } from './growable';
import { pairTokens } from './pair-tokens';
import { allocateTokenIds, type TokenIds } from './tokenize';
import { buildVocabulary, UNK_ID, Vocabulary } from './vocabulary';
import { NEW_WORD_SPLIT, type WordSplit } from './word-split';

/** The decoder's first input: "start of sequence". */
export const SOS_ID = 2;
/** The token that ends every target: "end of sequence". */
export const EOS_ID = 3;
export const SOS_TOKEN = '<sos>';
export const EOS_TOKEN = '<eos>';

/** Which specials a side's vocabulary has after `<pad>` and `<unk>`. */
export type PairSide = 'source' | 'target';

/** One side's texts as ids: text i is `ids[offsets[i] … offsets[i+1])` (not truncated). */
export interface SideSequences {
  ids: TokenIds;
  offsets: Int32Array;
}

export interface EncodedSide extends SideSequences {
  vocab: Vocabulary;
}

/**
 * The vocabulary of one side from token counts: `<pad>`, `<unk>` (and for the target `<sos>`, `<eos>`),
 * then the most frequent tokens, at most `maxSize` entries in all.
 */
export function buildSideVocabulary(
  counts: ReadonlyMap<string, number>,
  unit: TokenUnit,
  side: PairSide,
  maxSize: number,
  words: WordSplit = NEW_WORD_SPLIT,
): Vocabulary {
  if (side === 'source') return buildVocabulary(counts, { unit, maxSize, order: 'frequency', words });
  // Two more specials: rank the tokens for two fewer entries, then put `<sos>` and `<eos>` first.
  if (!(maxSize >= 5)) throw new Error(`vocabulary: a target side needs at least 5 entries, got ${maxSize}`);
  const ranked = buildVocabulary(counts, { unit, maxSize: maxSize - 2, order: 'frequency', words });
  return Vocabulary.fromTokens(unit, [SOS_TOKEN, EOS_TOKEN, ...ranked.tokens.slice(2)], words);
}

/** One side's texts tokenised as they arrive, before the split is known (see the module comment). */
export class PairSideTokens extends ProvisionalTokens {
  constructor(
    unit: TokenUnit,
    readonly side: PairSide,
    words: WordSplit = NEW_WORD_SPLIT,
  ) {
    super(
      unit,
      {
        split: pairTokens,
        vocabulary: (counts, sideUnit, maxSize, sideWords) =>
          buildSideVocabulary(counts, sideUnit, side, maxSize, sideWords),
      },
      words,
    );
  }
}

/** One text as ids of a stored vocabulary, with the pair tokens of its unit; unknown tokens → `<unk>`. */
export function encodePairText(text: string, vocab: Vocabulary): Int32Array {
  const tokens = pairTokens(text, vocab.unit, vocab.words);
  const ids = new Int32Array(tokens.length);
  for (let i = 0; i < tokens.length; i++) ids[i] = vocab.idOf(tokens[i]);
  return ids;
}

/** Texts encoded with a stored vocabulary, with how many tokens it lacked. */
export interface StoredSideTexts extends SideSequences {
  tokens: number;
  unknown: number;
  /** The most frequent unknown tokens (up to 5, most frequent first), for messages. */
  unknownExamples: string[];
}

/** Encodes texts as they arrive with a stored vocabulary (evaluation): unknown tokens become `<unk>` and are counted. */
export class StoredSideEncoder {
  private readonly sequence = new GrowableInt32(1 << 16);
  private readonly offsets = new GrowableInt32(1 << 10);
  private readonly unknownCounts = new Map<string, number>();
  private unknown = 0;

  constructor(readonly vocab: Vocabulary) {
    this.offsets.push(0);
  }

  add(text: string): void {
    for (const token of pairTokens(text, this.vocab.unit, this.vocab.words)) {
      const id = this.vocab.idOf(token);
      if (id === UNK_ID) {
        this.unknown++;
        this.unknownCounts.set(token, (this.unknownCounts.get(token) ?? 0) + 1);
      }
      this.sequence.push(id);
    }
    this.offsets.push(this.sequence.length);
  }

  finish(): StoredSideTexts {
    const sequence = this.sequence.view();
    const ids = allocateTokenIds(this.vocab.size, sequence.length);
    ids.set(sequence);
    const unknownExamples = [...this.unknownCounts.entries()]
      .sort(([a, ca], [b, cb]) => cb - ca || compareCodePoints(a, b))
      .slice(0, 5)
      .map(([token]) => token);
    return { ids, offsets: this.offsets.toArray(), tokens: sequence.length, unknown: this.unknown, unknownExamples };
  }
}
