/**
 * The projected LSTM beyond the golden file: the WebAssembly kernel on both of its recurrent-product paths
 * (packed panels for batches under 4 with 4H a multiple of 32, the tiled product otherwise) against the
 * float64 TypeScript kernel, the carried state at padded steps, and the two initialisation schemes.
 */

import { afterEach, describe, expect, it } from 'vitest';
import { LstmLayer, LstmStack, Random, setKernelBackend, type FloatArray } from '../../../src/engine';
import { initializeLstmLayer } from '../../../src/engine/init';
import { KERNEL_VARIANTS, useKernels } from './golden-helpers';

const T = 9;
const D = 5;
const H = 16;
const P = 8;

interface Run {
  output: FloatArray;
  hN: FloatArray;
  cN: FloatArray;
  grads: FloatArray[];
  dx: FloatArray;
  dh0: FloatArray;
  dc0: FloatArray;
}

/** Forward + backward of Σ output·r + Σ h_n·w + Σ c_n·v on a 2-layer projected stack, random but fixed. */
function runStack(dtype: 'float32' | 'float64', lengths: number[]): Run {
  const B = lengths.length;
  const rng = new Random(7);
  const stack = new LstmStack(D, H, 2, 0, dtype, P);
  for (const p of stack.parameters()) for (let k = 0; k < p.value.length; k++) p.value[k] = 0.4 * rng.normal();
  const make = (n: number) => {
    const values = dtype === 'float32' ? new Float32Array(n) : new Float64Array(n);
    for (let k = 0; k < n; k++) values[k] = rng.normal();
    return values;
  };
  const x = make(B * T * D);
  const h0 = make(2 * B * P);
  const c0 = make(2 * B * H);
  const r = make(B * T * P);
  for (let b = 0; b < B; b++) r.fill(0, (b * T + lengths[b]) * P, (b + 1) * T * P);
  const w = make(2 * B * P);
  const v = make(2 * B * H);
  for (const p of stack.parameters()) p.grad.fill(0);
  let forward = stack.forwardBatchFirst(x, B, T, { lengths: Int32Array.from(lengths), h0, c0 });
  stack.backwardBatchFirst(r, w, v);
  // A second pass on the same workspaces must give the same numbers.
  for (const p of stack.parameters()) p.grad.fill(0);
  forward = stack.forwardBatchFirst(x, B, T, { lengths: Int32Array.from(lengths), h0, c0 });
  const backward = stack.backwardBatchFirst(r, w, v);
  return { ...forward, ...backward, grads: stack.parameters().map((p) => p.grad.slice()) };
}

function relativeDifference(a: ArrayLike<number>, b: ArrayLike<number>): number {
  let scale = 0;
  let diff = 0;
  for (let k = 0; k < a.length; k++) {
    scale = Math.max(scale, Math.abs(a[k]));
    diff = Math.max(diff, Math.abs(a[k] - b[k]));
  }
  return diff / Math.max(scale, 1e-30);
}

describe('projected LSTM on WebAssembly agrees with float64 to float32 noise', () => {
  afterEach(() => setKernelBackend('auto'));
  it.each([
    ['B=2: the panel product', [9, 4]],
    ['B=6: the tiled product, a sequence of length 1', [9, 4, 1, 7, 9, 3]],
  ])('%s', (_name, lengths) => {
    const reference = runStack('float64', lengths as number[]);
    setKernelBackend('wasm', { relaxedSimd: false });
    const wasm = runStack('float32', lengths as number[]);
    for (const key of ['output', 'hN', 'cN', 'dx', 'dh0', 'dc0'] as const)
      expect(relativeDifference(reference[key], wasm[key]), key).toBeLessThan(1e-5);
    reference.grads.forEach((g, k) => expect(relativeDifference(g, wasm.grads[k]), `grad ${k}`).toBeLessThan(1e-5));
  });
});

