/**
 * Data-parallel training over threads (src/train/parallel/): the gradient of a batch split across 2 and
 * 3 threads equals the one-thread gradient up to float32 summation order — for LSTMs, GRUs, bidirectional
 * and projected LSTMs, from zeros or a given initial state (rows layers × directions, no c for a GRU);
 * two runs with the same seed and thread count are bit-identical (dropout included); a failing helper
 * thread surfaces as an error.
 * Helper threads run the train-thread bundle built from the current sources.
 */

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  LstmModel,
  Random,
  createOptimizer,
  trainStep,
  type Batch,
  type ModelConfig,
  type RecurrentState,
} from '../../../src/engine';
import { directionCount, resolveModelConfig, stateOutputSize } from '../../../src/engine/config';
import { ParallelStepRunner } from '../../../src/train/parallel/parallel-step-runner';
import { shardBounds } from '../../../src/train/parallel/shards';
import { KERNEL_VARIANTS, useKernels } from '../engine/golden-helpers';
import { buildTrainThreadBundle } from './thread-bundle';

let script = '';
let dispose = () => {};
beforeAll(async () => {
  ({ script, dispose } = await buildTrainThreadBundle());
}, 120_000);
afterAll(() => dispose());

/**
 * The bound: per tensor, max |g_threads − g_one| ≤ 2e-6 × max |g_one|. Splitting the batch changes only
 * the order of the float32 sums over sequences (each shard sums its own rows, the shards are added in
 * float64 and rounded once); each such sum carries a relative error of a few ε·√n with ε = 6e-8 and
 * n ≤ a few thousand rows, i.e. ~1e-6 of the largest term at worst. A real error (a shard missed,
 * weighted wrong, or a sequence counted twice) is off by 1e-2 or more.
 */
const GRADIENT_BOUND = 2e-6;

const MODELS: {
  name: string;
  config: Partial<ModelConfig>;
  batch: (rng: Random) => Batch;
  /** Also run with a random initial state passed to the runner. */
  initialState?: boolean;
}[] = [
  {
    name: 'embedding → LSTM × 2 → last-step BCE (W1-like)',
    config: {
      vocabSize: 50,
      embeddingDim: 8,
      hiddenSize: 16,
      numLayers: 2,
      outputSize: 1,
      headOn: 'last',
      loss: 'bce',
    },
    batch: (rng) => {
      const B = 11;
      const T = 13;
      return {
        batchSize: B,
        steps: T,
        tokens: Int32Array.from({ length: B * T }, () => 1 + rng.int(49)),
        targets: Float32Array.from({ length: B }, () => rng.int(2)),
      };
    },
  },
  {
    name: 'embedding → LSTM × 2 → per-step softmax CE, padded (W2-like)',
    config: {
      vocabSize: 20,
      embeddingDim: 6,
      hiddenSize: 12,
      numLayers: 2,
      outputSize: 20,
      headOn: 'every',
      loss: 'softmax-ce',
    },
    batch: (rng) => {
      const B = 7;
      const T = 9;
      const lengths = Int32Array.from({ length: B }, (_, b) => (b % 3 === 1 ? 1 + rng.int(T) : T));
      const tokens = Int32Array.from({ length: B * T }, (_, k) =>
        k % T < lengths[Math.floor(k / T)] ? 1 + rng.int(19) : 0,
      );
      return {
        batchSize: B,
        steps: T,
        tokens,
        lengths,
        targets: Int32Array.from({ length: B * T }, () => rng.int(20)),
      };
    },
  },
  {
    name: 'features → LSTM → last-step MSE, 2 outputs (W3-like)',
    config: { inputSize: 3, hiddenSize: 10, numLayers: 1, outputSize: 2, headOn: 'last', loss: 'mse' },
    batch: (rng) => {
      const B = 6;
      const T = 8;
      return {
        batchSize: B,
        steps: T,
        features: Float32Array.from({ length: B * T * 3 }, () => rng.normal()),
        targets: Float32Array.from({ length: B * 2 }, () => rng.normal()),
      };
    },
  },
  {
    name: 'embedding → GRU × 2 → last-step BCE',
    config: {
      cell: 'gru',
      vocabSize: 50,
      embeddingDim: 8,
      hiddenSize: 16,
      numLayers: 2,
      outputSize: 1,
      headOn: 'last',
      loss: 'bce',
    },
    initialState: true,
    batch: (rng) => {
      const B = 11;
      const T = 13;
      return {
        batchSize: B,
        steps: T,
        tokens: Int32Array.from({ length: B * T }, () => 1 + rng.int(49)),
        targets: Float32Array.from({ length: B }, () => rng.int(2)),
      };
    },
  },
  {
    name: 'embedding → bidirectional LSTM × 2 → last-step BCE, padded',
    config: {
      bidirectional: true,
      vocabSize: 40,
      embeddingDim: 8,
      hiddenSize: 10,
      numLayers: 2,
      outputSize: 1,
      headOn: 'last',
      loss: 'bce',
    },
    initialState: true,
    batch: (rng) => {
      // Odd B, as in the W1-like case: a fresh head outputs p ≈ 0.5, so with as many 1s as 0s among the
      // targets dL/d(head.bias) = mean(p − y) cancels to ~1e-4 from terms of ±0.5, and the bound (relative
      // to the tensor's largest gradient) would measure that cancellation instead of the shards' sum.
      const B = 11;
      const T = 11;
      // Variable lengths in every shard: the backward direction must start at each row's last real step.
      const lengths = Int32Array.from({ length: B }, (_, b) => (b % 2 === 0 ? 1 + rng.int(T) : T));
      const tokens = Int32Array.from({ length: B * T }, (_, k) =>
        k % T < lengths[Math.floor(k / T)] ? 1 + rng.int(39) : 0,
      );
      return {
        batchSize: B,
        steps: T,
        tokens,
        lengths,
        targets: Float32Array.from({ length: B }, () => rng.int(2)),
      };
    },
  },
  {
    name: 'embedding → LSTM × 2, proj_size 6 → per-step softmax CE, padded (language model)',
    config: {
      projSize: 6,
      vocabSize: 20,
      embeddingDim: 6,
      hiddenSize: 12,
      numLayers: 2,
      outputSize: 20,
      headOn: 'every',
      loss: 'softmax-ce',
    },
    initialState: true,
    batch: (rng) => {
      const B = 7;
      const T = 9;
      const lengths = Int32Array.from({ length: B }, (_, b) => (b % 3 === 1 ? 1 + rng.int(T) : T));
      const tokens = Int32Array.from({ length: B * T }, (_, k) =>
        k % T < lengths[Math.floor(k / T)] ? 1 + rng.int(19) : 0,
      );
      return {
        batchSize: B,
        steps: T,
        tokens,
        lengths,
        targets: Int32Array.from({ length: B * T }, () => rng.int(20)),
      };
    },
  },
];

