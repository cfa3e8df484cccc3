/**
 * `lstm-studio predict` on a classifier reads the whole text, however long: in passes of at most one
 * chunk carrying the state, with the probabilities one pass over the whole text gives, bit for bit.
 */

import { describe, expect, it, vi } from 'vitest';
import type { Batch } from '../../../src/engine';
import { classProbabilities, unwrap } from '../../../src/inference/predictor';
import { PROMPT_CHUNK_STEPS } from '../../../src/inference/prompt-run';
import { classify } from '../../../src/tasks/classification/classify';
import { trainSignalClassifier } from './helpers';

describe('classifying a long text', () => {
  it('runs no pass longer than a chunk and gives the whole pass its probabilities', () => {
    const classifier = trainSignalClassifier({ classes: 3 });
    const words = ['alpha', 'word1', 'word2', 'beta', 'word3'];
    const text = Array.from({ length: 2 * PROMPT_CHUNK_STEPS + 50 }, (_, k) => words[(k * 3) % words.length]).join(' ');
    const forward = vi.spyOn(classifier.model, 'forward');
    const result = classify(classifier, text);
    const passes = forward.mock.calls.map(([batch]) => (batch as Batch).steps);
    forward.mockRestore();
    expect(passes.length).toBe(3);
    expect(Math.max(...passes)).toBeLessThanOrEqual(PROMPT_CHUNK_STEPS);
    expect(result.tokens.length).toBe(2 * PROMPT_CHUNK_STEPS + 50);

    const whole = classifier.model.forward(unwrap(classifier.encoder.encode(text)));
    const expected = classProbabilities(whole.output, classifier.model.config.outputSize);
    expect(result.probabilities.map((p) => p.probability)).toEqual(expected);
  });
});
