/**
 * Texts → one flat array of token ids with offsets, and the vocabulary of the training part, in one
 * tokenising pass: every distinct token gets a provisional id as it is first seen, the tokens of the
 * training examples are counted once the split is known, then provisional ids are mapped to the final
 * top-K ids or `<unk>`.
 * Evaluation encodes with a checkpoint's vocabulary instead (`encodeTextsWithVocabulary`).
 */

import { compareCodePoints } from './cells';
import { GrowableInt32 } from './growable';
import { allocateTokenIds, tokenize, type TokenIds, type TokenUnit } from './tokenize';
import { buildVocabulary, UNK_ID, type Vocabulary } from './vocabulary';
import { NEW_WORD_SPLIT, type WordSplit } from './word-split';

export interface EncodedTexts {
  /** Token ids of every text, back to back (not truncated). */
  ids: TokenIds;
  /** Text i is `ids[offsets[i] … offsets[i+1])`; length texts + 1. */
  offsets: Int32Array;
  vocab: Vocabulary;
}

export function encodeTexts(
  texts: readonly string[],
  trainIndices: Int32Array,
  options: { unit: TokenUnit; maxSize: number; words?: WordSplit },
): EncodedTexts {
  const tokens = new ProvisionalTokens(options.unit, CLASSIFIER_TOKENS, options.words);
  for (const text of texts) tokens.add(text);
  return tokens.encode(trainIndices, options.maxSize);
}

/** How `ProvisionalTokens` reads a text and builds the vocabulary (a classifier's, or one side of a pair). */
export interface ProvisionalTokenRules {
  split(text: string, unit: TokenUnit, words: WordSplit): string[];
  vocabulary(counts: ReadonlyMap<string, number>, unit: TokenUnit, maxSize: number, words: WordSplit): Vocabulary;
}

/** A classifier's: lowercased words or characters (tokenize.ts), the most frequent after `<pad>`, `<unk>`. */
const CLASSIFIER_TOKENS: ProvisionalTokenRules = {
  split: tokenize,
  vocabulary: (counts, unit, maxSize, words) => buildVocabulary(counts, { unit, maxSize, order: 'frequency', words }),
};

/**
 * Texts tokenised as they arrive (rows of a streamed table), before the split is known: each distinct
 * token gets a provisional id when first seen, texts are kept as provisional ids with offsets (4 bytes a
 * token, never the text). `encode` then counts the training texts' tokens, builds the vocabulary and maps
 * to final ids — what `encodeTexts` does for texts held in memory.
 */
export class ProvisionalTokens {
  private readonly provisional = new Map<string, number>();
  private readonly sequence = new GrowableInt32(1 << 16);
  private readonly offsets = new GrowableInt32(1 << 10);

  constructor(
    readonly unit: TokenUnit,
    private readonly rules: ProvisionalTokenRules = CLASSIFIER_TOKENS,
    /** The word rule (new runs: the new rule; a resumed run: its checkpoint's). */
    readonly words: WordSplit = NEW_WORD_SPLIT,
  ) {
    this.offsets.push(0);
  }

  /** Texts added so far. */
  get texts(): number {
    return this.offsets.length - 1;
  }

  add(text: string): void {
    const { provisional, sequence } = this;
    for (const token of this.rules.split(text, this.unit, this.words)) {
      let id = provisional.get(token);
      if (id === undefined) {
        id = provisional.size;
        provisional.set(token, id);
      }
      sequence.push(id);
    }
    this.offsets.push(sequence.length);
  }

  /** Final ids of every text and the vocabulary of the texts at `trainIndices` (ascending or not). */
  encode(trainIndices: Int32Array, maxSize: number): EncodedTexts {
    const sequence = this.sequence.view();
    const offsets = this.offsets.toArray();
    const counts = new Int32Array(this.provisional.size);
    for (const i of trainIndices) for (let k = offsets[i]; k < offsets[i + 1]; k++) counts[sequence[k]]++;
    const trainCounts = new Map<string, number>();
    for (const [token, id] of this.provisional) if (counts[id] > 0) trainCounts.set(token, counts[id]);
    const vocab = this.rules.vocabulary(trainCounts, this.unit, maxSize, this.words);
    const finalId = new Int32Array(counts.length).fill(UNK_ID);
    for (const [token, id] of this.provisional) if (vocab.has(token)) finalId[id] = vocab.idOf(token);
    const total = sequence.length;
    const ids = allocateTokenIds(vocab.size, total);
    for (let k = 0; k < total; k++) ids[k] = finalId[sequence[k]];
    return { ids, offsets, vocab };
  }
}

export interface StoredVocabularyTexts {
  /** Token ids of every text, back to back (not truncated). */
  ids: TokenIds;
  /** Text i is `ids[offsets[i] … offsets[i+1])`; length texts + 1. */
  offsets: Int32Array;
  /** Tokens in all texts. */
  tokens: number;
  /** Tokens read as `<unk>`. */
  unknown: number;
  /** The most frequent unknown tokens (up to 5, most frequent first), for messages. */
  unknownExamples: string[];
}

/** Texts → ids with a fixed (stored) vocabulary; tokens it lacks become `<unk>`. */
export function encodeTextsWithVocabulary(texts: readonly string[], vocab: Vocabulary): StoredVocabularyTexts {
  let sequence = new Int32Array(1 << 16);
  let total = 0;
  const offsets = new Int32Array(texts.length + 1);
  const unknownCounts = new Map<string, number>();
  let unknown = 0;
  for (let i = 0; i < texts.length; i++) {
    const tokens = tokenize(texts[i], vocab.unit, vocab.words);
    if (total + tokens.length > sequence.length) {
      const grown = new Int32Array(Math.max(total + tokens.length, sequence.length * 2));
      grown.set(sequence.subarray(0, total));
      sequence = grown;
    }
    for (const token of tokens) {
      const id = vocab.idOf(token);
      if (id === UNK_ID) {
        unknown++;
        unknownCounts.set(token, (unknownCounts.get(token) ?? 0) + 1);
      }
      sequence[total++] = id;
    }
    offsets[i + 1] = total;
  }
  const ids = allocateTokenIds(vocab.size, total);
  ids.set(sequence.subarray(0, total));
  const unknownExamples = [...unknownCounts.entries()]
    .sort(([a, ca], [b, cb]) => cb - ca || compareCodePoints(a, b))
    .slice(0, 5)
    .map(([token]) => token);
  return { ids, offsets, tokens: total, unknown, unknownExamples };
}