/**
 * A random initial state of the model's shape: h `[L·dirs, B, Hout]`, and c `[L·dirs, B, H]` for an LSTM
 * (a GRU has none), so the runner's per-shard slicing of every state row is exercised.
 */
function randomInitialState(partial: Partial<ModelConfig>, batchSize: number, rng: Random): RecurrentState {
  const config = resolveModelConfig(partial);
  const rows = config.numLayers * directionCount(config);
  const h = Float32Array.from({ length: rows * batchSize * stateOutputSize(config) }, () => 0.5 * rng.normal());
  if (config.cell === 'gru') return { h };
  const c = Float32Array.from({ length: rows * batchSize * config.hiddenSize }, () => 0.5 * rng.normal());
  return { h, c };
}

function oneThreadGradient(
  config: Partial<ModelConfig>,
  batch: Batch,
  initialState?: RecurrentState,
): { loss: number; grads: Float32Array[] } {
  const model = new LstmModel(config, 5);
  model.zeroGrad();
  const { loss } = model.forward(batch, { training: true, initialState });
  model.backward();
  return { loss, grads: model.parameters().map((p) => p.grad.slice() as Float32Array) };
}

describe.each(KERNEL_VARIANTS)('kernels: $name', (variant) => {
  useKernels(variant);

  const cases = MODELS.flatMap((m) => [
    { ...m, withState: false },
    ...(m.initialState ? [{ ...m, withState: true }] : []),
  ]);
  describe.each(cases)('$name', ({ config, batch: makeBatch, withState }) => {
    it.each([2, 3])(
      `${withState ? 'from a given initial state, ' : ''}the %i-thread gradient equals the 1-thread one within float32 summation noise`,
      async (threads) => {
        const batch = makeBatch(new Random(11));
        const initialState = withState ? randomInitialState(config, batch.batchSize, new Random(12)) : undefined;
        const reference = oneThreadGradient(config, batch, initialState);
        const model = new LstmModel(config, 5);
        const runner = await ParallelStepRunner.start(
          model,
          createOptimizer(model.parameters(), { kind: 'adam' }),
          threads,
          script,
        );
        try {
          for (let repeat = 0; repeat < 2; repeat++) {
            const loss = runner.gradients(batch, { initialState });
            expect(Math.abs(loss - reference.loss)).toBeLessThanOrEqual(1e-6 * Math.abs(reference.loss));
            model.parameters().forEach((p, i) => {
              const ref = reference.grads[i];
              let scale = 0;
              let diff = 0;
              for (let k = 0; k < ref.length; k++) {
                scale = Math.max(scale, Math.abs(ref[k]));
                diff = Math.max(diff, Math.abs(p.grad[k] - ref[k]));
              }
              if (repeat === 0)
                console.log(
                  `${threads} threads ${p.name.padEnd(22)} max|Δ| ${diff.toExponential(2)}  rel ${(diff / scale).toExponential(2)}`,
                );
              expect(diff, p.name).toBeLessThanOrEqual(GRADIENT_BOUND * scale);
            });
          }
        } finally {
          await runner.close();
        }
      },
    );
  });

  it.each([
    ['an LSTM', {}],
    ['a GRU', { cell: 'gru' }],
    ['a bidirectional LSTM (a tagger)', { bidirectional: true }],
  ] as [string, Partial<ModelConfig>][])(
    'two 2-thread runs of %s with one seed are bit-identical (dropout on), and differ from another seed',
    async (_, cell) => {
      const config: Partial<ModelConfig> = {
        ...cell,
        vocabSize: 30,
        embeddingDim: 8,
        hiddenSize: 8,
        numLayers: 3,
        dropout: 0.3,
        outputSize: 30,
        headOn: 'every',
        loss: 'softmax-ce',
      };
      const batches = Array.from({ length: 3 }, (_, k) => {
        const rng = new Random(100 + k);
        const B = k === 2 ? 1 : 10; // the last one is smaller than the thread count: one shard
        const T = 6;
        return {
          batchSize: B,
          steps: T,
          tokens: Int32Array.from({ length: B * T }, () => 1 + rng.int(29)),
          targets: Int32Array.from({ length: B * T }, () => rng.int(30)),
        };
      });
      const run = async (seed: number) => {
        const model = new LstmModel(config, 1);
        const runner = await ParallelStepRunner.start(
          model,
          createOptimizer(model.parameters(), { kind: 'adam', lr: 0.01 }),
          2,
          script,
        );
        const dropoutRng = new Random(seed);
        const losses: number[] = [];
        try {
          for (let step = 0; step < 8; step++)
            losses.push(runner.step(batches[step % 3], { clipNorm: 1, rng: dropoutRng }).loss);
        } finally {
          await runner.close();
        }
        return { losses, weights: model.parameters().map((p) => Array.from(p.value)), rng: dropoutRng.getState() };
      };
      const first = await run(7);
      const second = await run(7);
      expect(second.losses).toEqual(first.losses);
      expect(second.weights).toEqual(first.weights);
      expect(second.rng).toEqual(first.rng);
      const other = await run(8);
      expect(other.weights).not.toEqual(first.weights);
    },
  );
});

