/**
 * Finite-difference gradient checks in float64 on random small configurations: 1–3 layers, with and
 * without embedding, with and without padding, every loss and head position (the last step, every step,
 * the mean over the steps), one and two directions, dropout off (a dropout
 * mask is a constant for the check, so we also check with dropout under a fixed mask by reseeding).
 *
 * The numeric side is the fourth-order central difference
 *   f'(x) ≈ (−f(x+2h) + 8f(x+h) − 8f(x−h) + f(x−2h)) / 12h,   h = 1e-4,
 * whose truncation error is O(h⁴) ≈ 1e-16 and rounding error O(ε·|f|/h) ≈ 1e-12 in float64, so even
 * gradients of size 1e-5 are checked to ~1e-7 relative; a wrong term is off by 1e-2 or more.
 */

import { describe, expect, it } from 'vitest';
import { LstmModel, Random, type Batch, type ModelConfig } from '../../../src/engine';
import { numericDerivative, relativeError } from './gradient-check-helpers';

interface Case {
  name: string;
  config: Partial<ModelConfig>;
  padded: boolean;
  withState: boolean;
}

const B = 3;
const T = 6;

const cases: Case[] = [
  {
    name: '1 layer, features, mse on last step',
    config: { inputSize: 3, hiddenSize: 4, numLayers: 1, outputSize: 2, headOn: 'last', loss: 'mse' },
    padded: false,
    withState: false,
  },
  {
    name: '2 layers, features, mse on every step, padded, initial state',
    config: { inputSize: 2, hiddenSize: 3, numLayers: 2, outputSize: 2, headOn: 'every', loss: 'mse' },
    padded: true,
    withState: true,
  },
  {
    name: '3 layers, embedding, bce on last step, padded',
    config: { vocabSize: 7, embeddingDim: 3, hiddenSize: 3, numLayers: 3, outputSize: 1, headOn: 'last', loss: 'bce' },
    padded: true,
    withState: false,
  },
  {
    name: '2 layers, embedding, softmax-ce on every step, padded',
    config: {
      vocabSize: 6,
      embeddingDim: 2,
      hiddenSize: 4,
      numLayers: 2,
      outputSize: 6,
      headOn: 'every',
      loss: 'softmax-ce',
    },
    padded: true,
    withState: false,
  },
  {
    name: '1 layer, embedding, softmax-ce on last step, keras init, initial state',
    config: {
      vocabSize: 5,
      embeddingDim: 3,
      hiddenSize: 5,
      numLayers: 1,
      outputSize: 3,
      headOn: 'last',
      loss: 'softmax-ce',
      init: 'keras',
    },
    padded: false,
    withState: true,
  },
  {
    name: '2 layers, features, bce on last step, pytorch init, padded',
    config: { inputSize: 4, hiddenSize: 3, numLayers: 2, outputSize: 1, headOn: 'last', loss: 'bce', init: 'pytorch' },
    padded: true,
    withState: false,
  },
  {
    name: '2 layers, features, softmax-ce on the mean over the steps, padded, initial state',
    config: { inputSize: 3, hiddenSize: 4, numLayers: 2, outputSize: 3, headOn: 'mean', loss: 'softmax-ce' },
    padded: true,
    withState: true,
  },
  {
    name: '2 bidirectional layers, features, softmax-ce on the mean over the steps, padded',
    config: {
      inputSize: 3,
      hiddenSize: 3,
      numLayers: 2,
      bidirectional: true,
      outputSize: 3,
      headOn: 'mean',
      loss: 'softmax-ce',
      init: 'pytorch',
    },
    padded: true,
    withState: false,
  },
  {
    name: '1 GRU layer, features, mse on the mean over the steps, padded',
    config: { cell: 'gru', inputSize: 2, hiddenSize: 3, numLayers: 1, outputSize: 2, headOn: 'mean', loss: 'mse' },
    padded: true,
    withState: false,
  },
];

