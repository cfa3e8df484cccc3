/**
 * Golden tests of the encoder–decoder model against PyTorch 1.13's float64 numbers
 * (test/fixtures/golden/seq2seq_*.json, made by gen/seq2seq_golden.py): 2-layer LSTM (and GRU) encoder and
 * decoder over packed pairs, each attention score and none, masked cross-entropy; the logits, the attention
 * weights, the loss, every gradient, and two Adam steps — in float64 on the TypeScript kernels and in
 * float32 on every kernel implementation — and a finite-difference check of the gradients in float64.
 */

import { describe, expect, it } from 'vitest';
import { createOptimizer, type DType } from '../../../src/engine';
import { EncoderDecoderModel, type EncoderDecoderAttention, type PairBatch } from '../../../src/engine/encoder-decoder';
import { KERNEL_VARIANTS, expectClose, loadGolden, useKernels, type GoldenTensor } from './golden-helpers';

const CASES = ['lstm_none', 'lstm_dot', 'lstm_general', 'lstm_additive', 'gru_general'];

const VARIANTS = [
  { ...KERNEL_VARIANTS[0], name: 'js float64', dtype: 'float64' as DType },
  ...KERNEL_VARIANTS.map((variant) => ({ ...variant, name: `${variant.name} float32`, dtype: 'float32' as DType })),
];

function setUp(name: string, dtype: DType) {
  const golden = loadGolden(`seq2seq_${name}`);
  const c = golden.config;
  const model = new EncoderDecoderModel({
    sourceVocabSize: c.source_vocab,
    targetVocabSize: c.target_vocab,
    embeddingDim: c.embedding,
    hiddenSize: c.hidden,
    numLayers: c.layers,
    cell: c.cell,
    attention: c.attention as EncoderDecoderAttention,
    attentionSize: c.attention_size,
    dropout: 0,
    paddingIdx: 0,
    dtype,
  });
  expect(model.parameters().map((p) => p.name)).toEqual(Object.keys(golden.params));
  for (const p of model.parameters()) {
    const t = golden.params[p.name] as GoldenTensor;
    expect(p.shape).toEqual(t.shape);
    p.value.set(t.data);
  }
  const ids = (t: GoldenTensor) => Int32Array.from(t.data);
  const batch: PairBatch = {
    batchSize: c.batch,
    sourceSteps: c.source_steps,
    source: ids(golden.inputs.source),
    sourceLengths: Int32Array.from(c.source_lengths as number[]),
    targetSteps: c.target_steps,
    targetInput: ids(golden.inputs.target_input),
    targetLengths: Int32Array.from(c.target_lengths as number[]),
    targets: ids(golden.inputs.targets),
  };
  return { golden, c, model, batch };
}

/** `[T, B, W]` (ours) → `[B, T, W]` (PyTorch's batch-first layout). */
function batchFirst(x: ArrayLike<number>, T: number, B: number, W: number): number[] {
  const out = new Array<number>(B * T * W);
  for (let t = 0; t < T; t++)
    for (let b = 0; b < B; b++) for (let w = 0; w < W; w++) out[(b * T + t) * W + w] = x[(t * B + b) * W + w];
  return out;
}

for (const name of CASES) {
  describe(`encoder–decoder ${name} matches PyTorch`, () => {
    for (const variant of VARIANTS) {
      describe(variant.name, () => {
        useKernels(variant);
        it('logits, attention weights, loss and every gradient', () => {
          const { golden, c, model, batch } = setUp(name, variant.dtype);
          model.zeroGrad();
          const { loss, tokens } = model.forward(batch);
          expect(tokens).toBe((c.target_lengths as number[]).reduce((a, b) => a + b, 0));
          expectClose(`${name} loss`, [loss], [golden.loss]);
          // PyTorch's padded decoder outputs are zero past each target length; compare the real steps only.
          const logits = batchFirst(model.logitsView(), c.target_steps, c.batch, c.target_vocab);
          const expected = golden.logits.data as number[];
          const real: number[] = [];
          const ours: number[] = [];
          for (let b = 0; b < c.batch; b++)
            for (let t = 0; t < c.target_lengths[b]; t++)
              for (let v = 0; v < c.target_vocab; v++) {
                const k = (b * c.target_steps + t) * c.target_vocab + v;
                real.push(expected[k]);
                ours.push(logits[k]);
              }
          expectClose(`${name} logits`, ours, real);
          if (golden.weights) {
            const weights = model.attentionWeights()!;
            const w = batchFirst(weights, c.target_steps, c.batch, c.source_steps);
            const real: number[] = [];
            const ours: number[] = [];
            for (let b = 0; b < c.batch; b++)
              for (let t = 0; t < c.target_lengths[b]; t++)
                for (let s = 0; s < c.source_steps; s++) {
                  const k = (b * c.target_steps + t) * c.source_steps + s;
                  real.push(golden.weights.data[k]);
                  ours.push(w[k]);
                }
            expectClose(`${name} attention weights`, ours, real);
          }
          model.backward();
          for (const p of model.parameters()) expectClose(`${name} d${p.name}`, p.grad, golden.grads[p.name]);
        });

        it('two Adam steps (lr 0.01) match torch.optim.Adam', () => {
          const { golden, model, batch } = setUp(name, variant.dtype);
          const { lr, betas, eps, weight_decay } = golden.adam;
          const parameters = model.parameters();
          const adam = createOptimizer(parameters, { kind: 'adam', lr, betas, eps, weightDecay: weight_decay });
          model.zeroGrad();
          model.forward(batch);
          model.backward();
          adam.step();
          for (const p of parameters) expectClose(`step1 ${p.name}`, p.value, golden.adam.params_after_step1[p.name]);
          model.zeroGrad();
          const { loss } = model.forward(batch);
          expectClose('loss at step-1 parameters', [loss], [golden.adam.loss_at_step1_params]);
          model.backward();
          // After one step some gradients cancel far below their terms (attention.W_a's falls to 2e-6 from
          // terms near 1e-3), below what float32 resolves relative to them; float64 checks these to ~1e-15,
          // and in float32 a wrong one would still move the parameters after step 2, compared below.
          if (variant.dtype === 'float64')
            for (const p of parameters)
              expectClose(`step1 d${p.name}`, p.grad, golden.adam.grads_at_step1_params[p.name]);
          adam.step();
          for (const p of parameters) expectClose(`step2 ${p.name}`, p.value, golden.adam.params_after_step2[p.name]);
        });
      });
    }
  });
}

it.each(['lstm_additive', 'gru_general'])('%s: gradients agree with finite differences (float64)', (name) => {
  const { model, batch } = setUp(name, 'float64');
  model.zeroGrad();
  model.forward(batch);
  model.backward();
  const h = 1e-6;
  let worst = 0;
  for (const p of model.parameters()) {
    const analytic = Float64Array.from(p.grad);
    // Every element of small tensors, a spread of 24 of the larger ones.
    const stride = Math.max(1, Math.floor(p.value.length / 24));
    for (let i = 0; i < p.value.length; i += stride) {
      const kept = p.value[i];
      p.value[i] = kept + h;
      const up = model.forward(batch).loss;
      p.value[i] = kept - h;
      const down = model.forward(batch).loss;
      p.value[i] = kept;
      const numeric = (up - down) / (2 * h);
      worst = Math.max(worst, Math.abs(numeric - analytic[i]) / Math.max(1, Math.abs(numeric)));
    }
  }
  expect(worst).toBeLessThan(1e-7);
});
