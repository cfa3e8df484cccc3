/**
 * The projection's fast PCA against known decompositions: subspace iteration (top-eigen.ts) on a planted
 * covariance Q diag(λ) Qᵀ, close and repeated eigenvalues and a rank-deficient matrix included; the
 * blocked XᵀX (gram-accumulator.ts, both kernels) against pca.ts's exact float64 accumulator on states far
 * from the origin; principal axes of sampled states against the planted directions.
 */

import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/engine/random';
import { GramAccumulator, type GramKernel } from '../../../src/inference/gram-accumulator';
import { CovarianceAccumulator, symmetricEigen } from '../../../src/inference/pca';
import { principalAxes } from '../../../src/inference/principal-axes';
import { topEigenpairs } from '../../../src/inference/top-eigen';

/** A random orthogonal n × n matrix (rows), by Gram–Schmidt on normal vectors. */
function orthogonal(n: number, random: Random): Float64Array {
  const q = new Float64Array(n * n);
  for (let r = 0; r < n; r++) {
    for (let i = 0; i < n; i++) q[r * n + i] = random.normal();
    for (let pass = 0; pass < 2; pass++)
      for (let p = 0; p < r; p++) {
        let dot = 0;
        for (let i = 0; i < n; i++) dot += q[r * n + i] * q[p * n + i];
        for (let i = 0; i < n; i++) q[r * n + i] -= dot * q[p * n + i];
      }
    let norm = 0;
    for (let i = 0; i < n; i++) norm += q[r * n + i] ** 2;
    for (let i = 0; i < n; i++) q[r * n + i] /= Math.sqrt(norm);
  }
  return q;
}

/** A = Σ_k λ_k q_k q_kᵀ (q_k the rows of q). */
function planted(q: Float64Array, lambda: number[], n: number): Float64Array {
  const a = new Float64Array(n * n);
  lambda.forEach((l, k) => {
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) a[i * n + j] += l * q[k * n + i] * q[k * n + j];
  });
  return a;
}

function alignment(u: ArrayLike<number>, uOffset: number, v: ArrayLike<number>, vOffset: number, n: number): number {
  let dot = 0;
  for (let i = 0; i < n; i++) dot += u[uOffset + i] * v[vOffset + i];
  return Math.abs(dot);
}

describe('topEigenpairs (subspace iteration)', () => {
  it('finds the two largest eigenpairs of a planted 64 × 64 covariance', () => {
    const n = 64;
    const random = new Random(3);
    const q = orthogonal(n, random);
    const lambda = Array.from({ length: n }, (_, k) => 10 * Math.pow(0.8, k));
    const a = planted(q, lambda, n);
    const { values, vectors, fellBack } = topEigenpairs(a, n, 2);
    expect(fellBack).toBe(false);
    expect(values[0]).toBeCloseTo(10, 9);
    expect(values[1]).toBeCloseTo(8, 9);
    expect(alignment(vectors, 0, q, 0, n)).toBeCloseTo(1, 9);
    expect(alignment(vectors, n, q, n, n)).toBeCloseTo(1, 9);
    expect(alignment(vectors, 0, vectors, n, n)).toBeLessThan(1e-9);
  });

  it('separates close eigenvalues (5, 4.99) thanks to its guard vectors, and agrees with Jacobi', () => {
    const n = 40;
    const q = orthogonal(n, new Random(5));
    const lambda = [5, 4.99, 4.9, ...Array.from({ length: n - 3 }, (_, k) => 1 / (k + 1))];
    const a = planted(q, lambda, n);
    const fast = topEigenpairs(a, n, 2);
    const full = symmetricEigen(a, n);
    expect(fast.fellBack).toBe(false);
    expect(fast.values[0]).toBeCloseTo(full.values[0], 9);
    expect(fast.values[1]).toBeCloseTo(full.values[1], 9);
    expect(alignment(fast.vectors, 0, q, 0, n)).toBeCloseTo(1, 6);
    expect(alignment(fast.vectors, n, q, n, n)).toBeCloseTo(1, 6);
  });

  it('handles a rank-one matrix and the zero matrix (any unit vectors, eigenvalues 0)', () => {
    const n = 20;
    const q = orthogonal(n, new Random(8));
    const rankOne = topEigenpairs(planted(q, [2], n), n, 2);
    expect(rankOne.values[0]).toBeCloseTo(2, 12);
    expect(rankOne.values[1]).toBeCloseTo(0, 12);
    expect(alignment(rankOne.vectors, 0, q, 0, n)).toBeCloseTo(1, 12);
    const zero = topEigenpairs(new Float64Array(n * n), n, 2);
    expect(Array.from(zero.values)).toEqual([0, 0]);
    expect(alignment(zero.vectors, 0, zero.vectors, 0, n)).toBeCloseTo(1, 12);
  });

  it('falls back to the full decomposition when the iteration does not converge in time', () => {
    const n = 30;
    const q = orthogonal(n, new Random(9));
    const a = planted(
      q,
      Array.from({ length: n }, (_, k) => 1 - k * 0.001),
      n,
    );
    const result = topEigenpairs(a, n, 2, { maxIterations: 2 });
    expect(result.fellBack).toBe(true);
    expect(result.values[0]).toBeCloseTo(1, 12);
    expect(result.values[1]).toBeCloseTo(0.999, 12);
  });
});

