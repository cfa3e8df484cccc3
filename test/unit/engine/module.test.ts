/**
 * The module interface: compositions of the engine's modules keep PyTorch's names and order, and a
 * recurrent module written against the interface alone (an Elman RNN, here in the test) composes with
 * the existing input and head modules and trains: its gradients pass the float64 finite-difference check.
 */

import { describe, expect, it } from 'vitest';
import {
  Dense,
  Embedding,
  FeatureInput,
  LstmStack,
  Random,
  SequenceModel,
  createParameter,
  validateBatch,
  type Batch,
  type FloatArray,
  type LayerRecording,
  type LstmState,
  type Parameter,
  type Pass,
  type RecurrentGradients,
  type RecurrentModule,
} from '../../../src/engine';
import { product, productTransposedA, productTransposedB } from '../../../src/engine/kernels/products';
import { numericDerivative, relativeError } from './gradient-check-helpers';

/**
 * h_t = tanh(x_t · W_ihᵀ + h_{t-1} · W_hhᵀ + b), PyTorch's `nn.RNN(nonlinearity='tanh', bias_hh=False)`:
 * one layer, padding-aware, built on the interface and the pass's kernels only.
 */
class ElmanRnn implements RecurrentModule<{ h: FloatArray }> {
  readonly weightIh: Parameter;
  readonly weightHh: Parameter;
  readonly bias: Parameter;
  private hidden: FloatArray | null = null; // (T+1, B, H), slot 0 = h0
  private input: FloatArray | null = null; // x (T, B, D), by reference
  private dz: FloatArray | null = null; // (B, H)
  private dh: FloatArray | null = null; // (B, H)

  constructor(
    readonly inputSize: number,
    readonly outputSize: number,
  ) {
    this.weightIh = createParameter('rnn.weight_ih_l0', [outputSize, inputSize], 'float64');
    this.weightHh = createParameter('rnn.weight_hh_l0', [outputSize, outputSize], 'float64');
    this.bias = createParameter('rnn.bias_ih_l0', [outputSize], 'float64');
  }

  parameters(): Parameter[] {
    return [this.weightIh, this.weightHh, this.bias];
  }

  // outputs (T, B, H) ← x (T, B, D)
  forward(pass: Pass, x: FloatArray, initialState: { h: FloatArray } | null): FloatArray {
    const { B, T, kernels, lengths } = pass;
    const D = this.inputSize;
    const H = this.outputSize;
    const BH = B * H;
    this.input = x;
    const hidden = (this.hidden = kernels.ensure(this.hidden, (T + 1) * BH));
    if (initialState) hidden.set(initialState.h.subarray(0, BH));
    else hidden.fill(0, 0, BH);
    for (let t = 0; t < T; t++) {
      const next = (t + 1) * BH;
      for (let b = 0; b < B; b++) hidden.set(this.bias.value, next + b * H);
      productTransposedB(kernels, B, H, D, x, t * B * D, this.weightIh.value, 0, hidden, next, 1);
      productTransposedB(kernels, B, H, H, hidden, t * BH, this.weightHh.value, 0, hidden, next, 1);
      for (let b = 0; b < B; b++) {
        const padded = lengths !== null && t >= lengths[b];
        for (let j = b * H; j < (b + 1) * H; j++)
          hidden[next + j] = padded ? hidden[t * BH + j] : Math.tanh(hidden[next + j]);
      }
    }
    return hidden.subarray(BH, (T + 1) * BH);
  }

  lastOutput(pass: Pass): FloatArray {
    const BH = pass.B * this.outputSize;
    return this.hidden!.subarray(pass.T * BH, (pass.T + 1) * BH);
  }

  finalState(pass: Pass): { h: FloatArray } {
    return { h: this.lastOutput(pass).slice() };
  }

