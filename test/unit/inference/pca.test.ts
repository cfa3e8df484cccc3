import { describe, expect, it } from 'vitest';
import { CovarianceAccumulator, principalComponents, project, symmetricEigen } from '../../../src/inference/pca';
import { Random } from '../../../src/engine/random';

describe('symmetricEigen', () => {
  it('decomposes a matrix built from known eigenvectors and eigenvalues', () => {
    // A = Q diag(5, 2, 0.5) Qᵀ with Q a rotation: its rows are the eigenvectors.
    const s = Math.SQRT1_2;
    const q = [
      [s, s, 0],
      [-s, s, 0],
      [0, 0, 1],
    ];
    const lambda = [5, 2, 0.5];
    const a = new Float64Array(9);
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 3; j++) for (let k = 0; k < 3; k++) a[i * 3 + j] += q[k][i] * lambda[k] * q[k][j];
    const { values, vectors } = symmetricEigen(a, 3);
    expect(Array.from(values)).toEqual(lambda.map((x) => expect.closeTo(x, 12)));
    for (let k = 0; k < 3; k++) {
      // Eigenvectors are defined up to sign.
      const dot = q[k].reduce((sum, x, i) => sum + x * vectors[k * 3 + i], 0);
      expect(Math.abs(dot)).toBeCloseTo(1, 12);
    }
  });
});

describe('principal components of streamed states', () => {
  it('finds the direction of largest variance and its share, batch by batch', () => {
    // Points spread with std 3 along (1, 1)/√2 and std 1 along (1, −1)/√2, around (2, −1), in 4 dimensions
    // (the last two constant).
    const random = new Random(11);
    const n = 20000;
    const states = new Float32Array(n * 4);
    const s = Math.SQRT1_2;
    for (let r = 0; r < n; r++) {
      const a = 3 * random.normal();
      const b = random.normal();
      states[r * 4] = 2 + s * a + s * b;
      states[r * 4 + 1] = -1 + s * a - s * b;
      states[r * 4 + 2] = 7;
    }
    const accumulator = new CovarianceAccumulator(4);
    for (let start = 0; start < n; start += 3000) accumulator.add(states, Math.min(3000, n - start), start * 4);
    expect(accumulator.samples).toBe(n);
    const projection = principalComponents(accumulator, 2);
    expect(projection.mean[0]).toBeCloseTo(2, 1);
    expect(projection.mean[2]).toBeCloseTo(7, 5);
    expect(Math.abs(projection.components[0] * s + projection.components[1] * s)).toBeCloseTo(1, 3);
    expect(projection.variance[0]).toBeCloseTo(9, 0);
    expect(projection.variance[1]).toBeCloseTo(1, 1);
    expect(projection.explained[0]).toBeCloseTo(0.9, 2);
    // The projection of the mean is the origin; of mean + 3·(1,1)/√2 is ±3 on the first axis.
    const out = new Float32Array(4);
    project(projection, Float64Array.from([...projection.mean, 2 + 3 * s, -1 + 3 * s, 7, 0].slice(0, 8)), 2, out);
    expect(out[0]).toBeCloseTo(0, 5);
    expect(Math.abs(out[2])).toBeCloseTo(3, 1);
  });
});
