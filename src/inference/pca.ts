/**
 * Principal components of hidden states, streamed: the mean and covariance are accumulated batch by
 * batch (in float64, so a million states of width 256 keep their precision), then the covariance's
 * eigenvectors are found with the cyclic Jacobi method — exact to rounding for the symmetric H × H
 * matrices of a recurrent layer (H ≤ 1024), with no library. Projecting is a second pass (or a pass
 * over a kept sample), two dot products per state.
 */

/** Accumulates Σx and Σxxᵀ of states of width `width`. */
export class CovarianceAccumulator {
  private count = 0;
  private readonly sum: Float64Array;
  /** Upper triangle (row-major, full storage) of Σxxᵀ. */
  private readonly products: Float64Array;

  constructor(readonly width: number) {
    this.sum = new Float64Array(width);
    this.products = new Float64Array(width * width);
  }

  /** states (n, width) row-major, from `offset`. */
  add(states: ArrayLike<number>, n: number, offset = 0): void {
    const W = this.width;
    for (let r = 0; r < n; r++) {
      const base = offset + r * W;
      for (let i = 0; i < W; i++) {
        const xi = states[base + i];
        this.sum[i] += xi;
        const row = i * W;
        for (let j = i; j < W; j++) this.products[row + j] += xi * states[base + j];
      }
    }
    this.count += n;
  }

  get samples(): number {
    return this.count;
  }

  /** The mean and the (population) covariance matrix, full. */
  finish(): { mean: Float64Array; covariance: Float64Array } {
    const W = this.width;
    const n = Math.max(1, this.count);
    const mean = this.sum.map((s) => s / n);
    const covariance = new Float64Array(W * W);
    for (let i = 0; i < W; i++)
      for (let j = i; j < W; j++) {
        const c = this.products[i * W + j] / n - mean[i] * mean[j];
        covariance[i * W + j] = c;
        covariance[j * W + i] = c;
      }
    return { mean, covariance };
  }
}

/**
 * Eigen-decomposition of a symmetric matrix `a` (n × n, row-major; not modified) by cyclic Jacobi
 * rotations: eigenvalues descending, eigenvectors as the rows of `vectors` (unit length).
 */
export function symmetricEigen(a: ArrayLike<number>, n: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  // v starts as the identity; each rotation is applied to its columns.
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let p = 0; p < n; p++) for (let q = p + 1; q < n; q++) off += m[p * n + q] * m[p * n + q];
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++)
      for (let q = p + 1; q < n; q++) {
        const apq = m[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        // The rotation that zeroes m[p][q] (Golub & Van Loan, Algorithm 8.4.1).
        const theta = (m[q * n + q] - m[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const mkp = m[k * n + p];
          const mkq = m[k * n + q];
          m[k * n + p] = c * mkp - s * mkq;
          m[k * n + q] = s * mkp + c * mkq;
        }
        for (let k = 0; k < n; k++) {
          const mpk = m[p * n + k];
          const mqk = m[q * n + k];
          m[p * n + k] = c * mpk - s * mqk;
          m[q * n + k] = s * mpk + c * mqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - s * vkq;
          v[k * n + q] = s * vkp + c * vkq;
        }
      }
  }
  const order = Array.from({ length: n }, (_, i) => i).sort((i, j) => m[j * n + j] - m[i * n + i]);
  const values = Float64Array.from(order, (i) => m[i * n + i]);
  const vectors = new Float64Array(n * n);
  order.forEach((col, row) => {
    for (let k = 0; k < n; k++) vectors[row * n + k] = v[k * n + col];
  });
  return { values, vectors };
}

export interface Projection {
  mean: Float64Array;
  /** The first `components` principal directions, as rows of width `width`. */
  components: Float64Array;
  /** Variance along each, and its share of the total variance. */
  variance: number[];
  explained: number[];
  width: number;
}

/** The first `count` principal components of the accumulated states. */
export function principalComponents(accumulator: CovarianceAccumulator, count = 2): Projection {
  const { mean, covariance } = accumulator.finish();
  const W = accumulator.width;
  const { values, vectors } = symmetricEigen(covariance, W);
  const total = values.reduce((s, x) => s + Math.max(0, x), 0);
  const k = Math.min(count, W);
  return {
    mean,
    components: vectors.slice(0, k * W),
    variance: Array.from(values.subarray(0, k)),
    explained: Array.from(values.subarray(0, k), (x) => (total > 0 ? Math.max(0, x) / total : 0)),
    width: W,
  };
}

/** out (n, k) ← (states (n, width) − mean) · componentsᵀ. */
export function project(projection: Projection, states: ArrayLike<number>, n: number, out: Float32Array): void {
  const { mean, components, width: W } = projection;
  const k = components.length / W;
  for (let r = 0; r < n; r++)
    for (let c = 0; c < k; c++) {
      let dot = 0;
      for (let i = 0; i < W; i++) dot += (states[r * W + i] - mean[i]) * components[c * W + i];
      out[r * k + c] = dot;
    }
}
