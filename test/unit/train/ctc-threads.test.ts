/**
 * Data-parallel training of a CTC model (src/train/parallel/ with `loss: 'ctc'`): the target lengths
 * travel and shard with their rows, each shard weighs its sequences (CTC's mean is over sequences), and
 * - the 2- and 3-thread loss and gradients equal the 1-thread ones up to float32 summation order (an
 *   LSTM and a bidirectional LSTM; float64 to 1e-12);
 * - a 2-thread run stopped, saved to a checkpoint and resumed equals the uninterrupted run bit for bit;
 * - a batch without target lengths fails before any thread runs it.
 * Helper threads run the train-thread bundle built from the current sources.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Batch } from '../../../src/engine/batch';
import type { ModelConfig } from '../../../src/engine/config';
import { createModel } from '../../../src/engine/create-model';
import { createOptimizer, type OptimizerConfig } from '../../../src/engine/optimizers';
import { Random } from '../../../src/engine/random';
import type { TrainableModel } from '../../../src/engine/trainable-model';
import { loadModelCheckpoint, saveModelCheckpoint } from '../../../src/train/model-checkpoint';
import { ParallelStepRunner } from '../../../src/train/parallel/parallel-step-runner';
import { lossCount } from '../../../src/engine/loss-count';
import { shardBatch } from '../../../src/train/parallel/shards';
import { buildTrainThreadBundle } from './thread-bundle';

let script = '';
let dispose = () => {};
const root = mkdtempSync(join(tmpdir(), 'lstm-ctc-threads-'));
beforeAll(async () => {
  ({ script, dispose } = await buildTrainThreadBundle());
}, 120_000);
afterAll(() => {
  dispose();
  rmSync(root, { recursive: true, force: true });
});

/** As in threads.test.ts: per tensor, max |g_threads − g_one| ≤ 2e-6 × max |g_one| in float32. */
const GRADIENT_BOUND = 2e-6;
const GRADIENT_BOUND_FLOAT64 = 1e-12;

const D = 4;
const SYMBOLS = 6;

function ctcConfig(overrides: Partial<ModelConfig>): Partial<ModelConfig> {
  return { inputSize: D, hiddenSize: 8, numLayers: 2, outputSize: SYMBOLS, headOn: 'every', loss: 'ctc', ...overrides };
}

/** B padded sequences of features with 0…S labels each (one with none, one impossible: 5 labels in 3 frames). */
function ctcBatch(rng: Random, B = 9, T = 10, S = 5): Batch {
  const lengths = Int32Array.from({ length: B }, (_, b) => (b % 3 === 0 ? T : 3 + rng.int(T - 2)));
  const targetLengths = Int32Array.from({ length: B }, (_, b) => (b === 1 ? 0 : 1 + rng.int(S)));
  if (B > 4) {
    lengths[4] = 3;
    targetLengths[4] = S;
  }
  const targets = new Int32Array(B * S);
  for (let b = 0; b < B; b++) for (let s = 0; s < targetLengths[b]; s++) targets[b * S + s] = 1 + rng.int(SYMBOLS - 1);
  const features = Float32Array.from({ length: B * T * D }, () => rng.normal());
  return { batchSize: B, steps: T, lengths, features, targets, targetLengths };
}

function oneThreadGradient(config: Partial<ModelConfig>, batch: Batch): { loss: number; grads: Float64Array[] } {
  const model = createModel(config, 5);
  model.zeroGrad();
  const { loss } = model.forward(batch, { training: true });
  model.backward();
  return { loss, grads: model.parameters().map((p) => Float64Array.from(p.grad)) };
}

async function withRunner<T>(
  model: TrainableModel,
  threads: number,
  body: (runner: ParallelStepRunner) => T | Promise<T>,
  optimizer: OptimizerConfig = { kind: 'adam' },
): Promise<T> {
  const runner = await ParallelStepRunner.start(model, createOptimizer(model.parameters(), optimizer), threads, script);
  try {
    return await body(runner);
  } finally {
    await runner.close();
  }
}

describe('sharding a CTC batch', () => {
  it('cuts the target lengths with their rows, and weighs each shard by its sequences', () => {
    const batch = ctcBatch(new Random(3));
    const shard = shardBatch(batch, 4, 7);
    expect(Array.from(shard.targetLengths!)).toEqual(Array.from(batch.targetLengths!.subarray(4, 7)));
    expect(Array.from(shard.targets!)).toEqual(Array.from(batch.targets!.subarray(4 * 5, 7 * 5)));
    expect(lossCount({ headOn: 'every', loss: 'ctc' }, batch, 4, 7)).toBe(3);
  });
});

