/**
 * The encoder–decoder's golden tests against PyTorch (test/fixtures/golden/seq2seq_*.json, see
 * test/unit/engine/encoder-decoder-golden.test.ts) through the data-parallel step runner: the three
 * pairs split over 2 and 3 threads (shards of unequal target-token counts, so the per-shard weights
 * matter) and the gradients summed back must meet the one-thread tolerance — the loss and every
 * gradient, and two Adam steps through `step` — in float64 on the TypeScript kernels and in float32 on
 * every kernel implementation. Logits and attention weights are not part of a training step and stay
 * covered by the one-thread test.
 */

import { afterAll, beforeAll, describe, it } from 'vitest';
import type { Batch } from '../../../src/engine/batch';
import type { AttentionKind } from '../../../src/engine/config';
import { createOptimizer, type OptimizerConfig } from '../../../src/engine/optimizers';
import { Seq2seqModel } from '../../../src/engine/seq2seq-model';
import type { DType } from '../../../src/engine/tensor';
import { ParallelStepRunner } from '../../../src/train/parallel/parallel-step-runner';
import { KERNEL_VARIANTS, expectClose, loadGolden, useKernels, type GoldenTensor } from '../engine/golden-helpers';
import { buildTrainThreadBundle } from './thread-bundle';

let script = '';
let dispose = () => {};
beforeAll(async () => {
  ({ script, dispose } = await buildTrainThreadBundle());
}, 120_000);
afterAll(() => dispose());

const CASES = ['lstm_none', 'lstm_dot', 'lstm_general', 'lstm_additive', 'gru_general'];

const VARIANTS = [
  { ...KERNEL_VARIANTS[0], name: 'js float64', dtype: 'float64' as DType },
  ...KERNEL_VARIANTS.map((variant) => ({ ...variant, name: `${variant.name} float32`, dtype: 'float32' as DType })),
];

/** The golden model as the trainer builds it (a Seq2seqModel from a ModelConfig), PyTorch's weights, the common batch. */
function setUp(name: string, dtype: DType) {
  const golden = loadGolden(`seq2seq_${name}`);
  const c = golden.config;
  const model = new Seq2seqModel({
    vocabSize: c.source_vocab,
    embeddingDim: c.embedding,
    hiddenSize: c.hidden,
    numLayers: c.layers,
    cell: c.cell,
    outputSize: c.target_vocab,
    headOn: 'every',
    loss: 'softmax-ce',
    paddingIdx: 0,
    dtype,
    decoder: { vocabSize: c.target_vocab, attention: c.attention as AttentionKind, attentionSize: c.attention_size },
  });
  for (const p of model.parameters()) p.value.set((golden.params[p.name] as GoldenTensor).data);
  const ids = (t: GoldenTensor) => Int32Array.from(t.data);
  const batch: Batch = {
    batchSize: c.batch,
    steps: c.source_steps,
    tokens: ids(golden.inputs.source),
    lengths: Int32Array.from(c.source_lengths as number[]),
    decoder: {
      steps: c.target_steps,
      tokens: ids(golden.inputs.target_input),
      lengths: Int32Array.from(c.target_lengths as number[]),
    },
    targets: ids(golden.inputs.targets),
  };
  return { golden, model, batch };
}

async function withRunner<T>(
  model: Seq2seqModel,
  threads: number,
  optimizer: OptimizerConfig,
  body: (runner: ParallelStepRunner) => T,
): Promise<T> {
  const runner = await ParallelStepRunner.start(model, createOptimizer(model.parameters(), optimizer), threads, script);
  try {
    return body(runner);
  } finally {
    await runner.close();
  }
}

for (const name of CASES) {
  describe(`encoder–decoder ${name} through threads matches PyTorch`, () => {
    for (const variant of VARIANTS) {
      describe(variant.name, () => {
        useKernels(variant);

        it.each([2, 3])('%i threads: loss and every gradient', async (threads) => {
          const { golden, model, batch } = setUp(name, variant.dtype);
          await withRunner(model, threads, { kind: 'sgd', lr: 0 }, (runner) => {
            const loss = runner.gradients(batch, { training: false });
            expectClose(`${name} loss`, [loss], [golden.loss]);
            for (const p of model.parameters()) expectClose(`${name} d${p.name}`, p.grad, golden.grads[p.name]);
          });
        });

        it('2 threads: two Adam steps (lr 0.01) match torch.optim.Adam', async () => {
          const { golden, model, batch } = setUp(name, variant.dtype);
          const { lr, betas, eps, weight_decay } = golden.adam;
          await withRunner(model, 2, { kind: 'adam', lr, betas, eps, weightDecay: weight_decay }, (runner) => {
            runner.step(batch, {});
            for (const p of model.parameters())
              expectClose(`step1 ${p.name}`, p.value, golden.adam.params_after_step1[p.name]);
            const { loss } = runner.step(batch, {});
            expectClose('loss at step-1 parameters', [loss], [golden.adam.loss_at_step1_params]);
            for (const p of model.parameters())
              expectClose(`step2 ${p.name}`, p.value, golden.adam.params_after_step2[p.name]);
          });
        });
      });
    }
  });
}