describe.each(KERNEL_VARIANTS)('a sequence does not depend on the sequences around it, on $name', (variant) => {
  useKernels(variant);

  it('read alone (the panel product on WebAssembly) it gives the same outputs and recording as in a batch of 5', () => {
    const [B, L] = [5, 2];
    const rng = new Random(6);
    const stack = new LstmStack(D, H, L, 0, 'float32', P);
    for (const p of stack.parameters()) for (let k = 0; k < p.value.length; k++) p.value[k] = 0.3 * rng.normal();
    const x = Float32Array.from({ length: B * T * D }, () => rng.normal());
    const batched = stack.forwardBatchFirst(x, B, T).output.slice();
    const batchedRecording = stack.recordGates();
    for (const b of [0, 4]) {
      const alone = stack.forwardBatchFirst(x.slice(b * T * D, (b + 1) * T * D), 1, T).output;
      expect(Array.from(alone), `outputs of sequence ${b}`).toEqual(
        Array.from(batched.subarray(b * T * P, (b + 1) * T * P)),
      );
      const recording = stack.recordGates();
      for (let l = 0; l < L; l++) {
        for (const key of ['i', 'f', 'g', 'o', 'c', 'm', 'h'] as const) {
          const width = key === 'h' ? P : H;
          expect(Array.from(recording[l][key]!), `layer ${l} ${key} of sequence ${b}`).toEqual(
            Array.from(batchedRecording[l][key]!.subarray(b * T * width, (b + 1) * T * width)),
          );
        }
      }
    }
  });
});

describe('padding', () => {
  it('a sequence carries h and c past its length: h_n is its h at the last real step', () => {
    const stack = new LstmStack(D, H, 1, 0, 'float64', P);
    const rng = new Random(3);
    for (const p of stack.parameters()) for (let k = 0; k < p.value.length; k++) p.value[k] = 0.5 * rng.normal();
    const x = Float64Array.from({ length: 2 * T * D }, () => rng.normal());
    const { output, hN } = stack.forwardBatchFirst(x, 2, T, { lengths: Int32Array.from([T, 4]) });
    expect(Array.from(hN.subarray(P, 2 * P))).toEqual(Array.from(output.subarray((T + 3) * P, (T + 4) * P)));
    expect(Array.from(stack.lastOutput().subarray(P, 2 * P))).toEqual(Array.from(hN.subarray(P, 2 * P)));
  });
});

describe('initialisation of a projected layer', () => {
  it("'pytorch': every tensor, weight_hr included, is U(±1/√H)", () => {
    const layer = new LstmLayer(0, D, H, 'float64', undefined, P);
    initializeLstmLayer(layer, 'pytorch', new Random(1));
    const bound = 1 / Math.sqrt(H);
    for (const p of layer.parameters()) {
      const values = Array.from(p.value);
      expect(Math.max(...values.map(Math.abs)), p.name).toBeLessThanOrEqual(bound);
      expect(Math.max(...values.map(Math.abs)), p.name).toBeGreaterThan(0.5 * bound);
    }
  });

  it("'keras': W_hh [4H, P] has orthonormal columns, weight_hr is Glorot-uniform over [P, H]", () => {
    const layer = new LstmLayer(0, D, H, 'float64', undefined, P);
    initializeLstmLayer(layer, 'keras', new Random(1));
    const w = layer.weightHh.value;
    for (let i = 0; i < P; i++)
      for (let j = 0; j < P; j++) {
        let dot = 0;
        for (let r = 0; r < 4 * H; r++) dot += w[r * P + i] * w[r * P + j];
        expect(dot).toBeCloseTo(i === j ? 1 : 0, 12);
      }
    const limit = Math.sqrt(6 / (H + P));
    const hr = Array.from(layer.weightHr!.value).map(Math.abs);
    expect(Math.max(...hr)).toBeLessThanOrEqual(limit);
    expect(Math.max(...hr)).toBeGreaterThan(0.5 * limit);
    expect(Array.from(layer.biasIh.value.subarray(H, 2 * H))).toEqual(new Array(H).fill(1));
  });
});
