/**
 * The generic recurrent stack and the bidirectional layer: LstmLayer fits the layer interface as is; an
 * LSTM stack built by createRecurrentStack is bit-identical to LstmStack (dropout included) on every
 * kernel — first shown against LstmStack's own implementation, which now is RecurrentStack narrowed to
 * LSTM types, so this guards that narrowing; a cell without c (a GRU's shape) stacks in one and two
 * directions with exact gradients; the backward direction reads each sequence reversed within its length.
 */

import { describe, expect, it } from 'vitest';
import {
  LstmLayer,
  LstmStack,
  Pass,
  Random,
  kernelsFor,
  type DType,
  type FloatArray,
  type LayerRecording,
} from '../../../src/engine';
import { FORWARD_LSTM_NAMING, type LayerNaming } from '../../../src/engine/layer-naming';
import type { RecurrentLayer } from '../../../src/engine/recurrent-layer';
import { createRecurrentStack, type RecurrentStack } from '../../../src/engine/recurrent-stack';
import { allocate } from '../../../src/engine/tensor';
import { ElmanLayer } from './elman-layer';
import { KERNEL_VARIANTS, useKernels, type KernelVariant } from './golden-helpers';
import { numericDerivative, relativeError } from './gradient-check-helpers';

const lstmLayer = (l: number, inputSize: number, hiddenSize: number, dtype: DType, naming: LayerNaming) =>
  new LstmLayer(l, inputSize, hiddenSize, dtype, naming);
const elmanLayer = (l: number, inputSize: number, hiddenSize: number, dtype: DType, naming: LayerNaming) =>
  new ElmanLayer(l, inputSize, hiddenSize, dtype, naming);

function filled(dtype: DType, n: number, rng: Random, scale = 1): FloatArray {
  const out = allocate(dtype, n);
  for (let k = 0; k < n; k++) out[k] = scale * rng.normal();
  return out;
}

describe('the recurrent layer interface', () => {
  it('LstmLayer satisfies it as written', () => {
    const layer: RecurrentLayer<LayerRecording> = new LstmLayer(0, 3, 4, 'float64', FORWARD_LSTM_NAMING);
    expect(layer.outputSize).toBe(4);
  });
});

describe('parameter names', () => {
  it('follow PyTorch: per layer, the forward direction then the _reverse one, under the module path', () => {
    const stack = createRecurrentStack({
      makeLayer: elmanLayer,
      inputSize: 2,
      hiddenSize: 3,
      numLayers: 2,
      bidirectional: true,
      dtype: 'float64',
      module: 'gru',
    });
    const names = stack.parameters().map((p) => p.name);
    const layer = (l: number, suffix: string) =>
      ['weight_ih', 'weight_hh', 'bias_ih', 'bias_hh'].map((kind) => `gru.${kind}_l${l}${suffix}`);
    expect(names).toEqual([...layer(0, ''), ...layer(0, '_reverse'), ...layer(1, ''), ...layer(1, '_reverse')]);
    // Layer 1 reads both directions of layer 0.
    expect(stack.parameters()[8].shape).toEqual([3, 6]);
    expect(stack.outputSize).toBe(6);
  });
});

const RUNS: { name: string; dtype: DType; variant: KernelVariant }[] = [
  { name: 'float64 on TypeScript', dtype: 'float64', variant: KERNEL_VARIANTS[0] },
  ...KERNEL_VARIANTS.map((variant) => ({ name: `float32 on ${variant.name}`, dtype: 'float32' as DType, variant })),
];

