/**
 * The head on the mean through the 2-thread step runner: the golden batch (3 sequences of lengths 4, 6,
 * 2) split across two threads, each shard weighed by its sequences (src/train/parallel/shards.ts), must
 * give PyTorch's loss and gradients (test/fixtures/golden/mean_head_*.json) within the golden tolerance.
 */

import { afterAll, beforeAll, describe, it } from 'vitest';
import { LstmModel, createOptimizer, type Batch } from '../../../src/engine';
import { ParallelStepRunner } from '../../../src/train/parallel/parallel-step-runner';
import { expectClose, loadGolden, ourName, type GoldenTensor } from '../engine/golden-helpers';
import { buildTrainThreadBundle } from './thread-bundle';

let script = '';
let dispose = () => {};
beforeAll(async () => {
  ({ script, dispose } = await buildTrainThreadBundle());
}, 120_000);
afterAll(() => dispose());

describe('head on the mean on two threads vs PyTorch float64', () => {
  for (const name of ['mean_head_lstm2', 'mean_head_bilstm2'])
    it(name, async () => {
      const golden = loadGolden(name);
      const { input_size: D, hidden_size: H, num_layers: L, batch: B, seq_len: T, out_features: O } = golden.config;
      const model = new LstmModel({
        inputSize: D,
        hiddenSize: H,
        numLayers: L,
        bidirectional: golden.config.bidirectional,
        outputSize: O,
        headOn: 'mean',
        loss: 'softmax-ce',
      });
      const byName = new Map(
        Object.entries(golden.params as Record<string, GoldenTensor>).map(([n, t]) => [ourName(n), t]),
      );
      for (const p of model.parameters()) p.value.set(byName.get(p.name)!.data);
      const batch: Batch = {
        batchSize: B,
        steps: T,
        features: Float32Array.from(golden.inputs.x.data),
        lengths: Int32Array.from(golden.config.lengths as number[]),
        targets: Int32Array.from(golden.targets.data as number[]),
      };
      const runner = await ParallelStepRunner.start(
        model,
        createOptimizer(model.parameters(), { kind: 'sgd' }),
        2,
        script,
      );
      try {
        for (const p of model.parameters()) p.grad.fill(0);
        const loss = runner.gradients(batch, { training: false });
        expectClose(`${name} loss (2 threads)`, [loss], [golden.loss]);
        for (const [goldenName, t] of Object.entries(golden.grads as Record<string, GoldenTensor>))
          expectClose(
            `${name} d${ourName(goldenName)} (2 threads)`,
            model.parameters().find((p) => p.name === ourName(goldenName))!.grad,
            t,
          );
      } finally {
        await runner.close();
      }
    });
});
