/**
 * The encoder–decoder as a TrainableModel: built from a ModelConfig with a decoder, seeded like LstmModel,
 * its parameters exactly the checkpoint's expected tensors, the common Batch fed through unchanged, the
 * output batch-major, and teacher forcing below 1 mixing the model's own tokens into the decoder input.
 */

import { describe, expect, it } from 'vitest';
import { createModel } from '../../../src/engine/create-model';
import { resolveModelConfig, type AttentionKind, type ModelConfig } from '../../../src/engine/config';
import { LstmModel } from '../../../src/engine/model';
import { Random } from '../../../src/engine/random';
import { pairBatchOf, Seq2seqModel } from '../../../src/engine/seq2seq-model';
import type { Batch } from '../../../src/engine/batch';
import { expectedParameterShapes, parameterCount } from '../../../src/checkpoint/expected-tensors';

function config(attention: AttentionKind, cell: 'lstm' | 'gru' = 'lstm', numLayers = 1): Partial<ModelConfig> {
  return {
    vocabSize: 11,
    embeddingDim: 6,
    hiddenSize: 8,
    numLayers,
    cell,
    outputSize: 9,
    headOn: 'every',
    loss: 'softmax-ce',
    init: 'pytorch',
    decoder: { vocabSize: 9, attention, attentionSize: 5 },
  };
}

/** Two pairs: sources of 4 and 2 tokens, targets (with <eos>=3) of 3 and 2; <sos>=2, <pad>=0. */
function batch(): Batch {
  return {
    batchSize: 2,
    steps: 4,
    tokens: Int32Array.of(4, 5, 6, 7, 8, 9, 0, 0),
    lengths: Int32Array.of(4, 2),
    decoder: { steps: 3, tokens: Int32Array.of(2, 4, 5, 2, 6, 0), lengths: Int32Array.of(3, 2) },
    targets: Int32Array.of(4, 5, 3, 6, 3, 0),
  };
}

describe('Seq2seqModel', () => {
  it('is what createModel builds for a config with a decoder (and an LstmModel without)', () => {
    expect(createModel(config('general'), 1)).toBeInstanceOf(Seq2seqModel);
    const { decoder: _, ...single } = config('general');
    expect(createModel({ ...single, headOn: 'last' }, 1)).toBeInstanceOf(LstmModel);
  });

  for (const attention of ['dot', 'general', 'additive', 'none'] as const)
    for (const cell of ['lstm', 'gru'] as const)
      it(`has exactly the expected tensors of a checkpoint (${attention}, ${cell}, 2 layers)`, () => {
        const model = createModel(config(attention, cell, 2), 3);
        const actual = model.parameters().map((p) => ({ name: p.name, shape: [...p.shape] }));
        const c = resolveModelConfig(config(attention, cell, 2));
        expect(actual).toEqual(expectedParameterShapes(c));
        expect(model.parameterCount()).toBe(parameterCount(c));
      });

  it('is seeded: the same seed gives the same weights, another seed others; PyTorch init bounds hold', () => {
    const a = createModel(config('additive'), 7).parameters();
    const b = createModel(config('additive'), 7).parameters();
    const c = createModel(config('additive'), 8).parameters();
    a.forEach((p, i) => expect(Array.from(p.value)).toEqual(Array.from(b[i].value)));
    expect(Array.from(a[1].value)).not.toEqual(Array.from(c[1].value));
    const cW = a.find((p) => p.name === 'attention.W_c.weight')!;
    const bound = 1 / Math.sqrt(16);
    expect(Math.max(...Array.from(cW.value, Math.abs))).toBeLessThanOrEqual(bound);
    const padRow = a.find((p) => p.name === 'decoder.embedding.weight')!.value.subarray(0, 6);
    expect(Array.from(padRow)).toEqual(new Array(6).fill(0));
  });

  it('feeds the common batch to the network unchanged and answers batch-major logits', () => {
    const model = new Seq2seqModel(config('general'), 5);
    const { loss, output, finalState } = model.forward(batch());
    const direct = model.network.forward(pairBatchOf(batch())).loss;
    expect(loss).toBe(direct);
    expect(finalState).toBeNull();
    const timeMajor = model.network.logitsView(); // [Td, B, V]
    const V = 9;
    for (let b = 0; b < 2; b++)
      for (let t = 0; t < 3; t++)
        for (let v = 0; v < V; v++) expect(output[(b * 3 + t) * V + v]).toBe(timeMajor[(t * 2 + b) * V + v]);
    expect(model.forward(batch(), { training: true }).output.length).toBe(0);
  });

  it('with teacher forcing 1 trains on the reference; below 1 mixes in its own greedy tokens, reproducibly', () => {
    const model = new Seq2seqModel(config('general'), 5);
    const plain = model.forward(batch(), { training: true, rng: new Random(1) }).loss;
    expect(model.forward(batch(), { training: true, rng: new Random(1), teacherForcing: 1 }).loss).toBe(plain);
    const mixedA = model.forward(batch(), { training: true, rng: new Random(2), teacherForcing: 0 }).loss;
    const mixedB = model.forward(batch(), { training: true, rng: new Random(2), teacherForcing: 0 }).loss;
    expect(mixedA).toBe(mixedB);
    // Ratio 0: every input after <sos> is argmax of the teacher-forced logits one step earlier.
    const pairs = pairBatchOf(batch());
    model.network.forward({ ...pairs, targets: undefined });
    const logits = model.network.logitsView();
    const own = Int32Array.from(pairs.targetInput);
    for (let b = 0; b < 2; b++)
      for (let t = 1; t < pairs.targetLengths[b]; t++) {
        let best = 0;
        for (let v = 1; v < 9; v++)
          if (logits[((t - 1) * 2 + b) * 9 + v] > logits[((t - 1) * 2 + b) * 9 + best]) best = v;
        own[b * 3 + t] = best;
      }
    expect(model.network.forward({ ...pairs, targetInput: own }).loss).toBeCloseTo(mixedA, 6);
    // The batch the data layer owns is never written.
    expect(Array.from(batch().decoder!.tokens)).toEqual([2, 4, 5, 2, 6, 0]);
  });

  it('refuses single-stack options it cannot have', () => {
    expect(() => resolveModelConfig({ ...config('general'), bidirectional: true })).toThrow(/one direction/);
    expect(() => resolveModelConfig({ ...config('general'), outputSize: 5 })).toThrow(/outputSize 9/);
    expect(() =>
      resolveModelConfig({
        ...config('general'),
        decoder: { vocabSize: 9, attention: 'cosine' as AttentionKind, attentionSize: 5 },
      }),
    ).toThrow(/attention/);
  });
});
