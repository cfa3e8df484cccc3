/**
 * The state a stateful run carries across windows: two windows read one after the other, the second
 * starting from the first one's final state, give the outputs of one forward over their concatenation
 * bit for bit (LSTM, GRU, projected LSTM; every kernel); trainStep reads the carried state and leaves
 * the final state in it without letting a gradient into it; rows reset where their stream starts; a
 * batch of the first streams only carries those; a bidirectional model is refused.
 */

import { describe, expect, it } from 'vitest';
import { LstmModel, Random, createOptimizer, trainStep, type Batch, type ModelConfig } from '../../../src/engine';
import { carryFinalState } from '../../../src/engine/train-step';
import { CarriedState } from '../../../src/train/carried-state';
import { evaluate } from '../../../src/train/evaluate';
import { KERNEL_VARIANTS, useKernels } from '../engine/golden-helpers';

const V = 12;
const CELLS: [string, Partial<ModelConfig>][] = [
  ['LSTM', { cell: 'lstm' }],
  ['GRU', { cell: 'gru' }],
  ['projected LSTM', { cell: 'lstm', hiddenSize: 9, projSize: 4 }],
];

function languageModel(extra: Partial<ModelConfig>, dtype: 'float32' | 'float64' = 'float32'): LstmModel {
  return new LstmModel(
    {
      vocabSize: V,
      embeddingDim: 5,
      hiddenSize: 7,
      numLayers: 2,
      outputSize: V,
      headOn: 'every',
      loss: 'softmax-ce',
      dtype,
      ...extra,
    },
    11,
  );
}

/** B rows of T random tokens (1…V−1) with next-token targets. */
function randomText(B: number, T: number, seed: number): { tokens: Int32Array; targets: Int32Array } {
  const rng = new Random(seed);
  const tokens = Int32Array.from({ length: B * T }, () => 1 + rng.int(V - 1));
  const targets = Int32Array.from({ length: B * T }, () => 1 + rng.int(V - 1));
  return { tokens, targets };
}

/** Steps [from, from + n) of every row of a `[B, T]` array. */
function window(array: Int32Array, B: number, T: number, from: number, n: number): Int32Array {
  const out = new Int32Array(B * n);
  for (let b = 0; b < B; b++) out.set(array.subarray(b * T + from, b * T + from + n), b * n);
  return out;
}

for (const variant of KERNEL_VARIANTS) {
  describe(`carrying the state across windows (${variant.name} kernels)`, () => {
    useKernels(variant);

    it.each(CELLS)('%s: two windows from the carried state equal one forward over both, bit for bit', (_, cell) => {
      const B = 3;
      const T = 10;
      const split = 6;
      const model = languageModel(cell);
      const text = randomText(B, T, 5);
      const whole = model.forward({ batchSize: B, steps: T, ...text });
      const wholeOutput = whole.output.slice();

      const carried = new CarriedState(model.config, B);
      const resets = new Uint8Array(B).fill(1);
      const outputs: Float32Array[] = [];
      for (const [from, n] of [
        [0, split],
        [split, T - split],
      ]) {
        const batch = {
          batchSize: B,
          steps: n,
          tokens: window(text.tokens, B, T, from, n),
          targets: window(text.targets, B, T, from, n),
          resets,
        };
        const state = carried.before(batch);
        const result = model.forward(batch, { initialState: state });
        carryFinalState(state, result.finalState);
        carried.after(batch);
        outputs.push(result.output.slice() as Float32Array);
        resets.fill(0);
      }
      // output (B, T, V): row b's first `split` steps from window 1, the rest from window 2.
      for (let b = 0; b < B; b++) {
        expect(outputs[0].subarray(b * split * V, (b + 1) * split * V)).toEqual(
          wholeOutput.subarray(b * T * V, (b * T + split) * V),
        );
        expect(outputs[1].subarray(b * (T - split) * V, (b + 1) * (T - split) * V)).toEqual(
          wholeOutput.subarray((b * T + split) * V, (b + 1) * T * V),
        );
      }
      expect(carried.h).toEqual(whole.finalState.h);
      if (cell.cell === 'lstm') expect(carried.c).toEqual(whole.finalState.c);
      else expect(carried.c).toBeNull();
    });
  });
}

