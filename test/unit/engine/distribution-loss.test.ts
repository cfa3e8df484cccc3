/**
 * The distribution losses of a forecaster (src/engine/distribution-losses.ts) through a model: golden
 * values from PyTorch 1.13 in float64 (test/fixtures/golden/gen/distribution_loss_golden.py; the loss,
 * the head output and every gradient, on a last-step head and on a per-step head over padded sequences),
 * on every float32 kernel implementation and in float64; then finite-difference gradient checks in float64.
 */

import { describe, expect, it } from 'vitest';
import { LstmModel, Random, type Batch, type DType, type ModelConfig, type Parameter } from '../../../src/engine';
import { numericDerivative, relativeError } from './gradient-check-helpers';
import { KERNEL_VARIANTS, expectClose, loadGolden, ourName, useKernels, type GoldenTensor } from './golden-helpers';

const GOLDEN_FILES = ['lstm_gaussian_nll_last', 'lstm_gaussian_nll_every', 'lstm_quantile_last', 'lstm_quantile_every'];

const VARIANTS = [
  { ...KERNEL_VARIANTS[0], name: 'js float64', dtype: 'float64' as DType },
  ...KERNEL_VARIANTS.map((variant) => ({ ...variant, name: `${variant.name} float32`, dtype: 'float32' as DType })),
];

function loadParameters(parameters: Parameter[], params: Record<string, GoldenTensor>): void {
  const byName = new Map(Object.entries(params).map(([name, t]) => [ourName(name), t]));
  for (const p of parameters) {
    const t = byName.get(p.name);
    if (!t) throw new Error(`golden file has no ${p.name}`);
    p.value.set(t.data);
  }
}

describe.each(VARIANTS)('distribution losses vs PyTorch ($name)', (variant) => {
  useKernels(variant);
  const array = (t: GoldenTensor) =>
    variant.dtype === 'float64' ? Float64Array.from(t.data) : Float32Array.from(t.data);

  it.each(GOLDEN_FILES)('%s: loss, head output and every gradient', (file) => {
    const golden = loadGolden(file);
    const {
      input_size: D,
      hidden_size: H,
      out_features: O,
      batch: B,
      seq_len: T,
      loss,
      head_on: headOn,
    } = golden.config;
    const model = new LstmModel({
      inputSize: D,
      hiddenSize: H,
      numLayers: 1,
      outputSize: O,
      headOn,
      loss,
      ...(golden.config.quantiles ? { quantiles: golden.config.quantiles } : {}),
      dtype: variant.dtype,
    });
    loadParameters(model.parameters(), golden.params);
    const lengths = Int32Array.from(golden.config.lengths as number[]);
    const result = model.forward({
      batchSize: B,
      steps: T,
      lengths,
      features: array(golden.inputs.x),
      targets: array(golden.targets),
    });
    expectClose('loss', [result.loss], [golden.loss]);
    // A per-step head's padded rows are not compared: PyTorch's packed output is zero there.
    const expected = golden.linear_output.data as number[];
    const actual = Array.from(result.output);
    if (headOn === 'every') {
      for (let b = 0; b < B; b++)
        for (let t = lengths[b]; t < T; t++)
          for (let o = 0; o < O; o++) actual[(b * T + t) * O + o] = expected[(b * T + t) * O + o];
    }
    expectClose('linear_output', actual, expected);
    model.zeroGrad();
    const inputGrads = model.backward(true)!;
    for (const [name, t] of Object.entries(golden.grads as Record<string, GoldenTensor>)) {
      const p = model.parameters().find((q) => q.name === ourName(name))!;
      expectClose(`d${ourName(name)}`, p.grad, t);
    }
    expectClose('dx', inputGrads.dFeatures!, golden.grad_inputs.x);
  });
});

describe.each([
  { loss: 'gaussian-nll' as const, headOn: 'last' as const, padded: false, outputSize: 4 },
  { loss: 'gaussian-nll' as const, headOn: 'every' as const, padded: true, outputSize: 2 },
  { loss: 'quantile' as const, headOn: 'last' as const, padded: false, outputSize: 6 },
  {
    loss: 'quantile' as const,
    headOn: 'every' as const,
    padded: true,
    outputSize: 8,
    quantiles: [0.05, 0.3, 0.7, 0.95],
  },
])('gradient check: $loss on the $headOn step(s)', (c) => {
  it('analytic gradients of every parameter and input match central differences', () => {
    const B = 3;
    const T = 5;
    const rng = new Random(2024);
    const config: Partial<ModelConfig> = {
      inputSize: 2,
      hiddenSize: 3,
      numLayers: 2,
      outputSize: c.outputSize,
      headOn: c.headOn,
      loss: c.loss,
      ...(c.quantiles ? { quantiles: c.quantiles } : {}),
      dtype: 'float64',
    };
    const model = new LstmModel(config, 7);
    for (const p of model.parameters()) for (let k = 0; k < p.value.length; k++) p.value[k] += 0.1 * rng.normal();
    const P = c.loss === 'gaussian-nll' ? 2 : (c.quantiles ?? [0.1, 0.5, 0.9]).length;
    const lengths = Int32Array.from({ length: B }, (_, b) => (c.padded ? [T, 2, 4][b] : T));
    const rows = c.headOn === 'every' ? B * T : B;
    const batch: Batch = {
      batchSize: B,
      steps: T,
      lengths,
      features: Float64Array.from({ length: B * T * 2 }, () => rng.normal()),
      targets: Float64Array.from({ length: (rows * c.outputSize) / P }, () => rng.normal()),
    };
    const lossAt = () => model.forward(batch).loss;
    model.zeroGrad();
    lossAt();
    const inputGrads = model.backward(true)!;
    const check = (label: string, values: Float64Array, analytic: ArrayLike<number>) => {
      for (let k = 0; k < values.length; k++) {
        const numeric = numericDerivative(values, k, lossAt);
        expect(
          relativeError(numeric, analytic[k]),
          `${label}[${k}]: numeric ${numeric}, analytic ${analytic[k]}`,
        ).toBeLessThan(1e-6);
      }
    };
    for (const p of model.parameters()) check(p.name, p.value as Float64Array, p.grad.slice());
    check('features', batch.features as Float64Array, inputGrads.dFeatures!);
  });
});

describe('model config of a distribution head', () => {
  it('fills the default levels and checks the head width', async () => {
    const { resolveModelConfig } = await import('../../../src/engine/config');
    expect(resolveModelConfig({ loss: 'quantile', outputSize: 6 }).quantiles).toEqual([0.1, 0.5, 0.9]);
    expect(() => resolveModelConfig({ loss: 'quantile', outputSize: 4 })).toThrow(/not a multiple/);
    expect(() => resolveModelConfig({ loss: 'quantile', outputSize: 4, quantiles: [0.9, 0.1] })).toThrow(/ascending/);
    expect(() => resolveModelConfig({ loss: 'gaussian-nll', outputSize: 3 })).toThrow(/two outputs/);
    expect(resolveModelConfig({ loss: 'gaussian-nll', outputSize: 4 }).loss).toBe('gaussian-nll');
  });
});
