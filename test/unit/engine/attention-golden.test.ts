/**
 * Golden tests of the attention module against PyTorch 1.13's float64 numbers
 * (test/fixtures/golden/attention_{dot,general,additive}.json, made by gen/attention_golden.py): Luong
 * global attention with each score over a batch of source lengths 5, 3, 1; loss Σ y ⊙ R. Compares the
 * output, the attention weights, every parameter gradient and the gradients of the query and the
 * memory — in float64 on the TypeScript kernels and in float32 on every kernel implementation — and
 * checks the gradients by finite differences in float64.
 */

import { describe, expect, it } from 'vitest';
import { ATTENTION_SCORES, Attention, type AttentionScore } from '../../../src/engine/attention';
import { Pass } from '../../../src/engine/module';
import { kernelsFor, type DType, type FloatArray } from '../../../src/engine';
import { KERNEL_VARIANTS, expectClose, loadGolden, useKernels, type GoldenTensor } from './golden-helpers';

const VARIANTS = [
  { ...KERNEL_VARIANTS[0], name: 'js float64', dtype: 'float64' as DType },
  ...KERNEL_VARIANTS.map((variant) => ({ ...variant, name: `${variant.name} float32`, dtype: 'float32' as DType })),
];

function typed(dtype: DType, values: ArrayLike<number>): FloatArray {
  return dtype === 'float64' ? Float64Array.from(values) : Float32Array.from(values);
}

/** The golden's module, loaded with its parameters, and its inputs. */
function setUp(score: AttentionScore, dtype: DType) {
  const golden = loadGolden(`attention_${score}`);
  const c = golden.config;
  const attention = new Attention(score, { querySize: c.Hq, memorySize: c.Hm, scoreSize: c.A }, dtype);
  expect(attention.parameters().map((p) => p.name)).toEqual(Object.keys(golden.params));
  for (const p of attention.parameters()) {
    const t = golden.params[p.name] as GoldenTensor;
    expect(p.shape).toEqual(t.shape);
    p.value.set(t.data);
  }
  const kernels = kernelsFor(dtype);
  const pass = new Pass(kernels).begin(kernels, c.B, c.Tq, null, false, null);
  const lengths = Int32Array.from(c.lengths as number[]);
  const query = typed(dtype, golden.inputs.query.data);
  const memory = typed(dtype, golden.inputs.memory.data);
  const R = golden.inputs.R.data as number[];
  return { golden, c, attention, pass, lengths, query, memory, R };
}

/** Weights `[Tq, B, Tm]` (ours) → `[B, Tq, Tm]` (PyTorch's batch-first layout). */
function batchFirst(weights: ArrayLike<number>, Tq: number, B: number, Tm: number): number[] {
  const out = new Array<number>(B * Tq * Tm);
  for (let t = 0; t < Tq; t++)
    for (let b = 0; b < B; b++) for (let s = 0; s < Tm; s++) out[(b * Tq + t) * Tm + s] = weights[(t * B + b) * Tm + s];
  return out;
}

for (const score of ATTENTION_SCORES) {
  describe(`${score} attention matches PyTorch`, () => {
    for (const variant of VARIANTS) {
      describe(variant.name, () => {
        useKernels(variant);
        it('output, weights, loss and every gradient', () => {
          const { golden, c, attention, pass, lengths, query, memory, R } = setUp(score, variant.dtype);
          const y = attention.forward(pass, c.Tq, c.Tm, query, memory, lengths);
          expectClose(`${score} output`, y, golden.output);
          expectClose(`${score} weights`, batchFirst(attention.attentionWeights(), c.Tq, c.B, c.Tm), golden.weights);
          let loss = 0;
          for (let i = 0; i < R.length; i++) loss += y[i] * R[i];
          expectClose(`${score} loss`, [loss], [golden.loss]);
          const dQuery = typed(variant.dtype, new Array(query.length).fill(0));
          const dMemory = typed(variant.dtype, new Array(memory.length).fill(0));
          attention.backward(pass, typed(variant.dtype, R), dQuery, dMemory);
          for (const p of attention.parameters()) expectClose(`${score} d${p.name}`, p.grad, golden.grads[p.name]);
          expectClose(`${score} dQuery`, dQuery, golden.grad_inputs.query);
          expectClose(`${score} dMemory`, dMemory, golden.grad_inputs.memory);
        });
      });
    }
  });

  it(`${score} attention: gradients agree with finite differences (float64)`, () => {
    const { c, attention, pass, lengths, query, memory, R } = setUp(score, 'float64');
    const lossAt = () => {
      const y = attention.forward(pass, c.Tq, c.Tm, query, memory, lengths);
      let loss = 0;
      for (let i = 0; i < R.length; i++) loss += y[i] * R[i];
      return loss;
    };
    lossAt();
    const dQuery = new Float64Array(query.length);
    const dMemory = new Float64Array(memory.length);
    for (const p of attention.parameters()) p.grad.fill(0);
    attention.backward(pass, Float64Array.from(R), dQuery, dMemory);
    const analytic = new Map<FloatArray, Float64Array>([
      [query, dQuery],
      [memory, dMemory],
      ...attention.parameters().map((p) => [p.value, Float64Array.from(p.grad)] as [FloatArray, Float64Array]),
    ]);
    const h = 1e-6;
    let worst = 0;
    for (const [values, grad] of analytic) {
      for (let i = 0; i < values.length; i++) {
        const kept = values[i];
        values[i] = kept + h;
        const up = lossAt();
        values[i] = kept - h;
        const down = lossAt();
        values[i] = kept;
        const numeric = (up - down) / (2 * h);
        worst = Math.max(worst, Math.abs(numeric - grad[i]) / Math.max(1, Math.abs(numeric)));
      }
    }
    expect(worst).toBeLessThan(1e-8);
  });
}

it('masked source positions get no weight and no gradient', () => {
  const { c, attention, pass, lengths, query, memory, R } = setUp('general', 'float64');
  attention.forward(pass, c.Tq, c.Tm, query, memory, lengths);
  const weights = attention.attentionWeights();
  const dMemory = new Float64Array(memory.length);
  attention.backward(pass, Float64Array.from(R), null, dMemory);
  for (let t = 0; t < c.Tq; t++)
    for (let b = 0; b < c.B; b++)
      for (let s = lengths[b]; s < c.Tm; s++) {
        expect(weights[(t * c.B + b) * c.Tm + s]).toBe(0);
        for (let j = 0; j < c.Hm; j++) expect(dMemory[(s * c.B + b) * c.Hm + j]).toBe(0);
      }
});

it('dot attention refuses query and memory of different widths', () => {
  expect(() => new Attention('dot', { querySize: 4, memorySize: 6, scoreSize: 0 }, 'float64')).toThrow(
    /dot attention needs the decoder and encoder outputs of one width, got 4 and 6/,
  );
});
