/**
 * Golden tests of the bidirectional LSTM stack against PyTorch 1.13 float64:
 * `nn.LSTM(3, 4, num_layers=2, bidirectional=True, batch_first=True)` over packed sequences of lengths
 * 3, 5, 2 (see test/fixtures/golden/README.md, bilstm2_*). Run in float64 on the TypeScript kernels and in
 * float32 on every float32 kernel implementation, with the same relative tolerance, each followed by two
 * Adam steps with the engine's optimizer against torch.optim.Adam's; then a float64 finite-difference
 * check through the stack with padding.
 */

import { describe, expect, it } from 'vitest';
import {
  Dense,
  LstmLayer,
  Pass,
  Random,
  createOptimizer,
  kernelsFor,
  softmaxCrossEntropy,
  type DType,
  type FloatArray,
  type LayerRecording,
  type Parameter,
} from '../../../src/engine';
import type { LayerNaming } from '../../../src/engine/layer-naming';
import { createRecurrentStack } from '../../../src/engine/recurrent-stack';
import { allocate } from '../../../src/engine/tensor';
import { transposeBatchTime, transposeTimeBatch } from '../../../src/engine/transpose';
import {
  KERNEL_VARIANTS,
  expectClose,
  loadGolden,
  ourName,
  useKernels,
  type GoldenTensor,
  type KernelVariant,
} from './golden-helpers';
import { numericDerivative, relativeError } from './gradient-check-helpers';

const lstmLayer = (l: number, inputSize: number, hiddenSize: number, dtype: DType, naming: LayerNaming) =>
  new LstmLayer(l, inputSize, hiddenSize, dtype, naming);

function bidirectionalLstm(dtype: DType, inputSize: number, hiddenSize: number, numLayers: number) {
  return createRecurrentStack<LayerRecording>({
    makeLayer: lstmLayer,
    inputSize,
    hiddenSize,
    numLayers,
    bidirectional: true,
    dtype,
  });
}

function loadParameters(parameters: Parameter[], params: Record<string, GoldenTensor>): void {
  const byName = new Map(Object.entries(params).map(([name, t]) => [ourName(name), t]));
  for (const p of parameters) {
    const t = byName.get(p.name);
    if (!t) throw new Error(`golden file has no ${p.name}`);
    p.value.set(t.data);
  }
}

function expectParameterGrads(parameters: Parameter[], grads: Record<string, GoldenTensor>): void {
  expect(parameters.map((p) => p.name)).toEqual(Object.keys(grads).map(ourName));
  for (const [name, t] of Object.entries(grads))
    expectClose(`d${ourName(name)}`, parameters.find((p) => p.name === ourName(name))!.grad, t);
}

/**
 * Two Adam steps with the engine's optimizer from the golden's parameters, as torch.optim.Adam took them:
 * the parameters after each step, and between them the loss and every gradient at the step-1 parameters.
 * `lossPass` zeroes the gradients, runs forward and backward of the golden's loss and returns the loss.
 */
function expectAdamSteps(parameters: Parameter[], adamGolden: any, lossPass: () => number): void {
  const { lr, betas, eps, weight_decay } = adamGolden;
  const adam = createOptimizer(parameters, { kind: 'adam', lr, betas, eps, weightDecay: weight_decay });
  const byName = (goldenParams: Record<string, GoldenTensor>, step: string) => {
    expect(parameters.map((p) => p.name)).toEqual(Object.keys(goldenParams).map(ourName));
    for (const [name, t] of Object.entries(goldenParams))
      expectClose(`${step} ${ourName(name)}`, parameters.find((p) => p.name === ourName(name))!.value, t);
  };
  lossPass();
  adam.step();
  byName(adamGolden.params_after_step1, 'step1');
  expectClose('loss at step-1 parameters', [lossPass()], [adamGolden.loss_at_step1_params]);
  for (const [name, t] of Object.entries(adamGolden.grads_at_step1_params as Record<string, GoldenTensor>))
    expectClose(`step1 d${ourName(name)}`, parameters.find((p) => p.name === ourName(name))!.grad, t);
  adam.step();
  byName(adamGolden.params_after_step2, 'step2');
}

const RUNS: { name: string; dtype: DType; variant: KernelVariant }[] = [
  { name: 'float64 on TypeScript', dtype: 'float64', variant: KERNEL_VARIANTS[0] },
  ...KERNEL_VARIANTS.map((variant) => ({ name: `float32 on ${variant.name}`, dtype: 'float32' as DType, variant })),
];

