/**
 * Data-parallel training of an encoder–decoder (src/train/parallel/ with a Seq2seqModel): the batch's
 * source and decoder parts are split by sequence, each shard's loss weighs its valid target tokens, and
 * - the 2- and 3-thread loss and gradients equal the 1-thread ones up to float32 summation order, for
 *   every attention kind, a GRU stack and float64 (there to 1e-12: summation order only);
 * - teacher forcing below 1 reaches every thread (ratio 0 replaces every input, so no seed is involved
 *   and the threads must agree with one thread);
 * - two 2-thread runs with one seed are bit-identical with dropout and scheduled sampling on;
 * - a 2-thread run stopped, saved to a checkpoint and resumed equals the uninterrupted run bit for bit;
 * - createStepRunner gives an encoder–decoder the threads it asks for; a malformed pair batch fails
 *   before any thread runs it.
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
import type { Seq2seqForwardOptions } from '../../../src/engine/seq2seq-model';
import type { TrainableModel } from '../../../src/engine/trainable-model';
import { loadModelCheckpoint, saveModelCheckpoint } from '../../../src/train/model-checkpoint';
import { ParallelStepRunner } from '../../../src/train/parallel/parallel-step-runner';
import { lossCount } from '../../../src/engine/loss-count';
import { shardBatch } from '../../../src/train/parallel/shards';
import { createStepRunner } from '../../../src/train/step-runner';
import { KERNEL_VARIANTS, useKernels } from '../engine/golden-helpers';
import { buildTrainThreadBundle } from './thread-bundle';

let script = '';
let dispose = () => {};
const root = mkdtempSync(join(tmpdir(), 'lstm-s2s-threads-'));
beforeAll(async () => {
  ({ script, dispose } = await buildTrainThreadBundle());
}, 120_000);
afterAll(() => {
  console.log([...worst].map(([name, rel]) => `${name.padEnd(36)} rel ${rel.toExponential(2)}`).join('\n'));
  dispose();
  rmSync(root, { recursive: true, force: true });
});

/** As in threads.test.ts: per tensor, max |g_threads − g_one| ≤ 2e-6 × max |g_one| in float32. */
const GRADIENT_BOUND = 2e-6;
/** float64: the same argument with ε = 1.1e-16. */
const GRADIENT_BOUND_FLOAT64 = 1e-12;
/** The largest relative difference seen per tensor (printed at the end). */
const worst = new Map<string, number>();

const SOURCE_VOCAB = 13;
const TARGET_VOCAB = 10;
const SOS = 1;

function seq2seqConfig(overrides: Partial<ModelConfig> & { attention?: 'dot' | 'general' | 'additive' | 'none' }) {
  const { attention = 'general', ...rest } = overrides;
  return {
    vocabSize: SOURCE_VOCAB,
    embeddingDim: 6,
    hiddenSize: 8,
    numLayers: 1,
    outputSize: TARGET_VOCAB,
    headOn: 'every',
    loss: 'softmax-ce',
    paddingIdx: 0,
    init: 'pytorch',
    decoder: { vocabSize: TARGET_VOCAB, attention, attentionSize: 5 },
    ...rest,
  } satisfies Partial<ModelConfig>;
}

/**
 * B pairs, right-padded: sources of 1…Ts tokens, targets of 1…Td (some rows full length, so both sides'
 * padding differs between shards). The decoder reads `<sos> y₁ … y_{n−1}`, the targets are `y₁ … y_n`.
 */
function pairBatch(rng: Random, B = 11, Ts = 7, Td = 6): Batch {
  const lengths = Int32Array.from({ length: B }, (_, b) => (b % 3 === 0 ? Ts : 1 + rng.int(Ts)));
  const targetLengths = Int32Array.from({ length: B }, (_, b) => (b % 4 === 1 ? Td : 1 + rng.int(Td)));
  const tokens = new Int32Array(B * Ts);
  const decoderTokens = new Int32Array(B * Td);
  const targets = new Int32Array(B * Td);
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < lengths[b]; t++) tokens[b * Ts + t] = 1 + rng.int(SOURCE_VOCAB - 1);
    for (let t = 0; t < targetLengths[b]; t++) {
      targets[b * Td + t] = 2 + rng.int(TARGET_VOCAB - 2);
      decoderTokens[b * Td + t] = t === 0 ? SOS : targets[b * Td + t - 1];
    }
  }
  return {
    batchSize: B,
    steps: Ts,
    tokens,
    lengths,
    decoder: { steps: Td, tokens: decoderTokens, lengths: targetLengths },
    targets,
  };
}

