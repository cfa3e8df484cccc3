/**
 * The character corpus encoder takes its text in pieces (a file streamed from disk) and gives exactly
 * what the whole-string encoder gave before it was rewritten on top of the pieces (`referenceEncode*`
 * below are that encoder, kept as the oracle): same ids, vocabulary and split, wherever the pieces end —
 * inside a CRLF, between the halves of nothing (pieces never split a code point), around astral
 * characters and lone CRs.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CharacterCensus,
  charCorpusWriter,
  encodeCharCorpus,
  encodeCharsWithVocabulary,
  planCharCorpus,
  planStoredVocabularyText,
  storedVocabularyText,
  storedVocabularyWriter,
  type CharCorpus,
  type StoredVocabularyText,
} from '../../../src/data/char-corpus';
import { StreamingTextDecoder } from '../../../src/data/decode-text';
import { readTextFile, streamTextFile } from '../../../src/data/read-text';
import { tailSplit } from '../../../src/data/split';
import { allocateTokenIds } from '../../../src/data/tokenize';
import { UNK_ID, Vocabulary } from '../../../src/data/vocabulary';
import { Random } from '../../../src/engine/random';
import { unwrap } from './helpers';

/** The whole-string encoder as it was: the oracle for ids, vocabulary and split. */
function referenceEncodeCharCorpus(text: string, validationFraction: number): CharCorpus {
  const firstBmp = new Int32Array(0x10000).fill(-1);
  const firstAstral = new Map<number, number>();
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 13 && text.charCodeAt(i + 1) === 10) continue;
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
  const ids = allocateTokenIds(vocab.size, n);
  referenceWriteIds(text, bmpId, astralId, ids);
  return { ids, trainLength, validationLength, vocab };
}