describe('trainStep with a carried state', () => {
  it.each(CELLS)(
    '%s: starts from it, leaves the final state in it, and its gradients stop at the window',
    (_, cell) => {
      const B = 4;
      const T = 5;
      const model = languageModel(cell, 'float64');
      const twin = languageModel(cell, 'float64');
      const batch: Batch = { batchSize: B, steps: T, ...randomText(B, T, 8) };
      const carried = new CarriedState(model.config, B);
      const rng = new Random(3);
      carried.h.forEach((_, k) => (carried.h[k] = rng.normal() * 0.5));
      carried.c?.forEach((_, k) => (carried.c![k] = rng.normal() * 0.5));
      const initial = { h: carried.h.slice(), c: carried.c?.slice() };

      // The twin: a plain forward + backward from the same initial state (a constant).
      const expected = twin.forward(batch, { training: true, initialState: initial });
      twin.backward();

      const optimizer = createOptimizer(model.parameters(), { kind: 'sgd', lr: 0.1, momentum: 0, weightDecay: 0 });
      const state = carried.before({ batchSize: B, resets: new Uint8Array(B) });
      const { loss } = trainStep(model, batch, optimizer, { state });
      carried.after({ batchSize: B, resets: new Uint8Array(B) });
      expect(loss).toBe(expected.loss);
      expect(carried.h).toEqual(expected.finalState.h);
      if (expected.finalState.c) expect(carried.c).toEqual(expected.finalState.c);
      model.parameters().forEach((p, i) => expect(p.grad, p.name).toEqual(twin.parameters()[i].grad));
    },
  );
});

describe('CarriedState', () => {
  const config = languageModel({}).config;

  it('zeroes the rows whose stream starts, and only those', () => {
    const carried = new CarriedState(config, 3);
    carried.h.fill(1);
    carried.c!.fill(2);
    const state = carried.before({ batchSize: 3, resets: Uint8Array.of(0, 1, 0) });
    expect(state.h).toBe(carried.h); // a full batch reads and writes the buffers in place
    // h (L=2, S=3, H=7): row 1 of each layer is zero.
    for (let l = 0; l < 2; l++)
      for (let b = 0; b < 3; b++) {
        const row = Array.from(carried.h.subarray((l * 3 + b) * 7, (l * 3 + b + 1) * 7));
        expect(row).toEqual(new Array(7).fill(b === 1 ? 0 : 1));
      }
    expect(carried.c!.filter((x) => x === 0).length).toBe(2 * 7);
  });

  it('gives a batch of the first streams their rows, and keeps the others untouched', () => {
    const carried = new CarriedState(config, 4);
    carried.h.forEach((_, k) => (carried.h[k] = k));
    carried.c!.forEach((_, k) => (carried.c![k] = -k));
    const batch = { batchSize: 2, resets: new Uint8Array(2) };
    const state = carried.before(batch);
    // h (L=2, B=2, H=7) ← rows 0, 1 of each layer of (2, 4, 7).
    expect(Array.from(state.h)).toEqual([
      ...Array.from({ length: 14 }, (_, k) => k),
      ...Array.from({ length: 14 }, (_, k) => 28 + k),
    ]);
    state.h.fill(100);
    state.c!.fill(200);
    carried.after(batch);
    for (let l = 0; l < 2; l++)
      for (let b = 0; b < 4; b++) {
        const at = (l * 4 + b) * 7;
        expect(carried.h[at], `layer ${l} stream ${b}`).toBe(b < 2 ? 100 : at);
        expect(carried.c![at]).toBe(b < 2 ? 200 : -at);
      }
  });

  it('round-trips through checkpoint tensors, refuses batches without resets, and a bidirectional model', () => {
    const carried = new CarriedState(config, 2);
    carried.h.forEach((_, k) => (carried.h[k] = k / 3));
    const tensors = carried.tensors();
    expect(tensors.map((t) => [t.name, t.shape])).toEqual([
      ['trainer.carried_h', [2, 2, 7]],
      ['trainer.carried_c', [2, 2, 7]],
    ]);
    const restored = new CarriedState(config, 2);
    restored.loadTensors(new Map(tensors.map((t) => [t.name, t.data])));
    expect(restored.h).toEqual(carried.h);
    expect(() => restored.before({ batchSize: 2 })).toThrow(/resets/);
    expect(() => new CarriedState({ ...config, bidirectional: true }, 2)).toThrow(/bidirectional/);
  });

  it('evaluate carries the state of stream batches from window to window', () => {
    const model = languageModel({});
    const B = 2;
    const T = 8;
    const text = randomText(B, T, 4);
    const whole = evaluate(model, [{ batchSize: B, steps: T, ...text }], { task: 'language-model' });
    const halves = [0, 4].map((from, k) => ({
      batchSize: B,
      steps: 4,
      tokens: window(text.tokens, B, T, from, 4),
      targets: window(text.targets, B, T, from, 4),
      resets: new Uint8Array(B).fill(k === 0 ? 1 : 0),
    }));
    const carried = evaluate(model, halves, { task: 'language-model' }, new CarriedState(model.config, B));
    const fromZero = evaluate(model, halves, { task: 'language-model' });
    expect(carried.loss).toBeCloseTo(whole.loss, 6);
    expect(Math.abs(fromZero.loss - whole.loss)).toBeGreaterThan(1e-5); // an untrained model barely uses its state
  });
});