function makeBatch(config: ModelConfig, padded: boolean, rng: Random): Batch {
  const lengths = Int32Array.from({ length: B }, (_, b) => (padded ? [T, 2, 4][b] : T));
  const batch: Batch = { batchSize: B, steps: T, lengths };
  if (config.vocabSize > 0) {
    batch.tokens = new Int32Array(B * T);
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t++)
        batch.tokens[b * T + t] = t < lengths[b] ? 1 + rng.int(config.vocabSize - 1) : config.paddingIdx;
  } else {
    batch.features = Float64Array.from({ length: B * T * config.inputSize }, () => rng.normal());
  }
  const perStep = config.headOn === 'every';
  const rows = perStep ? B * T : B;
  if (config.loss === 'mse')
    batch.targets = Float64Array.from({ length: rows * config.outputSize }, () => rng.normal());
  else if (config.loss === 'bce') batch.targets = Float64Array.from({ length: rows }, () => rng.int(2));
  else batch.targets = Int32Array.from({ length: rows }, () => rng.int(config.outputSize));
  return batch;
}

describe.each(cases)('gradient check: $name', ({ config, padded, withState }) => {
  it('analytic gradients of every parameter (and inputs, h0, c0) match central differences', () => {
    const rng = new Random(1234);
    const model = new LstmModel({ ...config, dtype: 'float64' }, 99);
    // Move biases and the padding row away from their special initial values so every term is exercised.
    for (const p of model.parameters()) for (let k = 0; k < p.value.length; k++) p.value[k] += 0.1 * rng.normal();
    if (model.embedding) model.embedding.weight.value.fill(0, 0, model.config.embeddingDim);
    const batch = makeBatch(model.config, padded, rng);
    const L = model.config.numLayers;
    const H = model.config.hiddenSize;
    const initialState = withState
      ? {
          h: Float64Array.from({ length: L * B * H }, () => 0.5 * rng.normal()),
          c: Float64Array.from({ length: L * B * H }, () => 0.5 * rng.normal()),
        }
      : undefined;
    const lossAt = () => model.forward(batch, { initialState }).loss;

    model.zeroGrad();
    lossAt();
    const inputGrads = model.backward(true);

    let worst = 0;
    const check = (label: string, values: Float64Array, analytic: ArrayLike<number>) => {
      for (let k = 0; k < values.length; k++) {
        const numeric = numericDerivative(values, k, lossAt);
        const error = relativeError(numeric, analytic[k]);
        worst = Math.max(worst, error);
        expect(error, `${label}[${k}]: numeric ${numeric}, analytic ${analytic[k]}`).toBeLessThan(1e-6);
      }
    };
    for (const p of model.parameters()) {
      if (p.name === 'embedding.weight') {
        // The padding row gets no gradient by definition (PyTorch's padding_idx), so check it is zero and skip its difference.
        const E = model.config.embeddingDim;
        expect(Array.from(p.grad.subarray(0, E))).toEqual(new Array(E).fill(0));
        check(p.name, (p.value as Float64Array).subarray(E), p.grad.slice(E));
      } else {
        check(p.name, p.value as Float64Array, p.grad.slice());
      }
    }
    if (batch.features) check('features', batch.features as Float64Array, inputGrads.dFeatures!);
    if (initialState) {
      check('h0', initialState.h, inputGrads.dh0!);
      check('c0', initialState.c, inputGrads.dc0!);
    }
    console.log(`worst relative error ${worst.toExponential(2)}`);
  });
});

describe('gradient check with dropout between layers', () => {
  it('holds for a fixed dropout mask (same generator state for every evaluation)', () => {
    const model = new LstmModel(
      {
        inputSize: 2,
        hiddenSize: 4,
        numLayers: 3,
        dropout: 0.4,
        outputSize: 1,
        headOn: 'last',
        loss: 'mse',
        dtype: 'float64',
      },
      5,
    );
    const rng = new Random(77);
    const batch = makeBatch(model.config, true, rng);
    const maskSeed = 31;
    const lossAt = () => model.forward(batch, { training: true, rng: new Random(maskSeed) }).loss;
    model.zeroGrad();
    lossAt();
    model.backward();
    for (const p of model.parameters()) {
      const analytic = p.grad.slice();
      for (let k = 0; k < p.value.length; k++) {
        const numeric = numericDerivative(p.value as Float64Array, k, lossAt);
        expect(
          relativeError(numeric, analytic[k]),
          `${p.name}[${k}]: numeric ${numeric}, analytic ${analytic[k]}`,
        ).toBeLessThan(1e-6);
      }
    }
  });
});