  backward(pass: Pass, gradients: RecurrentGradients<{ h: FloatArray }>, dX: FloatArray | null): void {
    const { B, T, kernels, lengths } = pass;
    const D = this.inputSize;
    const H = this.outputSize;
    const BH = B * H;
    const hidden = this.hidden!;
    const dz = (this.dz = kernels.ensure(this.dz, BH));
    const dh = (this.dh = kernels.ensure(this.dh, BH));
    const dhN = gradients.dFinalState?.h ?? gradients.dLastOutput ?? null;
    if (dhN) dh.set(dhN.subarray(0, BH));
    else dh.fill(0, 0, BH);
    const dhPrev = kernels.ensure<FloatArray>(null, BH);
    for (let t = T - 1; t >= 0; t--) {
      if (gradients.dOutputs) for (let k = 0; k < BH; k++) dh[k] += gradients.dOutputs[t * BH + k];
      for (let b = 0; b < B; b++) {
        const padded = lengths !== null && t >= lengths[b];
        for (let j = b * H; j < (b + 1) * H; j++) {
          const h = hidden[(t + 1) * BH + j];
          dz[j] = padded ? 0 : dh[j] * (1 - h * h);
        }
      }
      // dW_ih (H, D) += dzᵀ · x_t; dW_hh (H, H) += dzᵀ · h_{t-1}; db += Σ_b dz; dx_t (B, D) = dz · W_ih
      productTransposedA(kernels, H, D, B, dz, 0, this.input!, t * B * D, this.weightIh.grad, 0, 1);
      productTransposedA(kernels, H, H, B, dz, 0, hidden, t * BH, this.weightHh.grad, 0, 1);
      kernels.addColumnSums(B, H, dz, 0, this.bias.grad);
      if (dX) product(kernels, B, D, H, dz, 0, this.weightIh.value, 0, dX, t * B * D, 0);
      // dh_{t-1} = dz · W_hh, plus the carried dh of sequences padded at t
      product(kernels, B, H, H, dz, 0, this.weightHh.value, 0, dhPrev, 0, 0);
      for (let b = 0; b < B; b++)
        if (lengths !== null && t >= lengths[b]) for (let j = b * H; j < (b + 1) * H; j++) dhPrev[j] += dh[j];
      dh.set(dhPrev.subarray(0, BH));
    }
    this.dh = dh;
  }

  initialStateGrads(pass: Pass): { h: FloatArray } {
    return { h: this.dh!.slice(0, pass.B * this.outputSize) };
  }
}

const B = 3;
const T = 5;
const LENGTHS = Int32Array.from([5, 2, 4]);

function randomize(parameters: Parameter[], rng: Random): void {
  for (const p of parameters) for (let k = 0; k < p.value.length; k++) p.value[k] = 0.5 * rng.normal();
}

/** Checks every parameter's analytic gradient (and the extra arrays given) against central differences. */
function expectGradientsMatch(
  parameters: Parameter[],
  lossAt: () => number,
  extra: [string, Float64Array, ArrayLike<number>][] = [],
): void {
  const checks: [string, Float64Array, ArrayLike<number>][] = [
    ...parameters.map(
      (p) => [p.name, p.value as Float64Array, p.grad.slice()] as [string, Float64Array, ArrayLike<number>],
    ),
    ...extra,
  ];
  for (const [label, values, analytic] of checks) {
    for (let k = 0; k < values.length; k++) {
      const numeric = numericDerivative(values, k, lossAt);
      expect(
        relativeError(numeric, analytic[k]),
        `${label}[${k}]: numeric ${numeric}, analytic ${analytic[k]}`,
      ).toBeLessThan(1e-6);
    }
  }
}