/**
 * The model for the gradient comparisons. An additive score v·tanh(W_q q + W_m m + b) at initialisation
 * is nearly linear in W_q q, a term shared by every source position, which the softmax cancels: dL/dW_q
 * is then a small difference of large terms, and the bound, relative to each tensor's largest gradient,
 * would measure that cancellation rather than the shards' sum (as an even batch of BCE targets does in
 * threads.test.ts). Four times the input maps put tanh in its curved range.
 */
function gradientModel(config: Partial<ModelConfig>): TrainableModel {
  const model = createModel(config, 5);
  for (const p of model.parameters())
    if (p.name === 'attention.W_q.weight' || p.name.startsWith('attention.W_m.'))
      for (let k = 0; k < p.value.length; k++) p.value[k] *= 4;
  return model;
}

function oneThreadGradient(
  config: Partial<ModelConfig>,
  batch: Batch,
  options: Seq2seqForwardOptions = {},
): { loss: number; grads: Float64Array[] } {
  const model = gradientModel(config);
  model.zeroGrad();
  const { loss } = model.forward(batch, { training: true, ...options } as Seq2seqForwardOptions);
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

function expectGradientsClose(
  model: TrainableModel,
  reference: { grads: Float64Array[] },
  bound: number,
  label: string,
): void {
  model.parameters().forEach((p, i) => {
    const ref = reference.grads[i];
    let scale = 0;
    let diff = 0;
    for (let k = 0; k < ref.length; k++) {
      scale = Math.max(scale, Math.abs(ref[k]));
      diff = Math.max(diff, Math.abs(p.grad[k] - ref[k]));
    }
    expect(scale, `${p.name}: a gradient to compare`).toBeGreaterThan(0);
    const key = `${p.value instanceof Float64Array ? 'float64' : 'float32'} ${p.name}`;
    worst.set(key, Math.max(worst.get(key) ?? 0, diff / scale));
    expect(diff, `${label} ${p.name}`).toBeLessThanOrEqual(bound * scale);
  });
}

const GRADIENT_CASES: { name: string; config: Partial<ModelConfig>; bound: number }[] = [
  ...(['dot', 'general', 'additive', 'none'] as const).map((attention) => ({
    name: `LSTM, ${attention} attention`,
    config: seq2seqConfig({ attention }),
    bound: GRADIENT_BOUND,
  })),
  { name: 'GRU × 2, general attention', config: seq2seqConfig({ cell: 'gru', numLayers: 2 }), bound: GRADIENT_BOUND },
  {
    name: 'LSTM × 2, additive attention, float64',
    config: seq2seqConfig({ attention: 'additive', numLayers: 2, dtype: 'float64' }),
    bound: GRADIENT_BOUND_FLOAT64,
  },
];

describe('sharding a sequence-to-sequence batch', () => {
  it('cuts the decoder part with the source, and weighs each shard by its valid target tokens', () => {
    const batch = pairBatch(new Random(3));
    const shard = shardBatch(batch, 4, 7);
    expect(shard.batchSize).toBe(3);
    expect(Array.from(shard.decoder!.tokens)).toEqual(Array.from(batch.decoder!.tokens.subarray(4 * 6, 7 * 6)));
    expect(Array.from(shard.decoder!.lengths)).toEqual(Array.from(batch.decoder!.lengths.subarray(4, 7)));
    expect(Array.from(shard.targets!)).toEqual(Array.from(batch.targets!.subarray(4 * 6, 7 * 6)));
    const config = { headOn: 'every' } as const;
    const targetTokens = Array.from(batch.decoder!.lengths.subarray(4, 7)).reduce((a, b) => a + b, 0);
    expect(lossCount(config, batch, 4, 7)).toBe(targetTokens);
  });
});

describe.each(KERNEL_VARIANTS)('kernels: $name', (variant) => {
  useKernels(variant);

  describe.each(GRADIENT_CASES)('$name', ({ config, bound }) => {
    it.each([2, 3])(
      'the %i-thread loss and gradients equal the 1-thread ones up to summation order',
      async (threads) => {
        const batch = pairBatch(new Random(11));
        const reference = oneThreadGradient(config, batch);
        const model = gradientModel(config);
        await withRunner(model, threads, (runner) => {
          for (let repeat = 0; repeat < 2; repeat++) {
            const loss = runner.gradients(batch);
            expect(Math.abs(loss - reference.loss)).toBeLessThanOrEqual(bound * Math.abs(reference.loss));
            expectGradientsClose(model, reference, bound, `${threads} threads, pass ${repeat + 1}:`);
          }
        });
      },
    );
  });

  it.each([2, 3])(
    'teacher forcing 0 reaches every thread: the %i-thread gradient equals the 1-thread one',
    async (threads) => {
      const config = seq2seqConfig({ numLayers: 2 });
      const batch = pairBatch(new Random(12));
      const reference = oneThreadGradient(config, batch, { rng: new Random(1), teacherForcing: 0 });
      const forced = oneThreadGradient(config, batch);
      expect(reference.loss).not.toBe(forced.loss); // the model's own tokens differ from the reference's
      const model = gradientModel(config);
      await withRunner(model, threads, (runner) => {
        const loss = runner.gradients(batch, { rng: new Random(2), teacherForcing: 0 });
        expect(Math.abs(loss - reference.loss)).toBeLessThanOrEqual(GRADIENT_BOUND * Math.abs(reference.loss));
        expectGradientsClose(model, reference, GRADIENT_BOUND, `${threads} threads:`);
      });
    },
  );
});

/** Three batches, the last smaller than the thread count (one shard). */
function trainingBatches(): Batch[] {
  return [pairBatch(new Random(100), 10), pairBatch(new Random(101), 9, 5, 4), pairBatch(new Random(102), 1)];
}

const RANDOM_CONFIG = seq2seqConfig({ numLayers: 2, dropout: 0.3 });
const ADAM: OptimizerConfig = { kind: 'adam', lr: 0.01 };
const STEP = { clipNorm: 1, teacherForcing: 0.6 };

describe('a 2-thread encoder–decoder run', () => {
  it('is bit-identical to another with the same seed (dropout and scheduled sampling on), and differs from another seed', async () => {
    const batches = trainingBatches();
    const run = async (seed: number, teacherForcing = STEP.teacherForcing) => {
      const model = createModel(RANDOM_CONFIG, 1);
      const rng = new Random(seed);
      const losses = await withRunner(
        model,
        2,
        (runner) => batches.concat(batches).map((batch) => runner.step(batch, { ...STEP, teacherForcing, rng }).loss),
        ADAM,
      );
      return { losses, weights: model.parameters().map((p) => Array.from(p.value)), rng: rng.getState() };
    };
    const first = await run(7);
    const second = await run(7);
    expect(second.losses).toEqual(first.losses);
    expect(second.weights).toEqual(first.weights);
    expect(second.rng).toEqual(first.rng);
    expect((await run(8)).weights).not.toEqual(first.weights);
    // The ratio is applied: always teacher-forced, the same seed trains differently.
    expect((await run(7, 1)).losses).not.toEqual(first.losses);
  });

  it('stopped, saved to a checkpoint and resumed, equals the uninterrupted run bit for bit', async () => {
    const batches = trainingBatches();
    const STEPS = 8;
    const STOP_AT = 4; // mid-cycle, after a one-shard batch
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
          for (let step = from; step < to; step++) losses.push(runner.step(batches[step % 3], { ...STEP, rng }).loss);
          return losses;
        } finally {
          await runner.close();
        }
      });

    const whole = createModel(RANDOM_CONFIG, 1);
    const wholeRng = new Random(9);
    const wholeLosses = await train(whole, createOptimizer(whole.parameters(), ADAM), wholeRng, 0, STEPS);

    const first = createModel(RANDOM_CONFIG, 1);
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
    expect(resumedRng.getState()).toEqual(wholeRng.getState());
  });
});

