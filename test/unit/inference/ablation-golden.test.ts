/**
 * Ablation against PyTorch 1.13 float64 (test/fixtures/golden/gen/ablation_golden.py): classifiers of two
 * LSTM, GRU, bidirectional and projected layers whose units of h or c are held at 0 or at their mean at every
 * step, stepped by hand in PyTorch. The whole `LstmModel` runs with the clamp in float64 on the TypeScript
 * kernels and in float32 on every float32 kernel implementation; logits and loss must match with the golden
 * tests' relative tolerance, and the same model without the clamp must give the unablated numbers.
 */

import { describe, expect, it } from 'vitest';
import { LstmModel, type Batch, type DType } from '../../../src/engine';
import { stateClamp, withAblation } from '../../../src/inference/ablation';
import type { StateAddress } from '../../../src/protocol/evaluate-view';
import { KERNEL_VARIANTS, expectClose, loadGolden, useKernels, type GoldenTensor } from '../engine/golden-helpers';

interface AblationCase {
  name: string;
  config: {
    cell: 'lstm' | 'gru';
    input_size: number;
    hidden_size: number;
    num_layers: number;
    bidirectional: boolean;
    proj_size: number;
    batch: number;
    seq_len: number;
    out_features: number;
    lengths: number[];
  };
  ablation: StateAddress & { units: number[]; mode: 'zero' | 'mean'; values: number[] };
  params: Record<string, GoldenTensor>;
  x: GoldenTensor;
  targets: number[];
  logits_before: GoldenTensor;
  loss_before: number;
  logits: GoldenTensor;
  loss: number;
}

const cases = (loadGolden('ablation') as { cases: AblationCase[] }).cases;

function modelOf(golden: AblationCase, dtype: DType): { model: LstmModel; batch: Batch } {
  const c = golden.config;
  const model = new LstmModel(
    {
      cell: c.cell,
      inputSize: c.input_size,
      hiddenSize: c.hidden_size,
      numLayers: c.num_layers,
      bidirectional: c.bidirectional,
      projSize: c.proj_size,
      outputSize: c.out_features,
      headOn: 'last',
      loss: 'softmax-ce',
      dtype,
    },
    0,
  );
  for (const p of model.parameters()) {
    const t = golden.params[p.name];
    if (!t) throw new Error(`golden file has no ${p.name}`);
    p.value.set(t.data);
  }
  const batch: Batch = {
    batchSize: c.batch,
    steps: c.seq_len,
    features: dtype === 'float64' ? Float64Array.from(golden.x.data) : Float32Array.from(golden.x.data),
    lengths: Int32Array.from(c.lengths),
    targets: Int32Array.from(golden.targets),
  };
  return { model, batch };
}

function run(golden: AblationCase, dtype: DType): void {
  const { model, batch } = modelOf(golden, dtype);
  const { layer, direction, signal, units, values } = golden.ablation;
  const address = { layer, direction, signal };
  const clamp = stateClamp(model, address, units, values);
  const ablated = withAblation(model, address, clamp, () => model.forward(batch));
  expectClose(`${golden.name} logits`, ablated.output, golden.logits);
  expectClose(`${golden.name} loss`, [ablated.loss], [golden.loss]);
  // The clamp is off again: the same model gives the unablated numbers.
  const plain = model.forward(batch);
  expectClose(`${golden.name} logits before`, plain.output, golden.logits_before);
  expectClose(`${golden.name} loss before`, [plain.loss], [golden.loss_before]);
}

describe('ablation (units clamped at every step) vs PyTorch float64', () => {
  it('covers zero and mean, h and c, layers 0 and 1, a GRU, both directions and a projection', () => {
    const seen = new Set(
      cases.flatMap((c) => [
        c.ablation.mode,
        c.ablation.signal,
        `layer${c.ablation.layer}`,
        c.config.cell,
        c.ablation.direction,
        c.config.proj_size > 0 ? 'projected' : 'plain',
      ]),
    );
    for (const tag of ['zero', 'mean', 'h', 'c', 'layer0', 'layer1', 'gru', 'lstm', 'backward', 'projected'])
      expect(seen, tag).toContain(tag);
  });
  for (const golden of cases) it(`${golden.name}, float64 (TypeScript kernels)`, () => run(golden, 'float64'));
  for (const variant of KERNEL_VARIANTS)
    describe(`float32, ${variant.name} kernels`, () => {
      useKernels(variant);
      for (const golden of cases) it(golden.name, () => run(golden, 'float32'));
    });
});

describe('ablation addresses and units are checked', () => {
  const lstm = modelOf(
    cases.find((c) => c.config.cell === 'lstm' && !c.config.bidirectional)!,
    'float64',
  ).model;
  const gru = modelOf(
    cases.find((c) => c.config.cell === 'gru')!,
    'float64',
  ).model;
  const h0 = { layer: 0, direction: 'forward', signal: 'h' } as const;
  it('refuses a unit past the width, a repeated unit, no unit, a missing layer or direction, and c of a GRU', () => {
    expect(() => stateClamp(lstm, h0, [4], [0])).toThrow(/unit 4 does not exist: h of layer 1 has units 0…3/);
    expect(() => stateClamp(lstm, h0, [1, 1], [0, 0])).toThrow(/named twice/);
    expect(() => stateClamp(lstm, h0, [], [])).toThrow(/at least one unit/);
    expect(() => stateClamp(lstm, { ...h0, layer: 2 }, [0], [0])).toThrow(
      /layer 3 does not exist: the model has 2 layer/,
    );
    expect(() => stateClamp(lstm, { ...h0, direction: 'backward' }, [0], [0])).toThrow(/no backward layer/);
    expect(() => stateClamp(gru, { ...h0, signal: 'c' }, [0], [0])).toThrow(/GRU has no cell state/);
  });
  it('a clamped forward has no backward', () => {
    const golden = cases[0];
    const { model, batch } = modelOf(golden, 'float64');
    const clamp = stateClamp(model, h0, [0], [0]);
    withAblation(model, h0, clamp, () => model.forward(batch));
    expect(() => model.backward(true)).toThrow(/no backward/);
  });
});
