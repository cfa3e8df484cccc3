/**
 * BLEU and chrF against the values sacreBLEU's own test suite publishes (mjpost/sacrebleu,
 * test/test_bleu.py and test/test_chrf.py: same inputs, same options, same expected scores), and the
 * edit distance against hand-computed cases.
 */

import { describe, expect, it } from 'vitest';
import { bleuFromStatistics, corpusBleu, tokenize13a } from '../../../../src/tasks/seq2seq/bleu';
import { corpusChrf } from '../../../../src/tasks/seq2seq/chrf';
import { editDistance } from '../../../../src/inference/edit-distance';

const REFS = [
  ['The dog bit the man.', 'It was not unexpected.', 'The man bit him first.'],
  ['The dog had bit the man.', 'No one was surprised.', 'The man had bitten the dog.'],
];
const HYPS = ['The dog bit the man.', "It wasn't surprising.", 'The man had just bitten him.'];

describe('corpus BLEU (sacreBLEU defaults: 13a, exp smoothing)', () => {
  it.each([
    ['default settings', HYPS, {}, 48.530827],
    ['empty hypotheses are scored, not removed', ['', '', ''], {}, 0],
    ['tokenize none', HYPS, { tokenize: 'none' as const }, 49.1919566],
    ['no smoothing', HYPS, { smoothing: 'none' as const }, 48.530827],
  ])('%s', (_name, hypotheses, options, expected) => {
    expect(corpusBleu(hypotheses, REFS, options).score).toBeCloseTo(expected, 6);
  });

  it.each([
    [['this is a test', 'another test'], [['ref1', 'ref2']], 0],
    [['this is a test'], [['this is a test']], 1],
    [['this is a fest'], [['this is a test']], 0.223606797749979],
  ])('raw corpus BLEU (floor 0.01, no tokenization) of %j', (hypotheses, references, expected) => {
    const { score } = corpusBleu(hypotheses, references, { tokenize: 'none', smoothing: 'floor', floor: 0.01 });
    expect(score / 100).toBeCloseTo(expected, 8);
  });

  it('counts clipped n-gram matches per order', () => {
    const result = corpusBleu(['am I am a character sequence'], [['I am a symbol string sequence a a']], {
      tokenize: 'none',
    });
    expect(result.correct).toEqual([4, 2, 1, 0]);
    expect(result.total).toEqual([6, 5, 4, 3]);
  });

  it('scores summed statistics as compute_bleu does', () => {
    const score = bleuFromStatistics(
      { correct: [9, 7, 5, 3], total: [10, 8, 6, 4], hypothesisLength: 11, referenceLength: 11 },
      'none',
    ).score;
    expect(score / 100).toBeCloseTo(0.8375922397, 9);
  });

  it('tokenizes as mteval-v13a', () => {
    expect(tokenize13a('Hello, world! It costs $3.50 (approx.)&amp;more')).toBe(
      'Hello , world ! It costs $ 3.50 ( approx . ) & more',
    );
    expect(tokenize13a('1990-2000')).toBe('1990 - 2000');
  });
});

describe('corpus chrF', () => {
  it.each([
    [['abcdefg'], ['hijklmnop'], 0],
    [['a'], ['b'], 0],
    [[''], ['b'], 0],
    [[''], ['reference'], 0],
    [['aa'], ['ab'], 8.3333],
    [['a', 'b'], ['a', 'c'], 8.3333],
    [['a'], ['a'], 16.6667],
    [['a b c'], ['a b c'], 50],
    [['a b c'], ['abc'], 50],
    [
      [
        ' risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .',
      ],
      [
        'risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .',
      ],
      63.36173,
    ],
    [
      [' Die    Beziehung zwischen  Obama und Netanjahu ist nicht gerade  freundlich. '],
      ['Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.'],
      64.1302698,
    ],
    [['Niemand hat die Absicht, eine Mauer zu errichten'], ['Niemand hat die Absicht, eine Mauer zu errichten'], 100],
  ])('ε smoothing, β = 3: %j vs %j', (hypotheses, references, expected) => {
    expect(Math.abs(corpusChrf(hypotheses, [references], { beta: 3, epsSmoothing: true }) - expected)).toBeLessThan(
      1e-4,
    );
  });

  it.each([
    [['a'], ['a'], 100],
    [[''], ['reference'], 0],
    [['a b c'], ['a b c'], 100],
    [['a b c'], ['abc'], 100],
    [[''], ['c'], 0],
    [['a', 'b'], ['a', 'c'], 50],
    [['aa'], ['ab'], 25],
  ])('effective order (the default), β = 3: %j vs %j', (hypotheses, references, expected) => {
    expect(Math.abs(corpusChrf(hypotheses, [references], { beta: 3 }) - expected)).toBeLessThan(1e-4);
  });

  it.each([
    [
      'Die Beziehung zwischen Obama und Netanjahu ist nicht gerade freundlich.',
      'Das Verhältnis zwischen Obama und Netanyahu ist nicht gerade freundschaftlich.',
      67.3481606,
    ],
    [
      'risk assessment must be made of those who are qualified and expertise in the sector - these are the scientists .',
      'risk assessment has to be undertaken by those who are qualified and expert in that area - that is the scientists .',
      65.2414427,
    ],
  ])('keeping whitespace, β = 3', (hypothesis, reference, expected) => {
    expect(Math.abs(corpusChrf([hypothesis], [[reference]], { beta: 3, whitespace: true }) - expected)).toBeLessThan(
      1e-4,
    );
  });

  it.each([
    [
      'Co nás nejvíc trápí, protože lékaři si vybírají, kdo bude žít a kdo zemře.',
      'Nejvíce smutní jsme z toho, že musíme rozhodovat o tom, kdo bude žít a kdo zemře.',
      39.14078509,
    ],
    [
      'Nebo prostě nemají vybavení, které by jim pomohlo, uvedli lékaři.',
      'A někdy nemáme ani potřebný materiál, abychom jim pomohli, popsali lékaři.',
      31.22557079,
    ],
    [
      'Lapali po dechu, jejich životy skončily dřív, než skutečně začaly.',
      'Lapali po dechu a pak jejich život skončil - dřív, než skutečně mohl začít, připomněli.',
      57.15704367,
    ],
  ])('sentence chrF (β = 2, ε smoothing)', (hypothesis, reference, expected) => {
    expect(Math.abs(corpusChrf([hypothesis], [[reference]], { epsSmoothing: true }) - expected)).toBeLessThan(1e-4);
  });
});

describe('edit distance', () => {
  it.each([
    ['kitten', 'sitting', 3],
    ['', 'abc', 3],
    ['abc', '', 3],
    ['flaw', 'lawn', 2],
    ['same', 'same', 0],
  ])('%s → %s: %i', (a, b, expected) => {
    expect(editDistance(Array.from(a), Array.from(b))).toBe(expected);
  });

  it('works on word tokens', () => {
    expect(editDistance('the cat sat on the mat'.split(' '), 'the cat sat on a mat'.split(' '))).toBe(1);
  });
});