const CASES: { name: string; config: Partial<ModelConfig>; bound: number }[] = [
  { name: 'LSTM × 2', config: ctcConfig({}), bound: GRADIENT_BOUND },
  { name: 'bidirectional LSTM × 2', config: ctcConfig({ bidirectional: true }), bound: GRADIENT_BOUND },
  {
    name: 'bidirectional LSTM, float64',
    config: ctcConfig({ bidirectional: true, dtype: 'float64' }),
    bound: GRADIENT_BOUND_FLOAT64,
  },
];

describe.each(CASES)('$name', ({ config, bound }) => {
  it.each([2, 3])('the %i-thread loss and gradients equal the 1-thread ones up to summation order', async (threads) => {
    const batch = ctcBatch(new Random(11));
    const reference = oneThreadGradient(config, batch);
    const model = createModel(config, 5);
    await withRunner(model, threads, (runner) => {
      const loss = runner.gradients(batch);
      expect(Math.abs(loss - reference.loss)).toBeLessThanOrEqual(bound * Math.abs(reference.loss));
      model.parameters().forEach((p, i) => {
        const ref = reference.grads[i];
        let scale = 0;
        let diff = 0;
        for (let k = 0; k < ref.length; k++) {
          scale = Math.max(scale, Math.abs(ref[k]));
          diff = Math.max(diff, Math.abs(p.grad[k] - ref[k]));
        }
        expect(scale, `${p.name}: a gradient to compare`).toBeGreaterThan(0);
        expect(diff, `${threads} threads ${p.name}`).toBeLessThanOrEqual(bound * scale);
      });
    });
  });
});

describe('a 2-thread CTC run', () => {
  const CONFIG = ctcConfig({ bidirectional: true, dropout: 0.3 });
  const ADAM: OptimizerConfig = { kind: 'adam', lr: 0.01 };
  const batches = [ctcBatch(new Random(100)), ctcBatch(new Random(101), 7, 8, 3), ctcBatch(new Random(102), 1)];

  it('stopped, saved to a checkpoint and resumed, equals the uninterrupted run bit for bit', async () => {
    const STEPS = 7;
    const STOP_AT = 3;
    const train = (
      model: TrainableModel,
      optimizer: ReturnType<typeof createOptimizer>,
      rng: Random,
      from: number,
      to: number,
    ) =>
      ParallelStepRunner.start(model, optimizer, 2, script).then(async (runner) => {
        try {
          const losses: number[] = [];
          for (let step = from; step < to; step++)
            losses.push(runner.step(batches[step % 3], { clipNorm: 1, rng }).loss);
          return losses;
        } finally {
          await runner.close();
        }
      });

    const whole = createModel(CONFIG, 1);
    const wholeRng = new Random(9);
    const wholeLosses = await train(whole, createOptimizer(whole.parameters(), ADAM), wholeRng, 0, STEPS);
    expect(wholeLosses.every(Number.isFinite)).toBe(true);

    const first = createModel(CONFIG, 1);
    const firstOptimizer = createOptimizer(first.parameters(), ADAM);
    const firstRng = new Random(9);
    const before = await train(first, firstOptimizer, firstRng, 0, STOP_AT);
    const path = join(root, 'last.safetensors');
    await saveModelCheckpoint(path, first, { metadata: { config: first.config }, optimizer: firstOptimizer });
    const rngState = firstRng.getState();

    const checkpoint = await loadModelCheckpoint(path);
    const resumed = checkpoint.model;
    const resumedOptimizer = createOptimizer(resumed.parameters(), ADAM);
    resumedOptimizer.loadState(checkpoint.optimizerState, STOP_AT);
    const resumedRng = new Random(0);
    resumedRng.setState(rngState);
    const after = await train(resumed, resumedOptimizer, resumedRng, STOP_AT, STEPS);

    expect([...before, ...after]).toEqual(wholeLosses);
    expect(resumed.parameters().map((p) => Array.from(p.value))).toEqual(
      whole.parameters().map((p) => Array.from(p.value)),
    );
  });

  it('refuses a batch without target lengths before any thread runs it', async () => {
    const model = createModel(ctcConfig({}), 1);
    await withRunner(model, 2, (runner) => {
      const batch = ctcBatch(new Random(5));
      delete batch.targetLengths;
      expect(() => runner.gradients(batch)).toThrow(/needs targetLengths/);
    });
  });
});
