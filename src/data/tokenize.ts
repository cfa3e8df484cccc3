/**
 * Text → tokens, and token ids → fixed-length rows. Characters are code points (an emoji is one token,
 * not two UTF-16 units); words are the lowercased words of word-split.ts: runs of letters, digits and
 * combining marks (`\p{L}\p{N}\p{M}`, so "naïve" and Devanagari words stay whole), split on everything
 * else, and — under the `segmented` rule of new vocabularies — Chinese, Japanese and Thai runs cut into
 * words by `Intl.Segmenter`.
 */

import type { TokenUnit, TruncationKeeps } from '../protocol/tokens';
import { PAD_ID } from './vocabulary-ids';
import { NEW_WORD_SPLIT, splitWords, type WordSplit } from './word-split';

export type { TokenUnit, TruncationKeeps } from '../protocol/tokens';

/** Lowercased words (lowercased first, as always: a letter whose lower case is longer stays in its word). */
export function wordTokens(text: string, split: WordSplit = NEW_WORD_SPLIT): string[] {
  return splitWords(text.toLowerCase(), split);
}

export function charTokens(text: string): string[] {
  return Array.from(text);
}

/** Tokens of `text`; `split` is the word rule (a stored vocabulary's, or the new rule). */
export function tokenize(text: string, unit: TokenUnit, split: WordSplit = NEW_WORD_SPLIT): string[] {
  return unit === 'word' ? wordTokens(text, split) : charTokens(text);
}

/** Ids in the smallest array that holds every id of a vocabulary of `vocabSize`. */
export type TokenIds = Uint8Array | Uint16Array | Int32Array;

export function allocateTokenIds(vocabSize: number, length: number): TokenIds {
  if (vocabSize <= 256) return new Uint8Array(length);
  if (vocabSize <= 65536) return new Uint16Array(length);
  return new Int32Array(length);
}

/**
 * Copies `ids` into `out` at `offset` as one row of `seqLen`: truncated to `seqLen` (keeping the start
 * or the end), right-padded with `<pad>`. Returns the real length, at least 1: an empty sequence becomes
 * one `<pad>` step of length 1, since every sequence must have a step to read.
 */
export function writeRow(
  ids: ArrayLike<number>,
  out: Int32Array,
  offset: number,
  seqLen: number,
  keep: TruncationKeeps,
): number {
  const n = Math.min(ids.length, seqLen);
  const from = keep === 'end' ? ids.length - n : 0;
  for (let t = 0; t < n; t++) out[offset + t] = ids[from + t];
  for (let t = n; t < seqLen; t++) out[offset + t] = PAD_ID;
  return Math.max(1, n);
}

/** One sequence, truncated and right-padded to `seqLen`, with its real length. */
export function fitToLength(
  ids: ArrayLike<number>,
  seqLen: number,
  keep: TruncationKeeps = 'start',
): { tokens: Int32Array; length: number } {
  const tokens = new Int32Array(seqLen);
  const length = writeRow(ids, tokens, 0, seqLen, keep);
  return { tokens, length };
}
