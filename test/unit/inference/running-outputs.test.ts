/** "The answer if the text ended here": exact per prefix, for one-direction and bidirectional models alike. */

import { describe, expect, it } from 'vitest';
import { LstmModel, Random, type ModelConfig } from '../../../src/engine';
import { PREFIX_STEP_BUDGET, runningOutputs, topHidden } from '../../../src/inference/running-outputs';

const config: Partial<ModelConfig> = {
  vocabSize: 12,
  embeddingDim: 4,
  hiddenSize: 5,
  numLayers: 2,
  outputSize: 3,
  headOn: 'last',
  loss: 'softmax-ce',
  init: 'pytorch',
};

/** The model's answer on the first `length` tokens alone. */
function answerOnPrefix(model: LstmModel, tokens: Int32Array, length: number): Float32Array {
  return model.forward({ batchSize: 1, steps: length, tokens: tokens.slice(0, length) }).output as Float32Array;
}

function tokensOf(T: number, seed: number): Int32Array {
  const rng = new Random(seed);
  return Int32Array.from({ length: T }, () => 1 + rng.int(11));
}

describe('runningOutputs', () => {
  for (const cell of ['lstm', 'gru'] as const) {
    it(`${cell}, bidirectional: each step's answer is the model's answer on that prefix alone`, () => {
      const model = new LstmModel({ ...config, cell, bidirectional: true }, 3);
      const tokens = tokensOf(9, 1);
      const batch = { batchSize: 1, steps: 9, tokens };
      const { logits, stride } = runningOutputs(model, batch, () => {
        throw new Error('a bidirectional model has no single top h per step');
      });
      expect(stride).toBe(1);
      for (let t = 0; t < 9; t++) {
        const alone = answerOnPrefix(model, tokens, t + 1);
        for (let o = 0; o < 3; o++) expect(logits[t * 3 + o]).toBeCloseTo(alone[o], 6);
      }
    });
  }

  it('one direction: the head on every step of the recorded pass, = each prefix alone', () => {
    const model = new LstmModel(config, 3);
    const tokens = tokensOf(9, 2);
    const batch = { batchSize: 1, steps: 9, tokens };
    const { recording } = model.forward(batch, { record: true });
    const { logits, stride } = runningOutputs(model, batch, () => topHidden(recording!));
    expect(stride).toBe(1);
    for (let t = 0; t < 9; t++) {
      const alone = answerOnPrefix(model, tokens, t + 1);
      for (let o = 0; o < 3; o++) expect(logits[t * 3 + o]).toBeCloseTo(alone[o], 6);
    }
  });

  it('past the budget: every k-th prefix is run, and each answer holds until the next one', () => {
    const model = new LstmModel({ ...config, hiddenSize: 3, numLayers: 1, bidirectional: true }, 4);
    const T = 400; // 400 · 401 / 2 = 80 200 prefix-steps > the budget: every 2nd prefix
    expect((T * (T + 1)) / 2).toBeGreaterThan(PREFIX_STEP_BUDGET);
    const tokens = tokensOf(T, 3);
    const { logits, stride } = runningOutputs(model, { batchSize: 1, steps: T, tokens }, () => {
      throw new Error('not asked');
    });
    expect(stride).toBe(2);
    const at = (t: number) => Array.from(logits.subarray(t * 3, t * 3 + 3));
    // Ends at steps 1, 3, 5, …, 399: step 0 takes step 1's answer, step 2k holds step 2k − 1's.
    expect(at(0)).toEqual(at(1));
    expect(at(10)).toEqual(at(9));
    expect(at(T - 2)).toEqual(at(T - 3));
    expect(at(T - 1)).not.toEqual(at(T - 2)); // the last step is always computed
    for (const t of [1, 199, T - 1]) {
      const alone = answerOnPrefix(model, tokens, t + 1);
      at(t).forEach((v, o) => expect(v).toBeCloseTo(alone[o], 6));
    }
  });
});
