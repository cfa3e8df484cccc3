/**
 * The strided, register-blocked matrix product against a naive triple loop, on shapes that hit the 4×4
 * blocks, the ragged edges and both, for each of the three operand layouts the layers use.
 */

import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/engine';
import { matmul, matmulTransposedA, matmulTransposedB } from '../../../src/engine/matmul';

type Layout = 'A·Bᵀ' | 'A·B' | 'Aᵀ·B';

function naive(layout: Layout, M: number, N: number, K: number, a: Float64Array, b: Float64Array): Float64Array {
  const c = new Float64Array(M * N);
  for (let m = 0; m < M; m++) {
    for (let n = 0; n < N; n++) {
      let s = 0;
      for (let k = 0; k < K; k++) {
        const av = layout === 'Aᵀ·B' ? a[k * M + m] : a[m * K + k];
        const bv = layout === 'A·Bᵀ' ? b[n * K + k] : b[k * N + n];
        s += av * bv;
      }
      c[m * N + n] = s;
    }
  }
  return c;
}

const shapes: [number, number, number][] = [
  [1, 1, 1],
  [4, 4, 4],
  [8, 12, 5],
  [5, 7, 3],
  [3, 9, 16],
  [13, 4, 1],
  [17, 19, 23],
];

describe.each(['A·Bᵀ', 'A·B', 'Aᵀ·B'] as Layout[])('%s', (layout) => {
  it.each(shapes)('M=%i N=%i K=%i, overwrite and accumulate, with offsets', (M, N, K) => {
    const rng = new Random(M * 1000 + N * 10 + K);
    const offset = 3;
    const a = Float64Array.from({ length: offset + M * K }, () => rng.normal());
    const b = Float64Array.from({ length: offset + N * K }, () => rng.normal());
    const expected = naive(layout, M, N, K, a.subarray(offset), b.subarray(offset));
    const run = (c: Float64Array, beta: 0 | 1) => {
      const product = layout === 'A·Bᵀ' ? matmulTransposedB : layout === 'A·B' ? matmul : matmulTransposedA;
      product(M, N, K, a, offset, b, offset, c, offset, beta);
    };
    const c = new Float64Array(offset + M * N).fill(7);
    run(c, 0);
    c.subarray(offset).forEach((v, i) => expect(v).toBeCloseTo(expected[i], 12));
    expect(Array.from(c.subarray(0, offset))).toEqual([7, 7, 7]); // nothing written before the offset
    run(c, 1);
    c.subarray(offset).forEach((v, i) => expect(v).toBeCloseTo(2 * expected[i], 12));
  });
});
