/** A seq2seq side's tokens, their way back to text, and the choice of characters or words per side. */

import { describe, expect, it } from 'vitest';
import {
  chooseSideUnit,
  describeSideUnit,
  detokenize,
  pairTokens,
  SideShapeCounter,
} from '../../../src/data/pair-tokens';

describe('pair tokens', () => {
  it('splits words with case kept and each punctuation mark on its own', () => {
    expect(pairTokens("Don't stop, Ana!", 'word')).toEqual(['Don', "'", 't', 'stop', ',', 'Ana', '!']);
    expect(pairTokens('Ça alors ! naïve 東京 (3.5 km)', 'word')).toEqual([
      'Ça',
      'alors',
      '!',
      'naïve',
      '東京',
      '(',
      '3',
      '.',
      '5',
      'km',
      ')',
    ]);
    expect(pairTokens('  ', 'word')).toEqual([]);
  });

  it('splits characters by code point, spaces kept', () => {
    expect(pairTokens('a 😀b', 'char')).toEqual(['a', ' ', '😀', 'b']);
  });

  it('turns characters back into the exact text', () => {
    for (const text of ['3 de marzo de 2021', 'Mi., 3. März 2021', '  two  spaces ', 'a\tb😀']) {
      expect(detokenize(pairTokens(text, 'char'), 'char')).toBe(text);
    }
  });

  it('turns words back into normally written text', () => {
    for (const text of [
      'Hello, world!',
      "It's 3.5 km-long (or so).",
      'Is it 10:30, or 1,000 years?',
      '¿Qué tal? ¡Muy bien!',
      'and/or «quoted» text; done.',
      'Wednesday, 3 March 2021',
      '東京 は 大きい。',
    ]) {
      expect(detokenize(pairTokens(text, 'word'), 'word')).toBe(text);
    }
  });

  it('normalises unusual spacing (documented, not exact)', () => {
    expect(detokenize(pairTokens('Va !', 'word'), 'word')).toBe('Va!');
    expect(detokenize(pairTokens('a , b', 'word'), 'word')).toBe('a, b');
    expect(detokenize(pairTokens('3, 4', 'word'), 'word')).toBe('3,4');
  });

  it('chooses characters for short strings and words for sentences, per side', () => {
    const dates = new SideShapeCounter();
    for (const text of ['3 March 2021', '2021-03-03', 'le 1er mars 2021', 'Mi., 3. März 2021']) dates.add(text);
    const dateShape = dates.shape();
    expect(dateShape.meanWords).toBe(3);
    expect(dateShape.meanChars).toBeCloseTo((12 + 10 + 16 + 17) / 4, 10);
    expect(chooseSideUnit('auto', dateShape)).toBe('char');
    const sentences = new SideShapeCounter();
    for (const text of ['The cat sat on the mat today.', 'I would like a cup of coffee, please.']) sentences.add(text);
    expect(chooseSideUnit('auto', sentences.shape())).toBe('word');
    expect(chooseSideUnit('word', dateShape)).toBe('word');
    expect(chooseSideUnit('char', sentences.shape())).toBe('char');
    expect(chooseSideUnit('auto', { meanWords: 1.5, meanChars: 40 })).toBe('char');
    expect(describeSideUnit('char', 'auto', dateShape)).toBe(
      'characters (short strings, mean 3.0 words, 13.8 characters)',
    );
    expect(describeSideUnit('word', 'word', dateShape)).toBe('words (chosen)');
  });

  it('counts a character outside the BMP once', () => {
    const counter = new SideShapeCounter();
    counter.add('😀😀');
    expect(counter.shape()).toEqual({ meanWords: 1, meanChars: 2 });
  });
});