describe('the shard plan', () => {
  it('splits by sequence into min(threads, B) contiguous shards, sizes differing by at most one', () => {
    expect(shardBounds(128, 2)).toEqual([0, 64, 128]);
    expect(shardBounds(11, 3)).toEqual([0, 3, 7, 11]);
    expect(shardBounds(1, 4)).toEqual([0, 1]);
  });
});

describe('a helper thread that fails', () => {
  it('fails the step with its message, and the runner keeps working', async () => {
    const config: Partial<ModelConfig> = {
      vocabSize: 10,
      embeddingDim: 4,
      hiddenSize: 4,
      numLayers: 1,
      outputSize: 1,
      headOn: 'last',
      loss: 'bce',
    };
    const model = new LstmModel(config, 1);
    const runner = await ParallelStepRunner.start(
      model,
      createOptimizer(model.parameters(), { kind: 'adam' }),
      2,
      script,
    );
    try {
      const tokens = Int32Array.from({ length: 4 * 3 }, () => 1);
      tokens[3 * 3] = 99; // sequence 3 lives in the helper's shard
      const bad: Batch = { batchSize: 4, steps: 3, tokens, targets: new Float32Array(4) };
      expect(() => runner.gradients(bad)).toThrow(/training thread 1: embedding: token id 99/);
      const good: Batch = { ...bad, tokens: Int32Array.from({ length: 12 }, () => 1) };
      expect(Number.isFinite(runner.step(good, {}).loss)).toBe(true);
      const one = new LstmModel(config, 1);
      trainStep(one, good, createOptimizer(one.parameters(), { kind: 'adam' }));
      one.parameters().forEach((p, i) => {
        const ours = model.parameters()[i].value;
        for (let k = 0; k < p.value.length; k++)
          expect(Math.abs(ours[k] - p.value[k]), `${p.name}[${k}]`).toBeLessThan(1e-6);
      });
    } finally {
      await runner.close();
    }
  });
});
