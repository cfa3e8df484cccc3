/**
 * Golden test of the projected LSTM: our engine against PyTorch 1.13's float64 numbers for
 * `nn.LSTM(3, 5, num_layers=2, proj_size=2, batch_first=True)` on packed sequences of lengths 5, 2, 4 with
 * a nonzero initial state (test/fixtures/golden/lstm_proj2_packed.json; see the README there). The loss
 * 0.5·Σ output² + Σ h_n·w + Σ c_n·v reaches the outputs, h_n and c_n, so every gradient path is checked.
 * Then two Adam steps (lr 0.01) with the engine's optimizer against torch.optim.Adam's.
 * Runs once per float32 kernel implementation and once in float64 (TypeScript kernels).
 */

import { describe, expect, it } from 'vitest';
import { LstmLayer, LstmStack, createOptimizer, type DType, type FloatArray } from '../../../src/engine';
import {
  KERNEL_VARIANTS,
  RELATIVE_TOLERANCE,
  expectClose,
  loadGolden,
  useKernels,
  type GoldenTensor,
} from './golden-helpers';

const golden = loadGolden('lstm_proj2_packed');
const { input_size: D, hidden_size: H, proj_size: P, num_layers: L, batch: B, seq_len: T } = golden.config;

function tensor(dtype: DType, t: GoldenTensor): FloatArray {
  return dtype === 'float64' ? Float64Array.from(t.data) : Float32Array.from(t.data);
}

function goldenStack(dtype: DType): LstmStack {
  const stack = new LstmStack(D, H, L, 0, dtype, P);
  for (const p of stack.parameters()) {
    const t = golden.params[p.name] as GoldenTensor | undefined;
    if (!t) throw new Error(`golden file has no ${p.name}`);
    expect(p.shape, p.name).toEqual(t.shape);
    p.value.set(t.data);
  }
  return stack;
}

/** Forward and backward of 0.5·Σ output² + Σ h_n·w + Σ c_n·v on the golden batch. */
function lossPass(stack: LstmStack, dtype: DType) {
  for (const p of stack.parameters()) p.grad.fill(0);
  const forward = stack.forwardBatchFirst(tensor(dtype, golden.inputs.x), B, T, {
    lengths: Int32Array.from(golden.inputs.lengths),
    h0: tensor(dtype, golden.inputs.h0),
    c0: tensor(dtype, golden.inputs.c0),
  });
  const w = tensor(dtype, golden.loss_weights.w);
  const v = tensor(dtype, golden.loss_weights.v);
  let loss = 0;
  for (const y of forward.output) loss += 0.5 * y * y;
  for (let k = 0; k < w.length; k++) loss += forward.hN[k] * w[k];
  for (let k = 0; k < v.length; k++) loss += forward.cN[k] * v[k];
  const recording = stack.recordGates();
  const backward = stack.backwardBatchFirst(forward.output, w, v); // d(0.5·y²)/dy = y
  return { loss, forward, backward, recording };
}

function expectGolden(stack: LstmStack, dtype: DType, tolerance: number): void {
  const { loss, forward, backward, recording } = lossPass(stack, dtype);
  expectClose('lstm_output', forward.output, golden.lstm_output, tolerance);
  expectClose('h_n', forward.hN, golden.h_n, tolerance);
  expectClose('c_n', forward.cN, golden.c_n, tolerance);
  expectClose('loss', [loss], [golden.loss], tolerance);
  for (let l = 0; l < L; l++) {
    for (const gate of ['i', 'f', 'g', 'o', 'c', 'm', 'h'] as const) {
      expectClose(`layer${l}.${gate}`, recording[l][gate]!, golden.gates[`layer${l}`][gate], tolerance);
    }
  }
  for (const p of stack.parameters()) expectClose(`d${p.name}`, p.grad, golden.grads[p.name], tolerance);
  expectClose('dx', backward.dx, golden.grad_inputs.x, tolerance);
  expectClose('dh0', backward.dh0, golden.grad_inputs.h0, tolerance);
  expectClose('dc0', backward.dc0, golden.grad_inputs.c0, tolerance);
}