describe.each(RUNS)('bidirectional LSTM golden, $name', ({ dtype, variant }) => {
  useKernels(variant);
  const values = (t: GoldenTensor) => {
    const out = allocate(dtype, t.data.length);
    out.set(t.data);
    return out;
  };

  describe('bilstm2_sumsq_packed: loss 0.5·Σ output² + Σ h_n·w + Σ c_n·v, nonzero h0, c0', () => {
    const golden = loadGolden('bilstm2_sumsq_packed');
    const { input_size: D, hidden_size: H, num_layers: L, batch: B, seq_len: T } = golden.config;
    const lengths = Int32Array.from(golden.config.lengths as number[]);

    function goldenStack() {
      const stack = bidirectionalLstm(dtype, D, H, L);
      loadParameters(stack.parameters(), golden.params);
      return stack;
    }

    function run(stack = goldenStack()) {
      for (const p of stack.parameters()) p.grad.fill(0);
      const forward = stack.forwardBatchFirst(values(golden.inputs.x), B, T, {
        lengths,
        h0: values(golden.inputs.h0),
        c0: values(golden.inputs.c0),
      });
      // d(0.5·Σ output²)/d output = output (zero at padding, as PyTorch's padded output is).
      const w = values(golden.inputs.w);
      const v = values(golden.inputs.v);
      const backward = stack.backwardBatchFirst(forward.output, w, v);
      let loss = 0;
      for (const y of forward.output) loss += 0.5 * y * y;
      for (let k = 0; k < w.length; k++) loss += forward.hN[k] * w[k] + forward.cN![k] * v[k];
      return { stack, forward, backward, loss };
    }

    it('names its parameters as PyTorch: every forward one, then every _reverse one, layer by layer', () => {
      const { stack } = run();
      expect(stack.parameters().map((p) => p.name)).toEqual(Object.keys(golden.params));
    });

    it('forward: output [B, T, 8] (zeros at padding), h_n and c_n [4, B, H] layer × direction, loss', () => {
      const { forward, loss } = run();
      expectClose('loss', [loss], [golden.loss]);
      expectClose('lstm_output', forward.output, golden.lstm_output);
      expectClose('h_n', forward.hN, golden.h_n);
      expectClose('c_n', forward.cN!, golden.c_n);
    });

    it('backward: every parameter gradient, dx, dh0, dc0', () => {
      const { stack, backward } = run();
      expectParameterGrads(stack.parameters(), golden.grads);
      expectClose('dx', backward.dx, golden.grad_inputs.x);
      expectClose('dh0', backward.dh0, golden.grad_inputs.h0);
      expectClose('dc0', backward.dc0!, golden.grad_inputs.c0);
    });

    it('recording: both directions in time order, aligned to the same tokens, zero at padding', () => {
      const { stack } = run();
      const recording = stack.recordGates();
      for (let l = 0; l < L; l++) {
        for (const gate of ['i', 'f', 'g', 'o', 'c', 'h'] as const) {
          expectClose(`layer${l}.${gate}`, recording[l].forward[gate], golden.gates[`layer${l}`][gate]);
          expectClose(
            `layer${l}_reverse.${gate}`,
            recording[l].backward[gate],
            golden.gates[`layer${l}_reverse`][gate],
          );
        }
      }
    });

    it('two Adam steps (lr 0.01) match torch.optim.Adam: parameters after each, loss and gradients between', () => {
      const stack = goldenStack();
      expectAdamSteps(stack.parameters(), golden.adam, () => run(stack).loss);
    });
  });

  describe('bilstm2_ce_classifier: Linear(8, 2) on cat(h_n[-2], h_n[-1]), cross-entropy', () => {
    const golden = loadGolden('bilstm2_ce_classifier');
    const { input_size: D, hidden_size: H, num_layers: L, batch: B, seq_len: T, out_features: O } = golden.config;
    const lengths = Int32Array.from(golden.config.lengths as number[]);

    function goldenClassifier() {
      const stack = bidirectionalLstm(dtype, D, H, L);
      const head = new Dense(2 * H, O, dtype);
      const parameters = [...stack.parameters(), ...head.parameters()];
      loadParameters(parameters, golden.params);
      return { stack, head, parameters };
    }

    /** Forward and backward of the cross-entropy on the golden batch, gradients zeroed first. */
    function classify({ stack, head, parameters }: ReturnType<typeof goldenClassifier>) {
      for (const p of parameters) p.grad.fill(0);
      const kernels = kernelsFor(dtype);
      const pass = new Pass(kernels).begin(kernels, B, T, lengths, false, null);
      const xTime = allocate(dtype, T * B * D);
      transposeBatchTime(values(golden.inputs.x), B, T, D, xTime);
      stack.forward(pass, xTime, null);
      const features = stack.lastOutput();
      const logits = allocate(dtype, B * O);
      head.forward(B, features, 0, logits, kernels);
      const dLogits = allocate(dtype, B * O);
      const loss = softmaxCrossEntropy(B, O, logits, golden.targets.data, null, dLogits);
      const dFeatures = allocate(dtype, B * 2 * H);
      head.backward(B, features, 0, dLogits, dFeatures, kernels);
      const dxTime = allocate(dtype, T * B * D);
      stack.backward(pass, { dLastOutput: dFeatures }, dxTime);
      const dx = allocate(dtype, B * T * D);
      transposeTimeBatch(dxTime, 0, B, T, D, dx);
      return { features, logits, loss, dx };
    }

    it('the last output is what PyTorch’s h_n gives a classifier; loss, logits, every gradient, dx', () => {
      const classifier = goldenClassifier();
      const { stack, parameters } = classifier;
      const { features, logits, loss, dx } = classify(classifier);
      expectClose('features = cat(h_n[-2], h_n[-1])', features, golden.features);
      expectClose('linear_output', logits, golden.linear_output);
      expectClose('loss', [loss], [golden.loss]);
      expectParameterGrads(parameters, golden.grads);
      expectClose('dx', dx, golden.grad_inputs.x);
      const initial = stack.initialStateGrads();
      expectClose('dh0', initial.h, golden.grad_inputs.h0);
      expectClose('dc0', initial.c!, golden.grad_inputs.c0);
    });

    it('two Adam steps (lr 0.01) over the stack and the head match torch.optim.Adam', () => {
      const classifier = goldenClassifier();
      expectAdamSteps(classifier.parameters, golden.adam, () => classify(classifier).loss);
    });
  });
});

