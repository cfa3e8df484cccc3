/**
 * Attention's kernels (`Kernels.attention…`, assembly/attention.ts on WebAssembly) beyond the golden file:
 * widths that leave a scalar tail (13: two vectors of 4 and one of 8 miss it), a source longer than any
 * length and a sequence of length 1, operands both on the heap (copied through arena scratch) and in the
 * arena (read in place) — float32 on every kernel against the float64 TypeScript loops.
 */

import { describe, expect, it } from 'vitest';
import { ATTENTION_SCORES, Attention, type AttentionScore } from '../../../src/engine/attention';
import { Pass, Random, kernelsFor, type DType, type FloatArray } from '../../../src/engine';
import { KERNEL_VARIANTS, useKernels } from './golden-helpers';

const [Tq, Tm, B, H, A] = [3, 6, 4, 13, 5];
const LENGTHS = Int32Array.from([6, 1, 4, 2]);

/** Forward + backward of loss Σ y·R with parameters and inputs drawn from one seed; every result as float64. */
function run(score: AttentionScore, dtype: DType, inArena: boolean): Record<string, Float64Array> {
  const rng = new Random(5);
  const attention = new Attention(score, { querySize: H, memorySize: H, scoreSize: A }, dtype);
  for (const p of attention.parameters()) for (let k = 0; k < p.value.length; k++) p.value[k] = 0.5 * rng.normal();
  const kernels = kernelsFor(dtype);
  const make = (n: number): FloatArray => {
    const array = inArena ? kernels.ensure(null, n) : dtype === 'float64' ? new Float64Array(n) : new Float32Array(n);
    return array.subarray(0, n);
  };
  const fill = (n: number): FloatArray => {
    const array = make(n);
    for (let k = 0; k < n; k++) array[k] = rng.normal();
    return array;
  };
  const query = fill(Tq * B * H);
  const memory = fill(Tm * B * H);
  const R = fill(Tq * B * H);
  const pass = new Pass(kernels).begin(kernels, B, Tq, null, false, null);
  const y = Float64Array.from(attention.forward(pass, Tq, Tm, query, memory, LENGTHS));
  const weights = Float64Array.from(attention.attentionWeights());
  const dQuery = make(Tq * B * H);
  const dMemory = make(Tm * B * H);
  attention.backward(pass, R, dQuery, dMemory);
  const result: Record<string, Float64Array> = {
    y,
    weights,
    dQuery: Float64Array.from(dQuery),
    dMemory: Float64Array.from(dMemory),
  };
  for (const p of attention.parameters()) result[p.name] = Float64Array.from(p.grad);
  return result;
}

function maxRelative(actual: Float64Array, expected: Float64Array): number {
  let scale = 0;
  let worst = 0;
  for (let k = 0; k < expected.length; k++) {
    scale = Math.max(scale, Math.abs(expected[k]));
    worst = Math.max(worst, Math.abs(actual[k] - expected[k]));
  }
  return worst / Math.max(scale, 1e-30);
}

for (const variant of KERNEL_VARIANTS) {
  describe(`attention kernels, ${variant.name} float32 against TypeScript float64`, () => {
    useKernels(variant);
    for (const score of ATTENTION_SCORES)
      for (const inArena of [false, true])
        it(`${score}, operands ${inArena ? 'in workspaces' : 'on the heap'}`, () => {
          const expected = run(score, 'float64', false);
          const actual = run(score, 'float32', inArena);
          for (const name of Object.keys(expected))
            expect(maxRelative(actual[name], expected[name]), name).toBeLessThan(1e-5);
          // masked positions: weight exactly 0 past each length
          for (let t = 0; t < Tq; t++)
            for (let b = 0; b < B; b++)
              for (let s = LENGTHS[b]; s < Tm; s++) expect(actual.weights[(t * B + b) * Tm + s]).toBe(0);
        });
  });
}