/**
 * Two Adam steps with the engine's optimizer from the golden parameters: the parameters after each step,
 * and between them the loss and every gradient recomputed at the step-1 parameters (torch.optim.Adam's).
 */
function expectAdamSteps(dtype: DType, tolerance: number): void {
  const { lr, betas, eps, weight_decay } = golden.adam;
  const stack = goldenStack(dtype);
  const parameters = stack.parameters();
  const adam = createOptimizer(parameters, { kind: 'adam', lr, betas, eps, weightDecay: weight_decay });
  lossPass(stack, dtype);
  adam.step();
  for (const p of parameters)
    expectClose(`step1 ${p.name}`, p.value, golden.adam.params_after_step1[p.name], tolerance);
  const { loss } = lossPass(stack, dtype);
  expectClose('loss at step-1 parameters', [loss], [golden.adam.loss_at_step1_params], tolerance);
  for (const p of parameters)
    expectClose(`step1 d${p.name}`, p.grad, golden.adam.grads_at_step1_params[p.name], tolerance);
  adam.step();
  for (const p of parameters)
    expectClose(`step2 ${p.name}`, p.value, golden.adam.params_after_step2[p.name], tolerance);
}

describe('projected LstmLayer: PyTorch shapes and names', () => {
  it('weight_hh is [4H, P], weight_hr_l{k} is [P, H] and comes last, outputs are P wide', () => {
    const layer = new LstmLayer(1, 2, 5, 'float32', undefined, 2);
    expect(layer.outputSize).toBe(2);
    expect(layer.parameters().map((p) => [p.name, p.shape])).toEqual([
      ['lstm.weight_ih_l1', [20, 2]],
      ['lstm.weight_hh_l1', [20, 2]],
      ['lstm.bias_ih_l1', [20]],
      ['lstm.bias_hh_l1', [20]],
      ['lstm.weight_hr_l1', [2, 5]],
    ]);
  });

  it('without a projection nothing changes: four parameters, H-wide outputs', () => {
    const layer = new LstmLayer(0, 3, 4, 'float32');
    expect(layer.weightHr).toBeNull();
    expect(layer.outputSize).toBe(4);
    expect(layer.parameters().map((p) => p.shape)).toEqual([[16, 3], [16, 4], [16], [16]]);
  });

  it('refuses a projection that is not below hiddenSize, as PyTorch does', () => {
    expect(() => new LstmLayer(0, 3, 4, 'float32', undefined, 4)).toThrow(/projSize/);
    expect(() => new LstmLayer(0, 3, 4, 'float32', undefined, -1)).toThrow(/projSize/);
  });
});

describe.each(KERNEL_VARIANTS)('kernels: $name', (variant) => {
  useKernels(variant);

  it('lstm_proj2_packed: outputs, h_n, c_n, gates, loss, every gradient, dx, dh0, dc0', () => {
    expectGolden(goldenStack('float32'), 'float32', RELATIVE_TOLERANCE);
  });

  it('a second pass on the same stack gives the same numbers (workspaces reused)', () => {
    const stack = goldenStack('float32');
    lossPass(stack, 'float32');
    expectGolden(stack, 'float32', RELATIVE_TOLERANCE);
  });

  it('two Adam steps (lr 0.01) match torch.optim.Adam: parameters after each, loss and gradients between', () => {
    expectAdamSteps('float32', RELATIVE_TOLERANCE);
  });
});

describe('float64 (TypeScript kernels, exact Math.exp/Math.tanh)', () => {
  it('lstm_proj2_packed to 1e-12 of each tensor’s scale', () => {
    expectGolden(goldenStack('float64'), 'float64', 1e-12);
  });

  it('two Adam steps (lr 0.01) match torch.optim.Adam to 1e-12', () => {
    expectAdamSteps('float64', 1e-12);
  });
});