describe('gradient check through a bidirectional stack with padding (float64, dropout off)', () => {
  it('every parameter, x, h0 and c0 match central differences for outputs, last output and final state', () => {
    const B = 3;
    const T = 5;
    const D = 2;
    const H = 3;
    const L = 2;
    const rng = new Random(4242);
    const normal = (n: number, scale = 1) => Float64Array.from({ length: n }, () => scale * rng.normal());
    const stack = bidirectionalLstm('float64', D, H, L);
    for (const p of stack.parameters()) p.value.set(normal(p.value.length, 0.5));
    const lengths = Int32Array.from([5, 2, 4]);
    const x = normal(T * B * D);
    const h0 = normal(L * 2 * B * H, 0.5);
    const c0 = normal(L * 2 * B * H, 0.5);
    // loss = 0.5·Σ_real steps output² + Σ lastOutput·u + Σ h_n·w + Σ c_n·v
    const u = normal(B * 2 * H);
    const w = normal(L * 2 * B * H);
    const v = normal(L * 2 * B * H);
    const kernels = kernelsFor('float64');
    const pass = new Pass(kernels).begin(kernels, B, T, lengths, false, null);
    const dOutputs = new Float64Array(T * B * 2 * H);
    const lossAt = (): number => {
      const outputs = stack.forward(pass, x, { h: h0, c: c0 });
      let loss = 0;
      dOutputs.fill(0);
      for (let t = 0; t < T; t++)
        for (let b = 0; b < B; b++) {
          if (t >= lengths[b]) continue;
          for (let j = 0; j < 2 * H; j++) {
            const k = (t * B + b) * 2 * H + j;
            loss += 0.5 * outputs[k] * outputs[k];
            dOutputs[k] = outputs[k];
          }
        }
      const dot = (a: FloatArray, b: FloatArray) => {
        let sum = 0;
        for (let k = 0; k < a.length; k++) sum += a[k] * b[k];
        return sum;
      };
      const { h, c } = stack.finalState();
      return loss + dot(stack.lastOutput(), u) + dot(h, w) + dot(c!, v);
    };
    for (const p of stack.parameters()) p.grad.fill(0);
    lossAt();
    const dx = new Float64Array(T * B * D);
    stack.backward(pass, { dOutputs, dLastOutput: u, dFinalState: { h: w, c: v } }, dx);
    const initial = stack.initialStateGrads();
    let worst = 0;
    const check = (label: string, values: Float64Array, analytic: ArrayLike<number>) => {
      for (let k = 0; k < values.length; k++) {
        const numeric = numericDerivative(values, k, lossAt);
        const error = relativeError(numeric, analytic[k]);
        worst = Math.max(worst, error);
        expect(error, `${label}[${k}]: numeric ${numeric}, analytic ${analytic[k]}`).toBeLessThan(1e-6);
      }
    };
    for (const p of stack.parameters()) check(p.name, p.value as Float64Array, p.grad.slice());
    check('x', x, dx.slice());
    check('h0', h0, initial.h);
    check('c0', c0, initial.c!);
    console.log(`worst relative error ${worst.toExponential(2)}`);
  });
});
