/**
 * The validation examples table's marks: which output tokens differ from the reference (a token-level
 * longest-common-subsequence alignment), how tokens are joined back into text, and which evaluation's
 * examples the table shows.
 */

import { describe, expect, it } from 'vitest';
import {
  differenceCount,
  markOutputTokens,
  MAX_ALIGNMENT_CELLS,
  type MarkedToken,
} from '../../../webview/shared/token-diff';
import { guessJoiner, joinerOf, visibleToken } from '../../../webview/shared/token-text';
import { latestWithExamples } from '../../../webview/training/validation-examples';
import type { ValidationExample } from '../../../src/protocol/run-records';

const chars = (text: string) => Array.from(text);
/** Marks in a compact form: `=x` same, `+x` inserted, `-x` deleted, `x/y` x substituted for y. */
function compact(marked: MarkedToken[]): string[] {
  return marked.map((t) =>
    t.mark === 'same'
      ? `=${t.text}`
      : t.mark === 'inserted'
        ? `+${t.text}`
        : t.mark === 'deleted'
          ? `-${t.text}`
          : `${t.text}/${t.reference}`,
  );
}

describe('markOutputTokens', () => {
  it('marks nothing when the output is the reference', () => {
    const marked = markOutputTokens(chars('2021-03-03'), chars('2021-03-03'));
    expect(marked.every((t) => t.mark === 'same')).toBe(true);
    expect(marked.map((t) => t.text).join('')).toBe('2021-03-03');
    expect(differenceCount(marked)).toBe(0);
  });

  it('pairs a wrong token with the one it replaced', () => {
    expect(compact(markOutputTokens(chars('1987-09-07'), chars('1987-09-17')))).toEqual([
      ...'1987-09-'.split('').map((c) => `=${c}`),
      '1/0',
      '=7',
    ]);
  });

  it('shows a reference token the output left out where it went missing', () => {
    // 1976-10-05 → 1976-10-5: the 0 is deleted between '-' and '5'.
    const marked = compact(markOutputTokens(chars('10-05'), chars('10-5')));
    expect(marked).toEqual(['=1', '=0', '=-', '-0', '=5']);
  });

  it('marks extra output tokens as inserted, at the end and in the middle', () => {
    expect(compact(markOutputTokens(['le', 'chat'], ['le', 'gros', 'chat', '.']))).toEqual([
      '=le',
      '+gros',
      '=chat',
      '+.',
    ]);
  });

  it('substitutes as many as both sides of a gap have, then inserts or deletes the rest', () => {
    expect(compact(markOutputTokens(['a', 'x', 'y', 'b'], ['a', 'p', 'q', 'r', 'b']))).toEqual([
      '=a',
      'p/x',
      'q/y',
      '+r',
      '=b',
    ]);
    expect(compact(markOutputTokens(['a', 'x', 'y', 'z', 'b'], ['a', 'p', 'b']))).toEqual([
      '=a',
      'p/x',
      '-y',
      '-z',
      '=b',
    ]);
  });

  it('keeps the longest run of shared tokens (swapped fields: only the swap is marked)', () => {
    const marked = markOutputTokens(chars('2003-02-01'), chars('2003-01-02'));
    expect(differenceCount(marked)).toBe(2);
    expect(marked.filter((t) => t.mark === 'same')).toHaveLength(8);
  });

  it('handles empty sides', () => {
    expect(compact(markOutputTokens([], ['a']))).toEqual(['+a']);
    expect(compact(markOutputTokens(['a', 'b'], []))).toEqual(['-a', '-b']);
    expect(markOutputTokens([], [])).toEqual([]);
  });

  it('reads every output token once, in order, and every reference token once as same, substituted or deleted', () => {
    const reference = chars('the quick brown fox');
    const output = chars('a quick browne fax!');
    const marked = markOutputTokens(reference, output);
    expect(marked.filter((t) => t.mark !== 'deleted').map((t) => t.text)).toEqual(output);
    const referenceSide = marked.flatMap((t) =>
      t.mark === 'same' || t.mark === 'deleted' ? [t.text] : t.mark === 'substituted' ? [t.reference!] : [],
    );
    expect(referenceSide).toEqual(reference);
  });

  it('compares position by position when the alignment table would be too big', () => {
    const n = Math.ceil(Math.sqrt(MAX_ALIGNMENT_CELLS)) + 1;
    const reference = new Array<string>(n).fill('a');
    const output = [...reference.slice(0, n - 1), 'b', 'c'];
    const marked = markOutputTokens(reference, output);
    expect(compact(marked.slice(-2))).toEqual(['b/a', '+c']);
    expect(differenceCount(marked)).toBe(2);
  });
});

describe('joining tokens', () => {
  it('joins a character model’s tokens as they are and a word model’s with spaces', () => {
    expect(joinerOf('2021-03-03', chars('2021-03-03'))).toBe('');
    expect(joinerOf('le chat dort', ['le', 'chat', 'dort'])).toBe(' ');
    expect(joinerOf('a b', chars('a b'))).toBe('');
  });

  it('guesses the joiner of streamed tokens', () => {
    expect(guessJoiner(chars('2021-0'))).toBe('');
    expect(guessJoiner(['le', 'chat'])).toBe(' ');
    // A space token only comes from a character model; special tokens say nothing.
    expect(guessJoiner(['a', ' ', 'b'])).toBe('');
    expect(guessJoiner(['<unk>', 'x'])).toBe('');
    expect(guessJoiner(['<unk>', 'chat'])).toBe(' ');
    expect(guessJoiner([])).toBe(' ');
    // A character beyond the BMP is one character.
    expect(guessJoiner(['😀', 'a'])).toBe('');
  });

  it('makes whitespace tokens visible', () => {
    expect([' ', '\n', '\t', '', 'x'].map(visibleToken)).toEqual(['␣', '↵', '⇥', '∅', 'x']);
  });
});

describe('the examples table’s evaluation', () => {
  const record = (step: number, examples?: ValidationExample[]) => ({
    step,
    epoch: 0,
    time: step,
    metrics: { loss: 1 },
    examples,
  });
  const example: ValidationExample = {
    source: 'x',
    reference: 'y',
    output: 'y',
    referenceTokens: ['y'],
    outputTokens: ['y'],
  };

  it('is the latest evaluation that carried examples', () => {
    expect(latestWithExamples([])).toBeNull();
    expect(latestWithExamples([record(100), record(200)])).toBeNull();
    expect(latestWithExamples([record(100, [example]), record(200, [example]), record(300)])?.step).toBe(200);
    // An empty list is no examples.
    expect(latestWithExamples([record(100, [example]), record(200, [])])?.step).toBe(100);
  });
});
