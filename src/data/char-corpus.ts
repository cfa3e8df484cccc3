/**
 * A language model's text → character ids. The vocabulary is every character of the training part (the
 * text before the last `fraction`), in code-point order after `<pad>` and `<unk>`; characters seen only
 * in validation become `<unk>`. Windows line endings (CRLF) count as one "\n". Two tight passes over the
 * string and no array of characters: a 100 MB text becomes 100 MB of one-byte ids. Evaluation reads a
 * text with a checkpoint's vocabulary instead (`encodeCharsWithVocabulary`), with the same id pass.
 */

import { tailSplit } from './split';
import { allocateTokenIds, type TokenIds } from './tokenize';
import { UNK_ID, Vocabulary } from './vocabulary';

export interface CharCorpus {
  /** Id of every character of the text, training part first. */
  ids: TokenIds;
  /** Characters in the training part: `ids[0 … trainLength)`. */
  trainLength: number;
  /** Characters in the validation part: `ids[trainLength … ids.length)`. */
  validationLength: number;
  vocab: Vocabulary;
}

export function encodeCharCorpus(text: string, validationFraction: number): CharCorpus {
  // Pass 1: count characters and note where each one first occurs; the training part's characters are
  // then those first seen before the split point, known only once the count is.
  const firstBmp = new Int32Array(0x10000).fill(-1);
  const firstAstral = new Map<number, number>();
  const length = text.length;
  let n = 0;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) continue; // CRLF: the "\n" stands for both
    if (c >= 0xd800 && c <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        const code = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
        if (!firstAstral.has(code)) firstAstral.set(code, n);
        i++;
        n++;
        continue;
      }
    }
    if (firstBmp[c] < 0) firstBmp[c] = n;
    n++;
  }
  const { train: trainLength, validation: validationLength } = tailSplit(n, validationFraction);

  const tokens: string[] = [];
  const bmpId = new Int32Array(0x10000).fill(UNK_ID);
  const astralId = new Map<number, number>();
  for (let code = 0; code < 0x10000; code++) {
    if (firstBmp[code] >= 0 && firstBmp[code] < trainLength) {
      bmpId[code] = tokens.length + 2;
      tokens.push(String.fromCharCode(code));
    }
  }
  for (const code of [...firstAstral.keys()].sort((a, b) => a - b)) {
    if (firstAstral.get(code)! >= trainLength) continue;
    astralId.set(code, tokens.length + 2);
    tokens.push(String.fromCodePoint(code));
  }
  const vocab = Vocabulary.fromTokens('char', tokens);

  // Pass 2: the id of every character, training and validation.
  const ids = allocateTokenIds(vocab.size, n);
  writeCharIds(text, bmpId, astralId, ids);
  return { ids, trainLength, validationLength, vocab };
}

/** A text read with a stored character vocabulary (evaluation): unknown characters become `<unk>`. */
export interface StoredVocabularyText {
  /** Id of every character (CRLF counted as one "\n"). */
  ids: TokenIds;
  /** Characters read as `<unk>`. */
  unknown: number;
  /** Up to 5 distinct unknown characters, in order of first appearance, for messages. */
  unknownExamples: string[];
}

export function encodeCharsWithVocabulary(text: string, vocab: Vocabulary): StoredVocabularyText {
  if (vocab.unit !== 'char')
    throw new Error(`encodeCharsWithVocabulary: a character vocabulary is needed, got '${vocab.unit}'`);
  const bmpId = new Int32Array(0x10000).fill(UNK_ID);
  const astralId = new Map<number, number>();
  for (let id = vocab.unkId === null ? 0 : UNK_ID + 1; id < vocab.size; id++) {
    const code = vocab.tokens[id].codePointAt(0)!;
    if (code < 0x10000) bmpId[code] = id;
    else astralId.set(code, id);
  }
  if (vocab.unkId === null) {
    // An imported vocabulary without <unk>: nothing can stand for a character it lacks.
    const missing = [...new Set(Array.from(text.replace(/\r\n/g, '\n')).filter((char) => !vocab.has(char)))];
    if (missing.length > 0)
      throw new Error(
        `${missing
          .slice(0, 5)
          .map((c) => JSON.stringify(c))
          .join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in the model's vocabulary, which has no <unk>`,
      );
  }
  const ids = allocateTokenIds(vocab.size, countCharacters(text));
  writeCharIds(text, bmpId, astralId, ids);
  let unknown = 0;
  for (let k = 0; k < ids.length; k++) if (ids[k] === UNK_ID) unknown++;
  const unknownExamples: string[] = [];
  if (unknown > 0) {
    for (const char of text) {
      if (unknownExamples.length === 5) break;
      if (char !== '\r' && !vocab.has(char) && !unknownExamples.includes(char)) unknownExamples.push(char);
    }
  }
  return { ids, unknown, unknownExamples };
}

/** Characters (code points) in `text`, a CRLF counting as one. */
function countCharacters(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) continue;
    if (c >= 0xd800 && c <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) i++;
    }
    n++;
  }
  return n;
}

/** The id of every character of `text` into `ids`: CRLF as one "\n", surrogate pairs as one code point. */
function writeCharIds(text: string, bmpId: Int32Array, astralId: ReadonlyMap<number, number>, ids: TokenIds): void {
  const length = text.length;
  let k = 0;
  for (let i = 0; i < length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) continue;
    if (c >= 0xd800 && c <= 0xdbff) {
      const low = text.charCodeAt(i + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        ids[k++] = astralId.get(0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00)) ?? UNK_ID;
        i++;
        continue;
      }
    }
    ids[k++] = bmpId[c];
  }
}
