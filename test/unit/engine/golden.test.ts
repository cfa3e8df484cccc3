/**
 * Golden tests: our float32 engine against PyTorch 1.13's float64 numbers for a 2-layer LSTM + Linear
 * (B=2, T=5, D=3, H=4, 2 outputs). See test/fixtures/golden/README.md for how each file was made.
 * Every test runs once per float32 kernel implementation (TypeScript, WebAssembly SIMD, and relaxed SIMD
 * where the host has it), with the same tolerance.
 */

import { describe, it } from 'vitest';
import {
  Dense,
  LstmModel,
  LstmStack,
  clipGradientNorm,
  createOptimizer,
  type LayerRecording,
  type Parameter,
} from '../../../src/engine';
import { KERNEL_VARIANTS, expectClose, loadGolden, ourName, useKernels, type GoldenTensor } from './golden-helpers';

const f32 = (t: GoldenTensor | number[]) => Float32Array.from(Array.isArray(t) ? t : t.data);

/** nn.LSTM(3, 4, num_layers=2, batch_first=True) + nn.Linear(4, 2), loaded with the golden parameters. */
function goldenStackAndHead(golden: any): { stack: LstmStack; head: Dense; parameters: Parameter[] } {
  const { input_size: D, hidden_size: H, num_layers: L, out_features: O } = golden.config;
  const stack = new LstmStack(D, H, L, 0, 'float32');
  const head = new Dense(H, O, 'float32');
  const parameters = [...stack.parameters(), ...head.parameters()];
  loadParameters(parameters, golden.params);
  return { stack, head, parameters };
}

function loadParameters(parameters: Parameter[], params: Record<string, GoldenTensor>): void {
  const byName = new Map(Object.entries(params).map(([name, t]) => [ourName(name), t]));
  for (const p of parameters) {
    const t = byName.get(p.name);
    if (!t) throw new Error(`golden file has no ${p.name}`);
    p.value.set(t.data);
  }
}

function goldenModel(golden: any, headOn: 'last' | 'every'): LstmModel {
  const { input_size: D, hidden_size: H, num_layers: L, out_features: O } = golden.config;
  const model = new LstmModel({ inputSize: D, hiddenSize: H, numLayers: L, outputSize: O, headOn, loss: 'softmax-ce' });
  loadParameters(model.parameters(), golden.params);
  return model;
}

/** Forward + backward of the sum-of-squares loss 0.5·Σ y² on every step; returns the loss. */
function sumOfSquaresPass(golden: any, stack: LstmStack, head: Dense, withState: boolean) {
  const { batch: B, seq_len: T, hidden_size: H, out_features: O } = golden.config;
  for (const p of [...stack.parameters(), ...head.parameters()]) p.grad.fill(0);
  const forward = stack.forwardBatchFirst(
    f32(golden.inputs.x),
    B,
    T,
    withState ? { h0: f32(golden.inputs.h0), c0: f32(golden.inputs.c0) } : {},
  );
  const y = new Float32Array(B * T * O);
  head.forward(B * T, forward.output, 0, y);
  let loss = 0;
  for (const v of y) loss += 0.5 * v * v;
  const dOutput = new Float32Array(B * T * H);
  head.backward(B * T, forward.output, 0, y, dOutput); // d(0.5·y²)/dy = y
  const backward = stack.backwardBatchFirst(dOutput, null, null);
  return { loss, y, forward, backward };
}

function expectParameterGrads(parameters: Parameter[], grads: Record<string, GoldenTensor>, label: string): void {
  for (const [name, t] of Object.entries(grads)) {
    const p = parameters.find((q) => q.name === ourName(name))!;
    expectClose(`${label} d${ourName(name)}`, p.grad, t);
  }
}

