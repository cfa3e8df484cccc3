/**
 * A language model's text → character ids. The vocabulary is every character of the training part (the
 * text before the last `fraction`), in code-point order after `<pad>` and `<unk>`; characters seen only
 * in validation become `<unk>`. Windows line endings (CRLF) count as one "\n". Two passes and no array of
 * characters: a 100 MB text becomes 100 MB of one-byte ids.
 *
 * The passes take the text in pieces (`CharacterCensus`, then `CharIdWriter`), so a corpus streamed from
 * disk never exists as one string; text already in memory (`encodeCharCorpus`) is the same code fed one
 * piece, so both give the same ids by construction. Evaluation reads a text with a checkpoint's
 * vocabulary instead (`encodeCharsWithVocabulary`), with the same two passes.
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

const CR = 13;
const LF = 10;

/**
 * Pass 1 over a text given in pieces: how many characters (code points, a CRLF counting as one "\n"),
 * and where each distinct character first occurs (how often is read off the ids afterwards: counting
 * here would slow the pass by a quarter). A piece may end inside a CRLF (the "\r" waits for the next
 * piece) but not inside a surrogate pair, as `StreamingTextDecoder` guarantees; a lone surrogate counts
 * as a character of its own, as in a JS string.
 */
export class CharacterCensus {
  /** First position of each BMP character, -1 where it never occurs (float64: exact past 2³¹ characters). */
  private readonly firstBmp = new Float64Array(0x10000).fill(-1);
  /** First position of each character above U+FFFF that occurs. */
  private readonly firstAstral = new Map<number, number>();
  private n = 0;
  /** The last piece ended in "\r": a CRLF if the next piece starts with "\n", else a lone CR. */
  private pendingCr = false;

  add(piece: string): void {
    const length = piece.length;
    if (length === 0) return;
    const firstBmp = this.firstBmp;
    let n = this.n;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (piece.charCodeAt(0) !== LF) {
        if (firstBmp[CR] < 0) firstBmp[CR] = n;
        n++;
      }
    }
    let end = length;
    if (piece.charCodeAt(length - 1) === CR) {
      this.pendingCr = true;
      end--;
    }
    for (let i = 0; i < end; i++) {
      const c = piece.charCodeAt(i);
      if (c === CR && piece.charCodeAt(i + 1) === LF) continue; // CRLF: the "\n" stands for both
      if (c >= 0xd800 && c <= 0xdbff) {
        const low = piece.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          const code = 0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00);
          if (!this.firstAstral.has(code)) this.firstAstral.set(code, n);
          i++;
          n++;
          continue;
        }
      }
      if (firstBmp[c] < 0) firstBmp[c] = n;
      n++;
    }
    this.n = n;
  }

  /** Ends the text: a "\r" it ended with is a character. Returns the number of characters. */
  finish(): number {
    if (this.pendingCr) {
      this.pendingCr = false;
      if (this.firstBmp[CR] < 0) this.firstBmp[CR] = this.n;
      this.n++;
    }
    return this.n;
  }

  /** Each distinct character that passes `keep` (given its first position), in code-point order. */
  codePoints(keep: (code: number, first: number) => boolean): number[] {
    const codes: number[] = [];
    for (let code = 0; code < 0x10000; code++) {
      const first = this.firstBmp[code];
      if (first >= 0 && keep(code, first)) codes.push(code);
    }
    for (const code of [...this.firstAstral.keys()].sort((a, b) => a - b))
      if (keep(code, this.firstAstral.get(code)!)) codes.push(code);
    return codes;
  }
}

/**
 * Id of every character: a dense table for the BMP, a map above it. Characters absent map to `absentId`:
 * `<unk>`, or -1 for a vocabulary without one (whose text is checked to have no such character).
 */
export class CharIdTable {
  readonly bmp: Int32Array;
  readonly astral = new Map<number, number>();

  constructor(readonly absentId = UNK_ID) {
    this.bmp = new Int32Array(0x10000).fill(absentId);
  }

  set(code: number, id: number): void {
    if (code < 0x10000) this.bmp[code] = id;
    else this.astral.set(code, id);
  }

  has(code: number): boolean {
    return code < 0x10000 ? this.bmp[code] !== this.absentId : this.astral.has(code);
  }
}

/**
 * Pass 2 over the same pieces: the id of every character into `ids` (sized by the census), with the
 * census's rules for CRLF and surrogate pairs. Writes past `ids.length` are dropped but counted, so a
 * text that grew between the passes shows as `finish() !== ids.length`.
 */
export class CharIdWriter {
  private k = 0;
  private pendingCr = false;

  constructor(
    private readonly table: CharIdTable,
    readonly ids: TokenIds,
  ) {}

  add(piece: string): void {
    const length = piece.length;
    if (length === 0) return;
    const ids = this.ids;
    const bmpId = this.table.bmp;
    const astralId = this.table.astral;
    const absentId = this.table.absentId;
    let k = this.k;
    if (this.pendingCr) {
      this.pendingCr = false;
      if (piece.charCodeAt(0) !== LF) ids[k++] = bmpId[CR];
    }
    let end = length;
    if (piece.charCodeAt(length - 1) === CR) {
      this.pendingCr = true;
      end--;
    }
    for (let i = 0; i < end; i++) {
      const c = piece.charCodeAt(i);
      if (c === CR && piece.charCodeAt(i + 1) === LF) continue;
      if (c >= 0xd800 && c <= 0xdbff) {
        const low = piece.charCodeAt(i + 1);
        if (low >= 0xdc00 && low <= 0xdfff) {
          ids[k++] = astralId.get(0x10000 + ((c - 0xd800) << 10) + (low - 0xdc00)) ?? absentId;
          i++;
          continue;
        }
      }
      ids[k++] = bmpId[c];
    }
    this.k = k;
  }

