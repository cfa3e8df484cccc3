/** Character and word error rates against hand-counted edits. */

import { describe, expect, it } from 'vitest';
import { ErrorRateTally, charErrorRate, transcriptWords, wordErrorRate } from '../../../src/inference/error-rates';

describe('error rates', () => {
  it('character error rate: summed edits over summed reference characters', () => {
    // kitten → sitting: 2 substitutions + 1 insertion = 3 over 6; abc → ab: 1 deletion over 3
    expect(charErrorRate([{ reference: 'kitten', hypothesis: 'sitting' }])).toBe(3 / 6);
    expect(
      charErrorRate([
        { reference: 'kitten', hypothesis: 'sitting' },
        { reference: 'abc', hypothesis: 'ab' },
      ]),
    ).toBe(4 / 9);
    expect(charErrorRate([{ reference: 'same', hypothesis: 'same' }])).toBe(0);
    // code points: é is one character
    expect(charErrorRate([{ reference: 'café', hypothesis: 'cafe' }])).toBe(1 / 4);
  });

  it('word error rate: edits over whitespace words', () => {
    expect(transcriptWords('  the  cat\tsat \n')).toEqual(['the', 'cat', 'sat']);
    // one insertion over 3 words; one deletion over 2 words
    expect(wordErrorRate([{ reference: 'the cat sat', hypothesis: 'the cat sat down' }])).toBe(1 / 3);
    expect(
      wordErrorRate([
        { reference: 'the cat sat', hypothesis: 'the cat sat down' },
        { reference: 'a b', hypothesis: 'b' },
      ]),
    ).toBe(2 / 5);
    // a substitution is one word edit however many characters differ
    expect(wordErrorRate([{ reference: 'one two three', hypothesis: 'one too three' }])).toBe(1 / 3);
  });

  it('a tally adds pairs one at a time; an empty set is 0', () => {
    const tally = new ErrorRateTally();
    expect(tally.charErrorRate()).toBe(0);
    tally.add('abc', 'abd');
    tally.add('xy', 'xy');
    expect(tally.charErrorRate()).toBe(1 / 5);
    expect(tally.wordErrorRate()).toBe(1 / 2);
  });
});