describe.each(RUNS)('an LSTM RecurrentStack against LstmStack, $name', ({ dtype, variant }) => {
  useKernels(variant);
  const B = 3;
  const T = 6;
  const D = 3;
  const H = 5;
  const L = 3;

  function twins(dropout: number): { reference: LstmStack; stack: RecurrentStack<LayerRecording> } {
    const reference = new LstmStack(D, H, L, dropout, dtype);
    const stack = createRecurrentStack({
      makeLayer: lstmLayer,
      inputSize: D,
      hiddenSize: H,
      numLayers: L,
      dropout,
      dtype,
    });
    const rng = new Random(5);
    reference.parameters().forEach((p, k) => {
      p.value.set(filled(dtype, p.value.length, rng, 0.4));
      stack.parameters()[k].value.set(p.value);
    });
    expect(stack.parameters().map((p) => p.name)).toEqual(reference.parameters().map((p) => p.name));
    return { reference, stack };
  }

  it('is bit-identical in the batch-major API with dropout, padding, initial state and final-state gradients', () => {
    const { reference, stack } = twins(0.3);
    const rng = new Random(11);
    const lengths = Int32Array.from([6, 2, 4]);
    const x = filled(dtype, B * T * D, rng);
    const h0 = filled(dtype, L * B * H, rng, 0.5);
    const c0 = filled(dtype, L * B * H, rng, 0.5);
    const dOutput = filled(dtype, B * T * H, rng);
    // LstmStack passes padded steps' gradients on (its output is zero there); RecurrentStack drops them.
    for (let b = 0; b < B; b++) dOutput.fill(0, (b * T + lengths[b]) * H, (b + 1) * T * H);
    const dhN = filled(dtype, L * B * H, rng);
    const dcN = filled(dtype, L * B * H, rng);
    // Twice, with different masks: the second pass reuses every workspace.
    for (const seed of [1, 2]) {
      const options = { lengths, h0, c0, training: true };
      const a = reference.forwardBatchFirst(x, B, T, { ...options, rng: new Random(seed) });
      const b = stack.forwardBatchFirst(x, B, T, { ...options, rng: new Random(seed) });
      expect(b.output).toEqual(a.output);
      expect(b.hN).toEqual(a.hN);
      expect(b.cN).toEqual(a.cN);
      const da = reference.backwardBatchFirst(dOutput, dhN, dcN);
      const db = stack.backwardBatchFirst(dOutput, dhN, dcN);
      expect(db.dx).toEqual(da.dx);
      expect(db.dh0).toEqual(da.dh0);
      expect(db.dc0).toEqual(da.dc0);
      reference.parameters().forEach((p, k) => expect(stack.parameters()[k].grad).toEqual(p.grad));
      expect(stack.recordGates()).toEqual(reference.recordGates());
    }
  });

  it('is bit-identical in the time-major API with a head on the last output', () => {
    const { reference, stack } = twins(0.5);
    const rng = new Random(12);
    const lengths = Int32Array.from([3, 6, 1]);
    const x = filled(dtype, T * B * D, rng);
    const dLastOutput = filled(dtype, B * H, rng);
    const kernels = kernelsFor(dtype);
    const run = (module: LstmStack | RecurrentStack<LayerRecording>) => {
      const pass = new Pass(kernels).begin(kernels, B, T, lengths, true, new Random(9));
      const outputs = module.forward(pass, x, null).slice();
      const last = module.lastOutput().slice();
      const dx = allocate(dtype, T * B * D);
      module.backward(pass, { dLastOutput }, dx);
      return { outputs, last, dx, initial: module.initialStateGrads() };
    };
    const a = run(reference);
    const b = run(stack);
    expect(b).toEqual(a);
    reference.parameters().forEach((p, k) => expect(stack.parameters()[k].grad).toEqual(p.grad));
  });
});

