/**
 * The CTC loss (src/engine/ctc.ts) against PyTorch 1.13's `F.ctc_loss` in float64 (reduction 'mean',
 * zero_infinity; test/fixtures/golden/ctc_loss.json from gen/ctc_golden.py): the loss, each sequence's
 * −log p(y|x) and d/dlogits on padded batches with a target of length 1, an empty one, repeated labels
 * and an impossible alignment; in float64 and in float32. Then finite-difference checks through whole
 * models (an LSTM and a bidirectional LSTM, padded) with `loss: 'ctc'`, and the config checks.
 */

import { describe, expect, it } from 'vitest';
import { CtcLoss, LstmModel, Random, resolveModelConfig, type Batch, type ModelConfig } from '../../../src/engine';
import { expectClose, loadGolden, type GoldenTensor } from './golden-helpers';
import { numericDerivative, relativeError } from './gradient-check-helpers';

interface CtcCase {
  name: string;
  config: { T: number; B: number; C: number };
  logits: GoldenTensor;
  input_lengths: number[];
  targets: GoldenTensor;
  target_lengths: number[];
  per_sequence_loss: GoldenTensor;
  loss: number;
  grad_logits: GoldenTensor;
}

const cases: CtcCase[] = loadGolden('ctc_loss').cases;

describe.each(cases)('CTC loss against PyTorch: $name', (c) => {
  const { T, B, C } = c.config;
  const run = (logits: Float32Array | Float64Array) => {
    const dLogits = logits instanceof Float32Array ? new Float32Array(T * B * C) : new Float64Array(T * B * C);
    const ctc = new CtcLoss();
    const targets = Int32Array.from(c.targets.data);
    const loss = ctc.compute(
      B,
      T,
      C,
      logits,
      Int32Array.from(c.input_lengths),
      targets,
      Int32Array.from(c.target_lengths),
      dLogits,
    );
    return { loss, dLogits, perSequence: ctc.sequenceLosses() };
  };

  it('float64: loss, per-sequence −log p and d/dlogits to 1e-12', () => {
    const { loss, dLogits, perSequence } = run(Float64Array.from(c.logits.data));
    expect(Math.abs(loss - c.loss)).toBeLessThan(1e-12 * Math.max(1, c.loss));
    expectClose(`${c.name} per-sequence loss (f64)`, perSequence, c.per_sequence_loss, 1e-12);
    expectClose(`${c.name} d/dlogits (f64)`, dLogits, c.grad_logits, 1e-12);
  });

  it('float32 logits: the same within float32 rounding', () => {
    const { loss, dLogits } = run(Float32Array.from(c.logits.data));
    expect(Math.abs(loss - c.loss) / c.loss).toBeLessThan(1e-5);
    expectClose(`${c.name} d/dlogits (f32)`, dLogits, c.grad_logits, 1e-5);
  });

  it('reuses its workspaces: a second call gives the same answer', () => {
    const logits = Float64Array.from(c.logits.data);
    const first = run(logits).loss;
    const ctc = new CtcLoss();
    const [targets, targetLengths] = [Int32Array.from(c.targets.data), Int32Array.from(c.target_lengths)];
    const d = new Float64Array(T * B * C);
    ctc.compute(B, T, C, logits, Int32Array.from(c.input_lengths), targets, targetLengths, d);
    expect(ctc.compute(B, T, C, logits, Int32Array.from(c.input_lengths), targets, targetLengths, d)).toBe(first);
  });
});

