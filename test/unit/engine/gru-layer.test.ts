/**
 * The GRU layer beyond the golden file: the WebAssembly kernels agree with the float64 TypeScript ones on
 * the shapes the golden does not reach (H not a multiple of 4, so the scalar tail of assembly/gru-cell.ts
 * runs; B < 4 with 3H a multiple of 32, so the recurrent product runs from panels; the same layer again
 * with a larger batch, so its workspaces grow), and initializeGruLayer gives what each scheme promises.
 */

import { describe, expect, it } from 'vitest';
import { GruLayer, Pass, Random, kernelsFor, setKernelBackend, type DType, type FloatArray } from '../../../src/engine';
import { initializeGruLayer } from '../../../src/engine/init';

interface Shape {
  B: number;
  T: number;
  D: number;
  H: number;
  lengths: number[];
}

/** Forward + backward of loss Σ outputs·wOut + Σ h_n·wN; returns outputs, h_n, every gradient, dx, dh0. */
function runLayer(layer: GruLayer, shape: Shape, seed: number): Record<string, Float64Array> {
  const { B, T, D, H, lengths } = shape;
  const dtype = layer.dtype;
  const rng = new Random(seed);
  const of = (n: number, scale = 1): FloatArray => {
    const values = Array.from({ length: n }, () => scale * rng.normal());
    return dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
  };
  const x = of(T * B * D);
  const h0 = of(B * H, 0.5);
  const wOut = of(T * B * H);
  const wN = of(B * H);
  const kernels = kernelsFor(dtype);
  const pass = new Pass(kernels).begin(kernels, B, T, Int32Array.from(lengths), false, null);
  for (const p of layer.parameters()) p.grad.fill(0);
  const outputs = Float64Array.from(layer.forward(pass, x, { h: h0 }));
  const hN = Float64Array.from(layer.finalState().h);
  const dx = dtype === 'float64' ? new Float64Array(T * B * D) : new Float32Array(T * B * D);
  layer.backward(pass, { dOutputs: wOut, dFinalState: { h: wN } }, dx);
  const result: Record<string, Float64Array> = { outputs, hN, dx: Float64Array.from(dx) };
  result.dh0 = Float64Array.from(layer.initialStateGrads().h);
  for (const p of layer.parameters()) result[p.name] = Float64Array.from(p.grad);
  return result;
}

function layerWithParameters(D: number, H: number, dtype: DType): GruLayer {
  const layer = new GruLayer(0, D, H, dtype);
  const rng = new Random(7);
  for (const p of layer.parameters()) for (let k = 0; k < p.value.length; k++) p.value[k] = 0.4 * rng.normal();
  return layer;
}

function expectNear(name: string, actual: Float64Array, expected: Float64Array, tolerance: number): void {
  let scale = 0;
  let maxAbs = 0;
  for (let k = 0; k < expected.length; k++) {
    scale = Math.max(scale, Math.abs(expected[k]));
    maxAbs = Math.max(maxAbs, Math.abs(actual[k] - expected[k]));
  }
  expect(maxAbs / Math.max(scale, 1e-30), `${name}: max |Δ| ${maxAbs} of scale ${scale}`).toBeLessThanOrEqual(
    tolerance,
  );
}

describe('GRU on the WebAssembly kernels matches float64 TypeScript', () => {
  const shapes: [string, Shape][] = [
    ['H = 5 (scalar tail), padded', { B: 5, T: 7, D: 3, H: 5, lengths: [7, 1, 4, 7, 3] }],
    ['B = 2, H = 32 (panel product), padded', { B: 2, T: 6, D: 4, H: 32, lengths: [6, 3] }],
    ['B = 6, H = 32 (tiled product), unpadded', { B: 6, T: 4, D: 8, H: 32, lengths: [4, 4, 4, 4, 4, 4] }],
  ];

  it.each(shapes)('%s', (_name, shape) => {
    setKernelBackend('wasm', { relaxedSimd: false });
    try {
      expect(kernelsFor('float32').name).toBe('wasm');
      const reference = runLayer(layerWithParameters(shape.D, shape.H, 'float64'), shape, 11);
      const wasmLayer = layerWithParameters(shape.D, shape.H, 'float32');
      // Twice on the same layer, the second time with more sequences: its workspaces grow and stay right.
      const small = { ...shape, B: 1, lengths: shape.lengths.slice(0, 1) };
      runLayer(wasmLayer, small, 11);
      const actual = runLayer(wasmLayer, shape, 11);
      for (const [name, expected] of Object.entries(reference)) expectNear(name, actual[name], expected, 2e-5);
    } finally {
      setKernelBackend('auto');
    }
  });
});

describe('initializeGruLayer', () => {
  it("'pytorch': every tensor U(±1/√H)", () => {
    const layer = new GruLayer(0, 6, 9, 'float64');
    initializeGruLayer(layer, 'pytorch', new Random(3));
    for (const p of layer.parameters()) {
      const max = Math.max(...Array.from(p.value, Math.abs));
      expect(max).toBeLessThanOrEqual(1 / 3);
      expect(max).toBeGreaterThan(0.3); // it does fill the range
    }
  });

  it("'keras': Glorot-uniform W_ih, orthogonal W_hh as a whole (Keras's [H, 3H] recurrent kernel), zero biases", () => {
    const D = 6;
    const H = 5;
    const layer = new GruLayer(0, D, H, 'float64');
    initializeGruLayer(layer, 'keras', new Random(3));
    const limit = Math.sqrt(6 / (D + 3 * H));
    const wIh = Array.from(layer.weightIh.value, Math.abs);
    expect(Math.max(...wIh)).toBeLessThanOrEqual(limit);
    expect(Math.max(...wIh)).toBeGreaterThan(0.8 * limit);
    const w = layer.weightHh.value; // [3H, H] with orthonormal columns: WᵀW = I
    for (let p = 0; p < H; p++) {
      for (let q = 0; q < H; q++) {
        let dot = 0;
        for (let r = 0; r < 3 * H; r++) dot += w[r * H + p] * w[r * H + q];
        expect(dot).toBeCloseTo(p === q ? 1 : 0, 12);
      }
    }
    expect(Array.from(layer.biasIh.value)).toEqual(new Array(3 * H).fill(0));
    expect(Array.from(layer.biasHh.value)).toEqual(new Array(3 * H).fill(0));
  });

  it('names its parameters as nn.GRU does, in state_dict order', () => {
    const names = new GruLayer(1, 4, 3, 'float32', { module: 'encoder.gru', direction: 'backward' })
      .parameters()
      .map((p) => `${p.name} ${p.shape.join('x')}`);
    expect(names).toEqual([
      'encoder.gru.weight_ih_l1_reverse 9x4',
      'encoder.gru.weight_hh_l1_reverse 9x3',
      'encoder.gru.bias_ih_l1_reverse 9',
      'encoder.gru.bias_hh_l1_reverse 9',
    ]);
  });
});