describe('GramAccumulator (blocked XᵀX)', () => {
  for (const kernel of ['wasm', 'float64'] as GramKernel[])
    it(`${kernel}: mean and covariance of 2 500 states of width 37 far from the origin match the exact float64 sums`, () => {
      const W = 37;
      const n = 2500; // two full blocks and a partial one
      const random = new Random(21);
      const states = new Float32Array(n * W);
      for (let r = 0; r < n; r++)
        for (let i = 0; i < W; i++)
          states[r * W + i] = 5 + 0.1 * i + 0.2 * random.normal() + (i % 3 === 0 ? 0.5 * Math.sin(r) : 0);
      const exact = new CovarianceAccumulator(W);
      const fast = new GramAccumulator(W, kernel);
      // In uneven slices, as sequences arrive.
      for (let start = 0, size = 1; start < n; start += size, size = (size * 7) % 97 || 1) {
        const rows = Math.min(size, n - start);
        exact.add(states, rows, start * W);
        fast.add(states, rows, start * W);
      }
      expect(fast.samples).toBe(n);
      const a = exact.finish();
      const b = fast.finish();
      let maxMean = 0;
      let maxCov = 0;
      let scale = 0;
      for (let i = 0; i < W; i++) maxMean = Math.max(maxMean, Math.abs(a.mean[i] - b.mean[i]));
      for (let k = 0; k < W * W; k++) {
        maxCov = Math.max(maxCov, Math.abs(a.covariance[k] - b.covariance[k]));
        scale = Math.max(scale, Math.abs(a.covariance[k]));
      }
      expect(maxMean).toBeLessThan(1e-9);
      // float32 products within a block: 1e-5 of the scale; float64 must agree to rounding.
      expect(maxCov / scale).toBeLessThan(kernel === 'wasm' ? 1e-5 : 1e-11);
    });
});

describe('principal axes of sampled states', () => {
  it('recovers two planted directions and their share of the variance', () => {
    const W = 48;
    const random = new Random(4);
    const q = orthogonal(W, random);
    const n = 6000;
    const states = new Float32Array(n * W);
    // x = 0.3 + 3a·q0 + 2b·q1 + 0.1·noise: variances 9, 4 and 0.01 per remaining direction.
    for (let r = 0; r < n; r++) {
      const a = random.normal();
      const b = random.normal();
      for (let i = 0; i < W; i++) states[r * W + i] = 0.3 + 3 * a * q[i] + 2 * b * q[W + i] + 0.1 * random.normal();
    }
    const accumulator = new GramAccumulator(W);
    accumulator.add(states, n);
    const axes = principalAxes(accumulator.finish(), W, 2);
    expect(alignment(axes.components, 0, q, 0, W)).toBeGreaterThan(0.999);
    expect(alignment(axes.components, W, q, W, W)).toBeGreaterThan(0.999);
    const total = 9 + 4 + 0.01 * W;
    expect(axes.explained[0]).toBeCloseTo(9 / total, 1);
    expect(axes.explained[1]).toBeCloseTo(4 / total, 1);
    expect(axes.variance[0] / axes.variance[1]).toBeCloseTo(9 / 4, 0);
  });
});