describe.each(KERNEL_VARIANTS)('kernels: $name', (variant) => {
  useKernels(variant);

  describe.each([
    ['lstm2_sumsq_zero_state', false],
    ['lstm2_sumsq_nonzero_state', true],
  ])('%s: nn.LSTM + Linear, loss 0.5·Σy² on every step', (file, withState) => {
    const golden = loadGolden(file as string);

    it('forward: outputs, h_n, c_n, Linear output, loss', () => {
      const { stack, head } = goldenStackAndHead(golden);
      const { loss, y, forward } = sumOfSquaresPass(golden, stack, head, withState as boolean);
      expectClose('lstm_output', forward.output, golden.lstm_output);
      expectClose('h_n', forward.hN, golden.h_n);
      expectClose('c_n', forward.cN, golden.c_n);
      expectClose('linear_output', y, golden.linear_output);
      expectClose('loss', [loss], [golden.loss]);
    });

    it('gate activations i, f, g, o, c, h per layer', () => {
      const { input_size: D, hidden_size: H, num_layers: L, out_features: O, batch: B, seq_len: T } = golden.config;
      const model = new LstmModel({
        inputSize: D,
        hiddenSize: H,
        numLayers: L,
        outputSize: O,
        headOn: 'every',
        loss: 'mse',
      });
      loadParameters(model.parameters(), golden.params);
      const initialState = withState ? { h: f32(golden.inputs.h0), c: f32(golden.inputs.c0) } : undefined;
      const { recording } = model.forward(
        { batchSize: B, steps: T, features: f32(golden.inputs.x) },
        { record: true, initialState },
      );
      for (let l = 0; l < L; l++) {
        for (const gate of ['i', 'f', 'g', 'o', 'c', 'h'] as const) {
          expectClose(`layer${l}.${gate}`, (recording![l] as LayerRecording)[gate], golden.gates[`layer${l}`][gate]);
        }
      }
    });

    it('backward: every parameter gradient, dx, dh0, dc0', () => {
      const { stack, head, parameters } = goldenStackAndHead(golden);
      const { backward } = sumOfSquaresPass(golden, stack, head, withState as boolean);
      expectParameterGrads(parameters, golden.grads, '');
      expectClose('dx', backward.dx, golden.grad_inputs.x);
      expectClose('dh0', backward.dh0, golden.grad_inputs.h0);
      expectClose('dc0', backward.dc0, golden.grad_inputs.c0);
    });
  });

  describe('lstm2_sumsq_zero_state: two Adam steps (lr 0.01) match torch.optim.Adam', () => {
    it('parameters after step 1, loss and gradients at step 1, parameters after step 2', () => {
      const golden = loadGolden('lstm2_sumsq_zero_state');
      const { lr, betas, eps, weight_decay } = golden.adam;
      const { stack, head, parameters } = goldenStackAndHead(golden);
      const adam = createOptimizer(parameters, { kind: 'adam', lr, betas, eps, weightDecay: weight_decay });
      sumOfSquaresPass(golden, stack, head, false);
      adam.step();
      for (const [name, t] of Object.entries(golden.adam.params_after_step1 as Record<string, GoldenTensor>)) {
        expectClose(`step1 ${ourName(name)}`, parameters.find((p) => p.name === ourName(name))!.value, t);
      }
      const { loss } = sumOfSquaresPass(golden, stack, head, false);
      expectClose('loss at step-1 parameters', [loss], [golden.adam.loss_at_step1_params]);
      expectParameterGrads(parameters, golden.adam.grads_at_step1_params, 'step1');
      adam.step();
      for (const [name, t] of Object.entries(golden.adam.params_after_step2 as Record<string, GoldenTensor>)) {
        expectClose(`step2 ${ourName(name)}`, parameters.find((p) => p.name === ourName(name))!.value, t);
      }
    });
  });

  describe('lstm2_sumsq_clip: clip_grad_norm_(0.5) then SGD(lr 0.1)', () => {
    it('global norm, clipped gradients, parameters after the step', () => {
      const golden = loadGolden('lstm2_sumsq_clip');
      const { stack, head, parameters } = goldenStackAndHead(golden);
      sumOfSquaresPass(golden, stack, head, false);
      const norm = clipGradientNorm(parameters, golden.clip.max_norm);
      expectClose('total_norm_before', [norm], [golden.clip.total_norm_before]);
      expectParameterGrads(parameters, golden.clip.grads_clipped, 'clipped');
      createOptimizer(parameters, { kind: 'sgd', lr: golden.clip.sgd_lr }).step();
      for (const [name, t] of Object.entries(golden.clip.params_after_sgd as Record<string, GoldenTensor>)) {
        expectClose(`after sgd ${ourName(name)}`, parameters.find((p) => p.name === ourName(name))!.value, t);
      }
    });
  });

  describe.each([
    ['lstm2_ce_last_step', 'last', false],
    ['lstm2_ce_per_step', 'every', true],
  ])('%s: the model wrapper with softmax cross-entropy', (file, headOn, withState) => {
    const golden = loadGolden(file as string);
    const { batch: B, seq_len: T } = golden.config;

    it('loss, logits, h_n, c_n, every gradient, dx, dh0, dc0', () => {
      const model = goldenModel(golden, headOn as 'last' | 'every');
      const initialState = withState ? { h: f32(golden.inputs.h0), c: f32(golden.inputs.c0) } : undefined;
      const targets = Int32Array.from(golden.targets.data);
      const result = model.forward(
        { batchSize: B, steps: T, features: f32(golden.inputs.x), targets },
        { initialState },
      );
      expectClose('loss', [result.loss], [golden.loss]);
      expectClose('linear_output', result.output, golden.linear_output);
      expectClose('h_n', result.finalState.h, golden.h_n);
      expectClose('c_n', result.finalState.c!, golden.c_n);
      model.zeroGrad();
      const inputGrads = model.backward(true);
      expectParameterGrads(model.parameters(), golden.grads, '');
      expectClose('dx', inputGrads.dFeatures!, golden.grad_inputs.x);
      expectClose('dh0', inputGrads.dh0!, golden.grad_inputs.h0);
      expectClose('dc0', inputGrads.dc0!, golden.grad_inputs.c0);
    });
  });
});