function referenceWriteIds(
  text: string,
  bmpId: Int32Array,
  astralId: Map<number, number>,
  ids: ArrayLike<number> & { [k: number]: number },
): number {
  let k = 0;
  for (let i = 0; i < text.length; i++) {
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
  return k;
}

/** The documented contract of a text read with a stored vocabulary, computed the slow, obvious way. */
function referenceWithVocabulary(text: string, vocab: Vocabulary): StoredVocabularyText {
  const chars = Array.from(text.replace(/\r\n/g, '\n'));
  const ids = chars.map((char) => (vocab.has(char) ? vocab.idOf(char) : UNK_ID));
  const unknownChars = chars.filter((char) => !vocab.has(char));
  return {
    ids: Uint8Array.from(ids),
    unknown: unknownChars.length,
    unknownExamples: [...new Set(unknownChars)].slice(0, 5),
  };
}

const ALPHABET = ['a', 'b', ' ', '\n', '\r', '\r\n', 'é', '東', '🎉', '😀', '𝄞', 'Z'];

function randomText(random: Random, length: number, alphabet = ALPHABET): string {
  let text = '';
  for (let i = 0; i < length; i++) text += alphabet[random.int(alphabet.length)];
  return text;
}

/** Positions where a decoder's piece may end: anywhere but between the halves of a surrogate pair. */
function pieceBoundaries(text: string): number[] {
  const boundaries: number[] = [];
  for (let i = 1; i < text.length; i++) {
    const low = text.charCodeAt(i);
    const high = text.charCodeAt(i - 1);
    if (low >= 0xdc00 && low <= 0xdfff && high >= 0xd800 && high <= 0xdbff) continue;
    boundaries.push(i);
  }
  return boundaries;
}

function encodeInPieces(pieces: string[], validationFraction: number): CharCorpus {
  const census = new CharacterCensus();
  for (const piece of pieces) census.add(piece);
  const plan = planCharCorpus(census, validationFraction);
  const writer = charCorpusWriter(plan);
  for (const piece of pieces) writer.add(piece);
  expect(writer.finish()).toBe(plan.length);
  return { ids: writer.ids, trainLength: plan.trainLength, validationLength: plan.validationLength, vocab: plan.vocab };
}

function expectSameCorpus(actual: CharCorpus, expected: CharCorpus): void {
  expect(actual.vocab.tokens).toEqual(expected.vocab.tokens);
  expect(actual.trainLength).toBe(expected.trainLength);
  expect(actual.validationLength).toBe(expected.validationLength);
  expect(actual.ids.constructor).toBe(expected.ids.constructor);
  expect(Array.from(actual.ids)).toEqual(Array.from(expected.ids));
}

describe('the character corpus encoder, in pieces', () => {
  it('equals the whole-string encoder on random texts split in two at every boundary', () => {
    const random = new Random(3);
    for (let trial = 0; trial < 24; trial++) {
      const text = randomText(random, 1 + random.int(24));
      const fraction = [0, 0.1, 0.3, 0.5][trial % 4];
      const expected = referenceEncodeCharCorpus(text, fraction);
      expectSameCorpus(encodeCharCorpus(text, fraction), expected);
      for (const at of pieceBoundaries(text))
        expectSameCorpus(encodeInPieces([text.slice(0, at), text.slice(at)], fraction), expected);
    }
  });

  it('equals it split into many pieces, single characters and empty pieces included', () => {
    const random = new Random(5);
    for (let trial = 0; trial < 60; trial++) {
      const text = randomText(random, 1 + random.int(200));
      const boundaries = pieceBoundaries(text).filter(() => random.int(3) === 0);
      const pieces: string[] = [];
      let from = 0;
      for (const at of [...boundaries, text.length]) {
        pieces.push(text.slice(from, at));
        if (random.int(5) === 0) pieces.push('');
        from = at;
      }
      expectSameCorpus(encodeInPieces(pieces, 0.2), referenceEncodeCharCorpus(text, 0.2));
    }
  });

  it('reads a CRLF split across pieces as one "\\n", and a CR before anything else as a character', () => {
    const split = encodeInPieces(['ab\r', '\nab\r', '\r', 'a\r'], 0);
    expect(split.vocab.decode(split.ids)).toBe('ab\nab\r\ra\r');
    expect(split.ids.length).toBe(9);
    expectSameCorpus(split, referenceEncodeCharCorpus('ab\r\nab\r\ra\r', 0));
  });

  it('keeps lone surrogates as characters of their own, as the string encoder did', () => {
    const text = 'a\ud800b\udc00c🎉';
    expectSameCorpus(encodeCharCorpus(text, 0), referenceEncodeCharCorpus(text, 0));
  });

  it('uses two-byte ids past 256 symbols, as before', () => {
    const text = Array.from({ length: 400 }, (_, i) => String.fromCharCode(0x100 + i)).join('');
    const corpus = encodeInPieces([text.slice(0, 123), text.slice(123)], 0);
    expect(corpus.ids).toBeInstanceOf(Uint16Array);
    expectSameCorpus(corpus, referenceEncodeCharCorpus(text, 0));
  });

  it('gives the same corpus streamed from a file in 4 KiB chunks as from its whole text', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'char-corpus-'));
    try {
      const path = join(dir, 'mixed.txt');
      // Chunk boundaries at multiples of 4096 bytes fall inside "\r\n", "é", "東" and "🎉" somewhere.
      const random = new Random(9);
      writeFileSync(path, randomText(random, 20000));
      const whole = unwrap(await readTextFile(path));
      const census = new CharacterCensus();
      unwrap(await streamTextFile(path, (piece) => census.add(piece), { chunkSize: 4096 }));
      const plan = planCharCorpus(census, 0.1);
      const writer = charCorpusWriter(plan);
      unwrap(await streamTextFile(path, (piece) => writer.add(piece), { chunkSize: 4096 }));
      expect(writer.finish()).toBe(plan.length);
      const { trainLength, validationLength, vocab } = plan;
      expectSameCorpus(
        { ids: writer.ids, trainLength, validationLength, vocab },
        referenceEncodeCharCorpus(whole.text, 0.1),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('gives the same corpus when the decoder is fed byte by byte (a piece per code point at most)', () => {
    const text = 'x\r\ny😀\r\r\né東\r';
    const bytes = new TextEncoder().encode(text);
    const pieces: string[] = [];
    const decoder = new StreamingTextDecoder('bytes.txt', (piece) => void pieces.push(piece));
    for (let i = 0; i < bytes.length; i++) expect(decoder.push(bytes.subarray(i, i + 1))).toBeNull();
    unwrap(decoder.finish());
    expectSameCorpus(encodeInPieces(pieces, 0), referenceEncodeCharCorpus(text, 0));
  });
});

describe('a text read with a stored vocabulary, in pieces', () => {
  it('gives the ids, unknown count and first unknown characters of the whole text, split anywhere', () => {
    const random = new Random(7);
    const vocab = encodeCharCorpus('ab \n東🎉', 0).vocab;
    for (let trial = 0; trial < 40; trial++) {
      const text = randomText(random, 1 + random.int(30));
      const expected = referenceWithVocabulary(text, vocab);
      expect(encodeCharsWithVocabulary(text, vocab)).toEqual(expected);
      for (const at of pieceBoundaries(text)) {
        const census = new CharacterCensus();
        census.add(text.slice(0, at));
        census.add(text.slice(at));
        const plan = planStoredVocabularyText(census, vocab);
        const writer = storedVocabularyWriter(plan, vocab);
        writer.add(text.slice(0, at));
        writer.add(text.slice(at));
        expect(writer.finish()).toBe(plan.length);
        expect(storedVocabularyText(plan, writer.ids)).toEqual(expected);
      }
    }
  });

  it('refuses characters a vocabulary without <unk> lacks, naming the first ones', () => {
    const vocab = Vocabulary.withoutSpecials('char', ['a', 'b', '\n']);
    expect(Array.from(encodeCharsWithVocabulary('ab\r\nba', vocab).ids)).toEqual([0, 1, 2, 1, 0]);
    expect(() => encodeCharsWithVocabulary('abZ🎉Z', vocab)).toThrow(
      `"Z", "🎉" are not in the model's vocabulary, which has no <unk>`,
    );
  });
});