  /** Ends the text; returns how many ids the text had (equal to `ids.length` unless it changed). */
  finish(): number {
    if (this.pendingCr) {
      this.pendingCr = false;
      this.ids[this.k++] = this.table.bmp[CR];
    }
    return this.k;
  }
}

/** What pass 1 decides for a training corpus: the split, the vocabulary and the ids to write. */
export interface CharCorpusPlan {
  length: number;
  trainLength: number;
  validationLength: number;
  vocab: Vocabulary;
  table: CharIdTable;
}

/**
 * The split point and vocabulary from a finished census: the training part's characters are those first
 * seen before the split point, known only once the count is.
 */
export function planCharCorpus(census: CharacterCensus, validationFraction: number): CharCorpusPlan {
  const length = census.finish();
  const { train: trainLength, validation: validationLength } = tailSplit(length, validationFraction);
  const table = new CharIdTable();
  const tokens: string[] = [];
  for (const code of census.codePoints((_code, first) => first < trainLength)) {
    table.set(code, tokens.length + 2);
    tokens.push(String.fromCodePoint(code));
  }
  return { length, trainLength, validationLength, vocab: Vocabulary.fromTokens('char', tokens), table };
}

/** Pass 2's writer for a plan: ids of the plan's length, one byte each for up to 256 symbols. */
export function charCorpusWriter(plan: CharCorpusPlan): CharIdWriter {
  return new CharIdWriter(plan.table, allocateTokenIds(plan.vocab.size, plan.length));
}

/** A language model's text held in memory → its corpus: the streamed passes fed one piece. */
export function encodeCharCorpus(text: string, validationFraction: number): CharCorpus {
  const census = new CharacterCensus();
  census.add(text);
  const plan = planCharCorpus(census, validationFraction);
  const writer = charCorpusWriter(plan);
  writer.add(text);
  writer.finish();
  return { ids: writer.ids, trainLength: plan.trainLength, validationLength: plan.validationLength, vocab: plan.vocab };
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

/** What pass 1 decides for a text read with a stored vocabulary: its length, the ids, what is unknown. */
export interface StoredVocabularyPlan {
  length: number;
  table: CharIdTable;
  /** Up to 5 distinct characters the vocabulary lacks, in order of first appearance. */
  unknownExamples: string[];
}

/**
 * The id table of a stored character vocabulary and, from a finished census, which characters it lacks.
 * An error (thrown; a message for the user) when the vocabulary has no `<unk>` to stand for them.
 */
export function planStoredVocabularyText(census: CharacterCensus, vocab: Vocabulary): StoredVocabularyPlan {
  if (vocab.unit !== 'char')
    throw new Error(`encodeCharsWithVocabulary: a character vocabulary is needed, got '${vocab.unit}'`);
  const length = census.finish();
  const table = new CharIdTable(vocab.unkId ?? -1);
  for (let id = vocab.unkId === null ? 0 : UNK_ID + 1; id < vocab.size; id++)
    table.set(vocab.tokens[id].codePointAt(0)!, id);
  const missing: { code: number; first: number }[] = [];
  census.codePoints((code, first) => {
    if (!table.has(code)) missing.push({ code, first });
    return false;
  });
  const examples = missing
    .sort((a, b) => a.first - b.first)
    .map(({ code }) => String.fromCodePoint(code))
    .slice(0, 5);
  if (vocab.unkId === null && missing.length > 0) {
    // An imported vocabulary without <unk>: nothing can stand for a character it lacks.
    throw new Error(
      `${examples.map((c) => JSON.stringify(c)).join(', ')} ${missing.length === 1 ? 'is' : 'are'} not in the model's vocabulary, which has no <unk>`,
    );
  }
  return { length, table, unknownExamples: examples };
}

/** Pass 2's writer for a stored vocabulary's plan. */
export function storedVocabularyWriter(plan: StoredVocabularyPlan, vocab: Vocabulary): CharIdWriter {
  return new CharIdWriter(plan.table, allocateTokenIds(vocab.size, plan.length));
}

/** The text once pass 2 has written its ids: the characters read as `<unk>` counted off them. */
export function storedVocabularyText(plan: StoredVocabularyPlan, ids: TokenIds): StoredVocabularyText {
  let unknown = 0;
  if (plan.unknownExamples.length > 0) for (let k = 0; k < ids.length; k++) if (ids[k] === UNK_ID) unknown++;
  return { ids, unknown, unknownExamples: plan.unknownExamples };
}

export function encodeCharsWithVocabulary(text: string, vocab: Vocabulary): StoredVocabularyText {
  const census = new CharacterCensus();
  census.add(text);
  const plan = planStoredVocabularyText(census, vocab);
  const writer = storedVocabularyWriter(plan, vocab);
  writer.add(text);
  writer.finish();
  return storedVocabularyText(plan, writer.ids);
}
