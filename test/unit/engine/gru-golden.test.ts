/**
 * Golden test of the GRU layer against PyTorch 1.13's float64 numbers (test/fixtures/golden/gru2_packed.json,
 * made by gen/gru_golden.py): two stacked `nn.GRU` layers over a packed batch of lengths 5, 2, 4 with a
 * nonzero h0; loss 0.5·Σ output² over the real steps + Σ h_n·w; then two Adam steps. Runs on the
 * TypeScript kernels in float64 and on every float32 kernel implementation (TypeScript, WebAssembly SIMD,
 * relaxed SIMD where the host has it), with the tolerance of golden.test.ts.
 */

import { describe, expect, it } from 'vitest';
import { GruLayer, Pass, createOptimizer, kernelsFor, type DType, type FloatArray } from '../../../src/engine';
import { KERNEL_VARIANTS, expectClose, loadGolden, useKernels, type GoldenTensor } from './golden-helpers';

const golden = loadGolden('gru2_packed');
const { input_size: D, hidden_size: H, num_layers: L, batch: B, seq_len: T } = golden.config;
const lengths = Int32Array.from(golden.config.lengths as number[]);

const VARIANTS = [
  { ...KERNEL_VARIANTS[0], name: 'js float64', dtype: 'float64' as DType },
  ...KERNEL_VARIANTS.map((variant) => ({ ...variant, name: `${variant.name} float32`, dtype: 'float32' as DType })),
];

function typed(dtype: DType, values: ArrayLike<number>): FloatArray {
  return dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
}

// y (T, B, W) ← x (B, T, W)
function timeMajor(dtype: DType, x: ArrayLike<number>, W: number): FloatArray {
  const y = typed(dtype, new Array(T * B * W).fill(0));
  for (let b = 0; b < B; b++)
    for (let t = 0; t < T; t++) for (let w = 0; w < W; w++) y[(t * B + b) * W + w] = x[(b * T + t) * W + w];
  return y;
}

// y (B, T, W) ← x (T, B, W), zero past each sequence's length (PyTorch's pad_packed_sequence)
function batchMajorMasked(x: ArrayLike<number>, W: number): Float64Array {
  const y = new Float64Array(B * T * W);
  for (let b = 0; b < B; b++)
    for (let t = 0; t < lengths[b]; t++) for (let w = 0; w < W; w++) y[(b * T + t) * W + w] = x[(t * B + b) * W + w];
  return y;
}

/** The golden's two layers, loaded with its parameters. */
function goldenLayers(dtype: DType): GruLayer[] {
  const layers = [new GruLayer(0, D, H, dtype), new GruLayer(1, H, H, dtype)];
  for (const p of layers.flatMap((layer) => layer.parameters())) {
    const t = golden.params[p.name] as GoldenTensor | undefined;
    if (!t) throw new Error(`golden file has no ${p.name}`);
    expect(Array.from(p.shape)).toEqual(t.shape);
    p.value.set(t.data);
  }
  return layers;
}

/** Forward through both layers and backward of the golden loss; what the tests compare. */
function run(dtype: DType, layers = goldenLayers(dtype)) {
  const kernels = kernelsFor(dtype);
  const pass = new Pass(kernels).begin(kernels, B, T, lengths, false, null);
  const h0 = golden.inputs.h0.data as number[];
  const w = golden.h_n_weights.data as number[];
  const BH = B * H;
  let x = timeMajor(dtype, golden.inputs.x.data, D);
  const inputs: FloatArray[] = [];
  for (let l = 0; l < L; l++) {
    inputs.push(x);
    x = layers[l].forward(pass, x, { h: typed(dtype, h0.slice(l * BH, (l + 1) * BH)) });
  }
  const output = batchMajorMasked(x, H);
  const hN = layers.flatMap((layer) => Array.from(layer.finalState().h));
  const recordings = layers.map((layer) => layer.recordGates());
  let loss = 0;
  for (const v of output) loss += 0.5 * v * v;
  for (let k = 0; k < L * BH; k++) loss += hN[k] * w[k];

  // dLoss/d(top outputs) = the outputs at real steps, zero at padded ones; dLoss/dh_n = w.
  let dOutputs = timeMajor(dtype, output, H);
  let dx: FloatArray = dOutputs;
  const dh0: number[][] = [];
  for (let l = L - 1; l >= 0; l--) {
    dx = typed(dtype, new Array(T * B * layers[l].inputSize).fill(0));
    layers[l].backward(pass, { dOutputs, dFinalState: { h: typed(dtype, w.slice(l * BH, (l + 1) * BH)) } }, dx);
    dh0[l] = Array.from(layers[l].initialStateGrads().h);
    dOutputs = dx;
  }
  return { layers, output, hN, recordings, loss, dx: batchMajorMasked(dx, D), dh0: dh0.flat() };
}

describe.each(VARIANTS)('gru2_packed on $name', (variant) => {
  useKernels(variant);

  it('forward: outputs, h_n, loss', () => {
    const { output, hN, loss } = run(variant.dtype);
    expectClose('output', output, golden.output);
    expectClose('h_n', hN, golden.h_n);
    expectClose('loss', [loss], [golden.loss]);
  });

  it('recording: r, z, n, h per layer, zero at padded steps', () => {
    const { recordings } = run(variant.dtype);
    for (let l = 0; l < L; l++) {
      for (const gate of ['r', 'z', 'n', 'h'] as const) {
        expectClose(`layer${l}.${gate}`, recordings[l][gate], golden.gates[`layer${l}`][gate]);
      }
    }
  });

  it('backward: every parameter gradient, dx, dh0', () => {
    const { layers, dx, dh0 } = run(variant.dtype);
    for (const p of layers.flatMap((layer) => layer.parameters())) {
      expectClose(`d${p.name}`, p.grad, golden.grads[p.name]);
    }
    expectClose('dx', dx, golden.grad_inputs.x);
    expectClose('dh0', dh0, golden.grad_inputs.h0);
  });

  it('two Adam steps (lr 0.01) match torch.optim.Adam: parameters after each, loss and gradients between', () => {
    const { lr, betas, eps, weight_decay } = golden.adam;
    const layers = goldenLayers(variant.dtype);
    const parameters = layers.flatMap((layer) => layer.parameters());
    const adam = createOptimizer(parameters, { kind: 'adam', lr, betas, eps, weightDecay: weight_decay });
    run(variant.dtype, layers);
    adam.step();
    for (const p of parameters) expectClose(`step1 ${p.name}`, p.value, golden.adam.params_after_step1[p.name]);
    for (const p of parameters) p.grad.fill(0);
    const { loss } = run(variant.dtype, layers);
    expectClose('loss at step-1 parameters', [loss], [golden.adam.loss_at_step1_params]);
    for (const p of parameters) expectClose(`step1 d${p.name}`, p.grad, golden.adam.grads_at_step1_params[p.name]);
    adam.step();
    for (const p of parameters) expectClose(`step2 ${p.name}`, p.value, golden.adam.params_after_step2[p.name]);
  });

  it('runs on the kernels the variant asks for', () => {
    expect(kernelsFor(variant.dtype).name).toBe(variant.dtype === 'float64' || variant.choice === 'js' ? 'js' : 'wasm');
  });
});
