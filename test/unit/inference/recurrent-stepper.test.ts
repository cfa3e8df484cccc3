/** The generation stepper computes what `model.forward` computes, step by step, from any start state. */

import { describe, expect, it } from 'vitest';
import { LstmModel, Random } from '../../../src/engine';
import { RecurrentStepper } from '../../../src/inference/recurrent-stepper';

describe('RecurrentStepper', () => {
  for (const [name, cell] of [
    ['LSTM', { cell: 'lstm', projSize: 0 }],
    ['GRU', { cell: 'gru', projSize: 0 }],
    ['LSTM with projections', { cell: 'lstm', projSize: 7 }],
  ] as const)
    it(`${name}: matches model.forward on every step of a sequence (2 layers, per-step head), after a prompt state too`, () => {
      const V = 30;
      const model = new LstmModel(
        {
          vocabSize: V,
          embeddingDim: 6,
          hiddenSize: 20,
          numLayers: 2,
          outputSize: V,
          headOn: 'every',
          loss: 'softmax-ce',
          init: 'pytorch',
          ...cell,
        },
        5,
      );
      const rng = new Random(2);
      const prompt = Int32Array.from({ length: 9 }, () => 1 + rng.int(V - 1));
      const rest = Int32Array.from({ length: 25 }, () => 1 + rng.int(V - 1));
      const { finalState } = model.forward({ batchSize: 1, steps: prompt.length, tokens: prompt });
      const whole = Int32Array.from([...prompt, ...rest]);
      const { output } = model.forward({ batchSize: 1, steps: whole.length, tokens: whole });
      const stepper = new RecurrentStepper(model);
      stepper.setState(finalState);
      let worst = 0;
      rest.forEach((token, k) => {
        const logits = stepper.step(token);
        const base = (prompt.length + k) * V;
        for (let o = 0; o < V; o++) worst = Math.max(worst, Math.abs(logits[o] - output[base + o]));
      });
      expect(worst).toBeLessThan(1e-5);
    });

  it('starts from zeros without a state', () => {
    const model = new LstmModel(
      { vocabSize: 8, embeddingDim: 3, hiddenSize: 4, outputSize: 8, headOn: 'every', loss: 'softmax-ce' },
      1,
    );
    const tokens = Int32Array.of(3, 5, 2);
    const { output } = model.forward({ batchSize: 1, steps: 3, tokens });
    const stepper = new RecurrentStepper(model);
    stepper.setState();
    const last = Array.from(tokens, (t) => Array.from(stepper.step(t))).pop()!;
    last.forEach((x, o) => expect(x).toBeCloseTo(output[2 * 8 + o], 5));
  });

  it('refuses a bidirectional model: its backward direction needs the whole text', () => {
    const model = new LstmModel(
      {
        vocabSize: 8,
        embeddingDim: 3,
        hiddenSize: 4,
        outputSize: 8,
        headOn: 'last',
        loss: 'softmax-ce',
        bidirectional: true,
      },
      1,
    );
    expect(() => new RecurrentStepper(model)).toThrow(/bidirectional model cannot run one token at a time/);
  });
});