describe('CTC loss: impossible alignments and bad labels', () => {
  it('an impossible sequence contributes 0 loss and 0 gradient (zero_infinity)', () => {
    const padded = cases.find((c) => c.name === 'padded')!;
    const { T, B, C } = padded.config;
    const ctc = new CtcLoss();
    const d = new Float64Array(T * B * C);
    ctc.compute(
      B,
      T,
      C,
      Float64Array.from(padded.logits.data),
      Int32Array.from(padded.input_lengths),
      Int32Array.from(padded.targets.data),
      Int32Array.from(padded.target_lengths),
      d,
    );
    expect(ctc.sequenceLosses()[2]).toBe(0);
    for (let t = 0; t < T; t++) for (let k = 0; k < C; k++) expect(d[(t * B + 2) * C + k]).toBe(0);
  });

  it('refuses a blank or an out-of-range id among the labels', () => {
    const ctc = new CtcLoss();
    const logits = new Float64Array(3 * 1 * 4);
    const d = new Float64Array(logits.length);
    const refuse = (ids: number[]) => () => ctc.compute(1, 3, 4, logits, null, ids, [ids.length], d);
    expect(refuse([0, 1])).toThrow(/label 0 at position 0/);
    expect(refuse([1, 4])).toThrow(/label 4 at position 1/);
    // a smaller batch after a larger one: the per-sequence losses are the small batch's
    ctc.compute(2, 3, 4, new Float64Array(24), null, [1, 2], [1, 1], new Float64Array(24));
    expect(ctc.sequenceLosses().length).toBe(2);
    ctc.compute(1, 3, 4, logits, null, [1], [1], d);
    expect(ctc.sequenceLosses().length).toBe(1);
  });
});

describe('CTC config checks', () => {
  it('needs a head on every step and at least 2 symbols', () => {
    expect(() => resolveModelConfig({ inputSize: 3, outputSize: 5, headOn: 'last', loss: 'ctc' })).toThrow(
      /headOn 'every'/,
    );
    expect(() => resolveModelConfig({ inputSize: 3, outputSize: 1, headOn: 'every', loss: 'ctc' })).toThrow(
      /outputSize ≥ 2/,
    );
    expect(resolveModelConfig({ inputSize: 3, outputSize: 5, headOn: 'every', loss: 'ctc' }).loss).toBe('ctc');
  });
});

const modelCases: { name: string; config: Partial<ModelConfig> }[] = [
  { name: 'LSTM, 2 layers', config: { inputSize: 3, hiddenSize: 4, numLayers: 2 } },
  { name: 'bidirectional LSTM, 2 layers', config: { inputSize: 3, hiddenSize: 3, numLayers: 2, bidirectional: true } },
];

describe.each(modelCases)('CTC gradient check through a model: $name', ({ config }) => {
  it('analytic gradients of every parameter and the features match central differences (padded batch)', () => {
    const B = 3;
    const T = 7;
    const C = 4;
    const rng = new Random(4321);
    const model = new LstmModel({ ...config, outputSize: C, headOn: 'every', loss: 'ctc', dtype: 'float64' }, 17);
    for (const p of model.parameters()) for (let k = 0; k < p.value.length; k++) p.value[k] += 0.1 * rng.normal();
    const batch: Batch = {
      batchSize: B,
      steps: T,
      lengths: Int32Array.of(7, 5, 4),
      features: Float64Array.from({ length: B * T * 3 }, () => rng.normal()),
      // [B, S = 3]: a repeat (2 2), a single label, two labels; padding ids past each length are ignored
      targets: Int32Array.of(1, 2, 2, 3, 0, 0, 2, 1, 0),
      targetLengths: Int32Array.of(3, 1, 2),
    };
    const lossAt = () => model.forward(batch).loss;
    model.zeroGrad();
    lossAt();
    const inputGrads = model.backward(true);
    let worst = 0;
    const check = (label: string, values: Float64Array, analytic: ArrayLike<number>) => {
      for (let k = 0; k < values.length; k++) {
        const numeric = numericDerivative(values, k, lossAt);
        const error = relativeError(numeric, analytic[k]);
        worst = Math.max(worst, error);
        expect(error, `${label}[${k}]: numeric ${numeric}, analytic ${analytic[k]}`).toBeLessThan(1e-6);
      }
    };
    for (const p of model.parameters()) check(p.name, p.value as Float64Array, p.grad.slice());
    check('features', batch.features as Float64Array, inputGrads.dFeatures!);
    console.log(`worst relative error ${worst.toExponential(2)}`);
  });
});