describe('a stack of a cell without c (the shape of a GRU), float64', () => {
  const B = 3;
  const T = 5;
  const D = 2;
  const H = 3;
  const L = 2;

  it.each([
    [false, 0],
    [true, 0],
    [true, 0.4],
  ])(
    'bidirectional %s, dropout %s: no c anywhere; every gradient matches central differences with padding',
    (bidirectional, dropout) => {
      const rng = new Random(99);
      const dirs = bidirectional ? 2 : 1;
      const stack = createRecurrentStack({
        makeLayer: elmanLayer,
        inputSize: D,
        hiddenSize: H,
        numLayers: L,
        bidirectional,
        dropout,
        dtype: 'float64',
        module: 'rnn',
      });
      for (const p of stack.parameters()) p.value.set(filled('float64', p.value.length, rng, 0.6));
      const lengths = Int32Array.from([2, 5, 4]);
      const x = filled('float64', B * T * D, rng) as Float64Array;
      const h0 = filled('float64', L * dirs * B * H, rng, 0.5) as Float64Array;
      const dOutput = filled('float64', B * T * dirs * H, rng);
      const w = filled('float64', L * dirs * B * H, rng);
      const lossAt = () => {
        // Dropout (when on) draws the same masks every evaluation: a fixed mask is a constant of the loss.
        const training = { training: dropout > 0, rng: new Random(31) };
        const { output, hN, cN } = stack.forwardBatchFirst(x, B, T, { lengths, h0, ...training });
        expect(cN).toBeUndefined();
        let loss = 0;
        for (let k = 0; k < output.length; k++) loss += output[k] * dOutput[k];
        for (let k = 0; k < hN.length; k++) loss += hN[k] * w[k];
        return loss;
      };
      lossAt();
      const { dx, dh0, dc0 } = stack.backwardBatchFirst(dOutput, w);
      expect(dc0).toBeUndefined();
      const check = (label: string, values: Float64Array, analytic: ArrayLike<number>) => {
        for (let k = 0; k < values.length; k++) {
          const numeric = numericDerivative(values, k, lossAt);
          expect(relativeError(numeric, analytic[k]), `${label}[${k}]: ${numeric} vs ${analytic[k]}`).toBeLessThan(
            1e-6,
          );
        }
      };
      for (const p of stack.parameters()) check(p.name, p.value as Float64Array, p.grad.slice());
      check('x', x, dx);
      check('h0', h0, dh0);
    },
  );

  it('without lengths, every sequence is reversed over all T steps (same as lengths all T)', () => {
    const rng = new Random(8);
    const stack = createRecurrentStack({
      makeLayer: elmanLayer,
      inputSize: D,
      hiddenSize: H,
      numLayers: 2,
      bidirectional: true,
      dtype: 'float64',
    });
    for (const p of stack.parameters()) p.value.set(filled('float64', p.value.length, rng, 0.6));
    const x = filled('float64', B * T * D, rng);
    const dOutput = filled('float64', B * T * 2 * H, rng);
    const run = (lengths: Int32Array | null) => {
      for (const p of stack.parameters()) p.grad.fill(0);
      const forward = stack.forwardBatchFirst(x, B, T, { lengths });
      const backward = stack.backwardBatchFirst(dOutput, null);
      return { forward, backward, grads: stack.parameters().map((p) => p.grad.slice()) };
    };
    expect(run(null)).toEqual(run(Int32Array.from([T, T, T])));
  });

  it('the backward direction reads each sequence reversed within its length; its recording is in time order', () => {
    const rng = new Random(3);
    const stack = createRecurrentStack({
      makeLayer: elmanLayer,
      inputSize: D,
      hiddenSize: H,
      numLayers: 1,
      bidirectional: true,
      dtype: 'float64',
    });
    for (const p of stack.parameters()) p.value.set(filled('float64', p.value.length, rng, 0.6));
    const lengths = Int32Array.from([2, 5, 4]);
    const x = filled('float64', B * T * D, rng);
    const { output, hN } = stack.forwardBatchFirst(x, B, T, { lengths });
    const recording = stack.recordGates()[0];
    // One sequence alone, reversed by hand, through the backward layer's own parameters.
    const backwardOnly = createRecurrentStack({
      makeLayer: elmanLayer,
      inputSize: D,
      hiddenSize: H,
      numLayers: 1,
      dtype: 'float64',
    });
    backwardOnly.parameters().forEach((p, k) => p.value.set(stack.parameters()[4 + k].value));
    for (let b = 0; b < B; b++) {
      const length = lengths[b];
      const reversed = new Float64Array(length * D);
      for (let t = 0; t < length; t++)
        reversed.set(x.subarray((b * T + length - 1 - t) * D, (b * T + length - t) * D), t * D);
      const alone = backwardOnly.forwardBatchFirst(reversed, 1, length).output;
      for (let t = 0; t < T; t++) {
        const expected = t < length ? Array.from(alone.subarray((length - 1 - t) * H, (length - t) * H)) : [0, 0, 0];
        const row = (b * T + t) * 2 * H;
        expect(Array.from(output.subarray(row + H, row + 2 * H))).toEqual(expected);
        expect(Array.from(recording.backward.h.subarray((b * T + t) * H, (b * T + t + 1) * H))).toEqual(expected);
      }
      // h_n's backward slot is its state after reading step 0.
      expect(Array.from(hN.subarray((B + b) * H, (B + b + 1) * H))).toEqual(
        Array.from(alone.subarray((length - 1) * H, length * H)),
      );
      expect(Array.from(stack.lastOutput().subarray(b * 2 * H + H, (b + 1) * 2 * H))).toEqual(
        Array.from(alone.subarray((length - 1) * H, length * H)),
      );
    }
  });
});
