/**
 * The golden tests against PyTorch and the finite-difference gradient checks, through the 2-thread
 * step runner: the batch is split across two threads and the gradients summed back, and the result must
 * meet the same tolerances as the one-thread engine (test/unit/engine/golden.test.ts and
 * gradient-check.test.ts). Golden tests run on every float32 kernel implementation; the gradient checks
 * are float64 (TypeScript kernels, as single-threaded).
 *
 * The runner computes training gradients (loss → parameters); outputs, gate recordings and input
 * gradients are not part of a training step and stay covered by the one-thread tests. The golden
 * sum-of-squares loss 0.5·Σy² is a model loss here as MSE against zero targets, mean over the B·T·O
 * outputs: so 0.5·Σy² = mse · B·T·O / 2, and its gradients scale alike.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LstmModel,
  Random,
  clipGradientNorm,
  createOptimizer,
  type Batch,
  type ModelConfig,
  type Parameter,
} from '../../../src/engine';
import { ParallelStepRunner } from '../../../src/train/parallel/parallel-step-runner';
import {
  KERNEL_VARIANTS,
  expectClose,
  loadGolden,
  ourName,
  useKernels,
  type GoldenTensor,
} from '../engine/golden-helpers';
import { buildTrainThreadBundle } from './thread-bundle';

let script = '';
let dispose = () => {};
beforeAll(async () => {
  ({ script, dispose } = await buildTrainThreadBundle());
}, 120_000);
afterAll(() => dispose());

const THREADS = 2;
const f32 = (t: GoldenTensor) => Float32Array.from(t.data);

async function withRunner<T>(model: LstmModel, body: (runner: ParallelStepRunner) => T | Promise<T>): Promise<T> {
  const runner = await ParallelStepRunner.start(
    model,
    createOptimizer(model.parameters(), { kind: 'sgd' }),
    THREADS,
    script,
  );
  try {
    return await body(runner);
  } finally {
    await runner.close();
  }
}

function goldenModel(golden: any, headOn: 'last' | 'every', loss: 'mse' | 'softmax-ce'): LstmModel {
  const { input_size: D, hidden_size: H, num_layers: L, out_features: O } = golden.config;
  const model = new LstmModel({ inputSize: D, hiddenSize: H, numLayers: L, outputSize: O, headOn, loss });
  const byName = new Map(
    Object.entries(golden.params as Record<string, GoldenTensor>).map(([name, t]) => [ourName(name), t]),
  );
  for (const p of model.parameters()) p.value.set(byName.get(p.name)!.data);
  return model;
}

/** 0.5·Σy² on every step as MSE against zeros; returns [loss, scale] with loss already scaled. */
function sumOfSquares(runner: ParallelStepRunner, model: LstmModel, golden: any, withState: boolean): number {
  const { batch: B, seq_len: T, out_features: O } = golden.config;
  const batch: Batch = { batchSize: B, steps: T, features: f32(golden.inputs.x), targets: new Float32Array(B * T * O) };
  const initialState = withState ? { h: f32(golden.inputs.h0), c: f32(golden.inputs.c0) } : undefined;
  const scale = (B * T * O) / 2;
  const loss = runner.gradients(batch, { training: false, initialState }) * scale;
  for (const p of model.parameters()) for (let k = 0; k < p.grad.length; k++) p.grad[k] *= scale;
  return loss;
}

function expectParameterGrads(parameters: Parameter[], grads: Record<string, GoldenTensor>, label: string): void {
  for (const [name, t] of Object.entries(grads))
    expectClose(`${label} d${ourName(name)}`, parameters.find((q) => q.name === ourName(name))!.grad, t);
}

function expectParameterValues(parameters: Parameter[], values: Record<string, GoldenTensor>, label: string): void {
  for (const [name, t] of Object.entries(values))
    expectClose(`${label} ${ourName(name)}`, parameters.find((q) => q.name === ourName(name))!.value, t);
}