describe('createStepRunner with an encoder–decoder', () => {
  it('runs the threads asked for (automatic without the bundle stays on one)', async () => {
    const model = createModel(seq2seqConfig({}), 1);
    const optimizer = createOptimizer(model.parameters(), ADAM);
    const two = await createStepRunner(model, optimizer, { threads: 2, threadScript: script });
    try {
      expect(two.threads).toBe(2);
      expect(Number.isFinite(two.step(pairBatch(new Random(4)), { clipNorm: 1 }).loss)).toBe(true);
    } finally {
      await two.close();
    }
    const automatic = await createStepRunner(model, optimizer, { threads: 0 });
    expect(automatic.threads).toBe(1);
    await automatic.close();
  });

  it('refuses an initial state and a malformed pair batch, naming what is wrong', async () => {
    const model = createModel(seq2seqConfig({}), 1);
    await withRunner(model, 2, (runner) => {
      const batch = pairBatch(new Random(5));
      expect(() => runner.gradients({ ...batch, decoder: undefined })).toThrow(/needs the decoder part/);
      const tooLong = { ...batch.decoder!, lengths: Int32Array.from(batch.decoder!.lengths).fill(7, 10) };
      expect(() => runner.gradients({ ...batch, decoder: tooLong })).toThrow(/target 10 has length 7, outside 1…6/);
      expect(Number.isFinite(runner.gradients(batch))).toBe(true);
      expect(() => runner.gradients(batch, { initialState: { h: new Float32Array(11 * 8) } })).toThrow(
        /no initial or carried state/,
      );
    });
  });
});
