/**
 * A language model continuing a long prompt reads it in chunks carrying the state: no pass of the model
 * is longer than a chunk, and the distribution after the prompt is the one a single pass gives.
 */

import { describe, expect, it, vi } from 'vitest';
import type { Batch } from '../../../src/engine';
import { PROMPT_CHUNK_STEPS } from '../../../src/inference/prompt-run';
import { softmax, unwrap } from '../../../src/inference/predictor';
import { continueText, nextCharDistribution } from '../../../src/tasks/language-model/continue-text';
import { characterModel } from './helpers';

function longPrompt(length: number): string {
  const words = ['once ', 'upon ', 'a ', 'time, ', 'the ', 'fox.\n'];
  let text = '';
  for (let k = 0; text.length < length; k++) text += words[(k * 7) % words.length];
  return text.slice(0, length);
}

describe('a long prompt', () => {
  const prompt = longPrompt(2 * PROMPT_CHUNK_STEPS + 123);

  it('is read by passes of at most one chunk, the same distribution after it as one whole pass', () => {
    const lm = characterModel();
    const forward = vi.spyOn(lm.model, 'forward');
    const next = nextCharDistribution(lm, prompt);
    const passes = forward.mock.calls.map(([batch]) => (batch as Batch).steps);
    expect(passes.length).toBe(3);
    expect(Math.max(...passes)).toBeLessThanOrEqual(PROMPT_CHUNK_STEPS);
    forward.mockRestore();

    const whole = lm.model.forward(unwrap(lm.encoder.encode(prompt)));
    const V = lm.model.config.outputSize;
    const expected = softmax(whole.output, whole.output.length - V, V, 1);
    expect(Object.values(next)).toEqual(expected);
  });

  it('is read once to continue it, and the continuation reports that distribution', () => {
    const lm = characterModel();
    const forward = vi.spyOn(lm.model, 'forward');
    const result = continueText(lm, prompt, { length: 10, seed: 2 });
    expect(forward.mock.calls.length).toBe(3);
    expect(result.text).toHaveLength(10);
    expect(result.next).toEqual(nextCharDistribution(lm, prompt));
  });

  it('is encoded piece by piece, never whole, and a Windows line ending across a cut is one newline', () => {
    const lm = characterModel();
    const encode = vi.spyOn(lm.encoder, 'encode');
    const crlf = prompt.replace(/\n/g, '\r\n');
    const next = nextCharDistribution(lm, crlf);
    const lengths = encode.mock.calls.map(([input]) => (input as string).length);
    expect(Math.max(...lengths)).toBeLessThanOrEqual(PROMPT_CHUNK_STEPS);
    encode.mockRestore();
    expect(next).toEqual(nextCharDistribution(lm, prompt));
  });

  it('still refuses an empty prompt with the reason', () => {
    expect(() => nextCharDistribution(characterModel(), '')).toThrow(/the input is empty/);
  });
});
