/** Pieces of a long text tokenise into exactly the tokens of the whole text, for characters and words. */

import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/engine';
import { charTokens, wordTokens } from '../../../src/data/tokenize';
import { textPieces } from '../../../src/inference/text-pieces';

const PARTS = ['a', 'b', 'é', 'e\u0301', '😀', '東京', ' ', '\r\n', '\n', '\r', ',', 'naïve', 'Ωμέγα', '9', '𝔸𝔹'];

function randomText(length: number, seed: number): string {
  const rng = new Random(seed);
  let text = '';
  while (text.length < length) text += PARTS[rng.int(PARTS.length)];
  return text;
}

describe('textPieces', () => {
  for (const seed of [1, 2, 3]) {
    it(`cuts no character, line ending or word (seed ${seed})`, () => {
      const text = randomText(5000, seed);
      for (const size of [2, 3, 7, 64]) {
        const chars = [...textPieces(text, 'char', size)];
        expect(chars.join('')).toBe(text);
        expect(chars.flatMap(charTokens)).toEqual(charTokens(text));
        const words = [...textPieces(text, 'word', size)];
        expect(words.join('')).toBe(text);
        expect(words.flatMap((piece) => wordTokens(piece))).toEqual(wordTokens(text));
      }
    });
  }

  it('never splits a "\\r\\n" and keeps pieces near the size asked', () => {
    const text = 'ab\r\n'.repeat(1000);
    const pieces = [...textPieces(text, 'char', 3)];
    for (let k = 1; k < pieces.length; k++)
      expect(pieces[k - 1].endsWith('\r') && pieces[k].startsWith('\n')).toBe(false);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(3);
  });

  it('keeps a word longer than a piece whole', () => {
    const text = 'x'.repeat(100) + ' y';
    expect([...textPieces(text, 'word', 10)]).toEqual(['x'.repeat(100), ' y']);
    expect([...textPieces(text, 'char', 10)].length).toBe(11);
  });
});