describe.each(KERNEL_VARIANTS)(`golden, ${THREADS} threads, kernels: $name`, (variant) => {
  useKernels(variant);

  it.each([
    ['lstm2_sumsq_zero_state', false],
    ['lstm2_sumsq_nonzero_state', true],
  ])('%s: loss 0.5·Σy² and every parameter gradient', async (file, withState) => {
    const golden = loadGolden(file as string);
    const model = goldenModel(golden, 'every', 'mse');
    await withRunner(model, (runner) => {
      const loss = sumOfSquares(runner, model, golden, withState as boolean);
      expectClose('loss', [loss], [golden.loss]);
      expectParameterGrads(model.parameters(), golden.grads, '');
    });
  });

  it.each([
    ['lstm2_ce_last_step', 'last', false],
    ['lstm2_ce_per_step', 'every', true],
  ])('%s: cross-entropy loss and every parameter gradient', async (file, headOn, withState) => {
    const golden = loadGolden(file as string);
    const { batch: B, seq_len: T } = golden.config;
    const model = goldenModel(golden, headOn as 'last' | 'every', 'softmax-ce');
    await withRunner(model, (runner) => {
      const batch: Batch = {
        batchSize: B,
        steps: T,
        features: f32(golden.inputs.x),
        targets: Int32Array.from(golden.targets.data),
      };
      const initialState = withState ? { h: f32(golden.inputs.h0), c: f32(golden.inputs.c0) } : undefined;
      const loss = runner.gradients(batch, { training: false, initialState });
      expectClose('loss', [loss], [golden.loss]);
      expectParameterGrads(model.parameters(), golden.grads, '');
    });
  });

  it('lstm2_sumsq_zero_state: two Adam steps (lr 0.01) match torch.optim.Adam', async () => {
    const golden = loadGolden('lstm2_sumsq_zero_state');
    const { lr, betas, eps, weight_decay } = golden.adam;
    const model = goldenModel(golden, 'every', 'mse');
    const adam = createOptimizer(model.parameters(), { kind: 'adam', lr, betas, eps, weightDecay: weight_decay });
    await withRunner(model, (runner) => {
      sumOfSquares(runner, model, golden, false);
      adam.step();
      expectParameterValues(model.parameters(), golden.adam.params_after_step1, 'step1');
      const loss = sumOfSquares(runner, model, golden, false);
      expectClose('loss at step-1 parameters', [loss], [golden.adam.loss_at_step1_params]);
      expectParameterGrads(model.parameters(), golden.adam.grads_at_step1_params, 'step1');
      adam.step();
      expectParameterValues(model.parameters(), golden.adam.params_after_step2, 'step2');
    });
  });

  it('lstm2_sumsq_clip: clip_grad_norm_(0.5) then SGD(lr 0.1)', async () => {
    const golden = loadGolden('lstm2_sumsq_clip');
    const model = goldenModel(golden, 'every', 'mse');
    await withRunner(model, (runner) => {
      sumOfSquares(runner, model, golden, false);
      const norm = clipGradientNorm(model.parameters(), golden.clip.max_norm);
      expectClose('total_norm_before', [norm], [golden.clip.total_norm_before]);
      expectParameterGrads(model.parameters(), golden.clip.grads_clipped, 'clipped');
      createOptimizer(model.parameters(), { kind: 'sgd', lr: golden.clip.sgd_lr }).step();
      expectParameterValues(model.parameters(), golden.clip.params_after_sgd, 'after sgd');
    });
  });
});

// Finite differences, as gradient-check.test.ts: fourth-order central difference, h = 1e-4, float64.
const STEP = 1e-4;
function numericDerivative(values: Float64Array, k: number, loss: () => number): number {
  const saved = values[k];
  const at = (delta: number) => {
    values[k] = saved + delta;
    return loss();
  };
  const result = (-at(2 * STEP) + 8 * at(STEP) - 8 * at(-STEP) + at(-2 * STEP)) / (12 * STEP);
  values[k] = saved;
  return result;
}
const relativeError = (numeric: number, analytic: number) =>
  Math.abs(numeric - analytic) / Math.max(1e-5, Math.abs(numeric) + Math.abs(analytic));