describe('a composition of the engine modules', () => {
  const build = () => {
    const embedding = new Embedding(7, 3, 0, 'float64');
    const lstm = new LstmStack(3, 4, 2, 0, 'float64');
    const head = new Dense(4, 2, 'float64', 'classifier');
    const model = new SequenceModel<Int32Array, LstmState, LayerRecording[]>(
      { dtype: 'float64', headOn: 'last', loss: 'softmax-ce', outputSize: 2 },
      { input: embedding, readInput: (batch) => batch.tokens!, recurrent: lstm, head },
    );
    return { embedding, lstm, head, model };
  };

  it('lists its children’s parameters in data-flow order under their PyTorch names', () => {
    const { model } = build();
    expect(model.parameters().map((p) => `${p.name} ${p.shape.join('×')}`)).toEqual([
      'embedding.weight 7×3',
      'lstm.weight_ih_l0 16×3',
      'lstm.weight_hh_l0 16×4',
      'lstm.bias_ih_l0 16',
      'lstm.bias_hh_l0 16',
      'lstm.weight_ih_l1 16×4',
      'lstm.weight_hh_l1 16×4',
      'lstm.bias_ih_l1 16',
      'lstm.bias_hh_l1 16',
      'classifier.weight 2×4',
      'classifier.bias 2',
    ]);
  });

  it('backpropagates through embedding → LSTM stack → head: gradients match central differences in float64', () => {
    const { embedding, model } = build();
    const rng = new Random(11);
    randomize(model.parameters(), rng);
    embedding.weight.value.fill(0, 0, 3);
    const tokens = Int32Array.from({ length: B * T }, (_, k) =>
      k % T < LENGTHS[Math.floor(k / T)] ? 1 + rng.int(6) : 0,
    );
    const batch: Batch = { batchSize: B, steps: T, tokens, lengths: LENGTHS, targets: Int32Array.from([1, 0, 1]) };
    const lossAt = () => model.forward(batch).loss;
    for (const p of model.parameters()) p.grad.fill(0);
    lossAt();
    model.backward();
    // The padding row's gradient is zero by definition (padding_idx): check the other rows.
    expect(Array.from(embedding.weight.grad.subarray(0, 3))).toEqual([0, 0, 0]);
    embedding.weight.grad.fill(0, 0, 3);
    expectGradientsMatch(
      model.parameters().filter((p) => p !== embedding.weight),
      lossAt,
      [['embedding.weight', (embedding.weight.value as Float64Array).subarray(3), embedding.weight.grad.slice(3)]],
    );
  });
});

describe('a recurrent module written against the interface alone', () => {
  const D = 2;
  const H = 3;
  const build = () => {
    const rnn = new ElmanRnn(D, H);
    const model = new SequenceModel<FloatArray, { h: FloatArray }, never>(
      { dtype: 'float64', headOn: 'every', loss: 'mse', outputSize: 2 },
      {
        input: new FeatureInput(D),
        readInput: (batch) => {
          validateBatch(batch, { hasEmbedding: false, inputSize: D });
          return batch.features!;
        },
        recurrent: rnn,
        head: new Dense(H, 2, 'float64'),
      },
    );
    return { rnn, model };
  };

  it('composes with the existing input and head under its own names', () => {
    expect(
      build()
        .model.parameters()
        .map((p) => p.name),
    ).toEqual(['rnn.weight_ih_l0', 'rnn.weight_hh_l0', 'rnn.bias_ih_l0', 'head.weight', 'head.bias']);
  });

  it('trains through the composition: parameter, input and initial-state gradients match central differences', () => {
    const { model } = build();
    const rng = new Random(5);
    randomize(model.parameters(), rng);
    const features = Float64Array.from({ length: B * T * D }, () => rng.normal());
    const targets = Float64Array.from({ length: B * T * 2 }, () => rng.normal());
    const batch: Batch = { batchSize: B, steps: T, features, lengths: LENGTHS, targets };
    const initialState = { h: Float64Array.from({ length: B * H }, () => 0.5 * rng.normal()) };
    const lossAt = () => model.forward(batch, { initialState }).loss;
    for (const p of model.parameters()) p.grad.fill(0);
    lossAt();
    const grads = model.backward(true)!;
    expectGradientsMatch(model.parameters(), lossAt, [
      ['features', features, grads.dInput],
      ['h0', initialState.h, grads.dInitialState.h],
    ]);
  });
});
