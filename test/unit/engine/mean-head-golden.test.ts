/**
 * The head on the mean (`headOn: 'mean'`) against PyTorch 1.13 float64 (test/fixtures/golden/
 * gen/mean_head_golden.py): nn.LSTM(3, 4, 2 layers[, bidirectional]) over lengths 4, 6, 2 with garbage
 * at the padded steps, the mean of each sequence's outputs over its real steps, nn.Linear → 3 classes,
 * cross-entropy. The whole `LstmModel` runs in float64 on the TypeScript kernels and in float32 on every
 * float32 kernel implementation, with the golden tests' relative tolerance (golden-helpers.ts).
 */

import { describe, it } from 'vitest';
import { LstmModel, type Batch, type DType } from '../../../src/engine';
import { KERNEL_VARIANTS, expectClose, loadGolden, ourName, useKernels, type GoldenTensor } from './golden-helpers';

function run(name: string, dtype: DType) {
  const golden = loadGolden(name);
  const { input_size: D, hidden_size: H, num_layers: L, batch: B, seq_len: T, out_features: O } = golden.config;
  const model = new LstmModel(
    {
      inputSize: D,
      hiddenSize: H,
      numLayers: L,
      bidirectional: golden.config.bidirectional,
      outputSize: O,
      headOn: 'mean',
      loss: 'softmax-ce',
      dtype,
    },
    0,
  );
  const byName = new Map(
    Object.entries(golden.params as Record<string, GoldenTensor>).map(([n, t]) => [ourName(n), t]),
  );
  for (const p of model.parameters()) {
    const t = byName.get(p.name);
    if (!t) throw new Error(`golden file has no ${p.name}`);
    p.value.set(t.data);
  }
  const features =
    dtype === 'float64' ? Float64Array.from(golden.inputs.x.data) : Float32Array.from(golden.inputs.x.data);
  const batch: Batch = {
    batchSize: B,
    steps: T,
    features,
    lengths: Int32Array.from(golden.config.lengths as number[]),
    targets: Int32Array.from(golden.targets.data as number[]),
  };
  model.zeroGrad();
  const { loss, output } = model.forward(batch);
  const grads = model.backward(true);
  expectClose(`${name} linear_output`, output, golden.linear_output);
  expectClose(`${name} loss`, [loss], [golden.loss]);
  for (const [goldenName, t] of Object.entries(golden.grads as Record<string, GoldenTensor>))
    expectClose(
      `${name} d${ourName(goldenName)}`,
      model.parameters().find((p) => p.name === ourName(goldenName))!.grad,
      t,
    );
  expectClose(`${name} dx`, grads.dFeatures!, golden.grad_inputs.x);
}

describe('head on the mean vs PyTorch float64', () => {
  for (const name of ['mean_head_lstm2', 'mean_head_bilstm2']) {
    it(`${name}, float64 (TypeScript kernels)`, () => run(name, 'float64'));
    for (const variant of KERNEL_VARIANTS)
      describe(`float32, ${variant.name} kernels`, () => {
        useKernels(variant);
        it(name, () => run(name, 'float32'));
      });
  }
});