const B = 5;
const T = 6;
const CHECKS: { name: string; config: Partial<ModelConfig>; dropoutSeed?: number }[] = [
  {
    name: '2 layers, features, mse on every step, padded',
    config: { inputSize: 2, hiddenSize: 3, numLayers: 2, outputSize: 2, headOn: 'every', loss: 'mse' },
  },
  {
    name: '3 layers, embedding, bce on last step, padded',
    config: { vocabSize: 7, embeddingDim: 3, hiddenSize: 3, numLayers: 3, outputSize: 1, headOn: 'last', loss: 'bce' },
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
  },
  {
    name: '3 layers, features, mse on last step, dropout 0.4 (per-shard masks from one seed)',
    config: { inputSize: 2, hiddenSize: 4, numLayers: 3, dropout: 0.4, outputSize: 1, headOn: 'last', loss: 'mse' },
    dropoutSeed: 31,
  },
];

function checkBatch(config: ModelConfig, rng: Random): Batch {
  const lengths = Int32Array.from({ length: B }, (_, b) => [T, 2, 4, T, 3][b]);
  const batch: Batch = { batchSize: B, steps: T, lengths };
  if (config.vocabSize > 0)
    batch.tokens = Int32Array.from({ length: B * T }, (_, k) =>
      k % T < lengths[Math.floor(k / T)] ? 1 + rng.int(config.vocabSize - 1) : config.paddingIdx,
    );
  else batch.features = Float64Array.from({ length: B * T * config.inputSize }, () => rng.normal());
  const rows = config.headOn === 'every' ? B * T : B;
  if (config.loss === 'mse')
    batch.targets = Float64Array.from({ length: rows * config.outputSize }, () => rng.normal());
  else if (config.loss === 'bce') batch.targets = Float64Array.from({ length: rows }, () => rng.int(2));
  else batch.targets = Int32Array.from({ length: rows }, () => rng.int(config.outputSize));
  return batch;
}

describe.each(CHECKS)(`gradient check, ${THREADS} threads: $name`, ({ config, dropoutSeed }) => {
  it('the summed gradient of every parameter matches central differences of the batch loss', async () => {
    const rng = new Random(1234);
    const model = new LstmModel({ ...config, dtype: 'float64' }, 99);
    for (const p of model.parameters()) for (let k = 0; k < p.value.length; k++) p.value[k] += 0.1 * rng.normal();
    if (model.embedding) model.embedding.weight.value.fill(0, 0, model.config.embeddingDim);
    const batch = checkBatch(model.config, rng);
    await withRunner(model, (runner) => {
      // The same dropout seed for every evaluation gives every shard the same mask each time.
      const options = () =>
        dropoutSeed === undefined ? { training: false } : { training: true, rng: new Random(dropoutSeed) };
      if (dropoutSeed === undefined) {
        const oneThread = model.forward(batch).loss;
        expect(Math.abs(runner.gradients(batch, options()) - oneThread)).toBeLessThan(1e-14 * Math.abs(oneThread));
      }
      runner.gradients(batch, options());
      const analytic = model.parameters().map((p) => p.grad.slice());
      const lossAt = () => runner.gradients(batch, options());
      let worst = 0;
      model.parameters().forEach((p, i) => {
        const skip = p.name === 'embedding.weight' ? model.config.embeddingDim : 0; // the padding row has no gradient by definition
        if (skip) expect(Array.from(analytic[i].subarray(0, skip))).toEqual(new Array(skip).fill(0));
        for (let k = skip; k < p.value.length; k++) {
          const numeric = numericDerivative(p.value as Float64Array, k, lossAt);
          const error = relativeError(numeric, analytic[i][k]);
          worst = Math.max(worst, error);
          expect(error, `${p.name}[${k}]: numeric ${numeric}, analytic ${analytic[i][k]}`).toBeLessThan(1e-6);
        }
      });
      console.log(`worst relative error ${worst.toExponential(2)}`);
    });
  });
});
