/**
 * The mean and covariance of many states (100 000 × 256 for a projection of every step), fast: rows are
 * gathered into blocks and each block's XᵀX is one matrix product, added into a float64 sum. Two kernels:
 *
 * - `wasm`: the engine's float32 GEMM (WebAssembly SIMD when the host runs it; kernels/products.ts), one
 *   product per block of `BLOCK_ROWS` rows, its W × W result added into float64 — float32 only inside a
 *   block, so the rounding does not grow with the number of states;
 * - `float64`: a TypeScript kernel in float64, four rows per pass over the upper triangle (a quarter of the
 *   memory traffic of a rank-1 update per row, as pca.ts's CovarianceAccumulator does).
 *
 * Rows are shifted by the first block's mean before they are multiplied, so E[xxᵀ] − μμᵀ does not cancel
 * digits when the states sit far from the origin. `npm run bench` measures both kernels
 * (src/cli/bench-evaluation.ts); the Evaluate view uses `wasm`.
 */

import { kernelsFor } from '../engine/kernels/choose';
import type { Kernels } from '../engine/kernels/kernels';
import { productTransposedA } from '../engine/kernels/products';

export type GramKernel = 'wasm' | 'float64';

/** Rows per block: large enough for the GEMM's tiles, small enough (W = 256: 1 MB) to stay in cache. */
export const BLOCK_ROWS = 1024;

export class GramAccumulator {
  private count = 0;
  private inBlock = 0;
  /** Σx (raw, float64). */
  private readonly sum: Float64Array;
  /** Σ (x − shift)(x − shift)ᵀ, upper triangle (row-major, full storage). */
  private readonly products: Float64Array;
  /** The first block's mean, subtracted from every row before the product; null until the first block. */
  private shift: Float64Array | null = null;
  private readonly kernels: Kernels | null;
  /** The block `[BLOCK_ROWS, W]` and (wasm) the block's product `[W, W]`, workspaces of `kernels`. */
  private block: Float32Array | Float64Array;
  private blockProduct: Float32Array | null = null;

  constructor(
    readonly width: number,
    readonly kernel: GramKernel = 'wasm',
  ) {
    const W = width;
    this.sum = new Float64Array(W);
    this.products = new Float64Array(W * W);
    if (kernel === 'wasm') {
      this.kernels = kernelsFor('float32');
      this.block = this.kernels.ensure<Float32Array>(null, BLOCK_ROWS * W);
      this.blockProduct = this.kernels.ensure<Float32Array>(null, W * W);
    } else {
      this.kernels = null;
      this.block = new Float64Array(BLOCK_ROWS * W);
    }
  }

  get samples(): number {
    return this.count;
  }

  /** states (n, width) row-major, from `offset`. */
  add(states: ArrayLike<number>, n: number, offset = 0): void {
    const W = this.width;
    const { sum } = this;
    for (let r = 0; r < n; r++) {
      const from = offset + r * W;
      const to = this.inBlock * W;
      const block = this.block;
      for (let i = 0; i < W; i++) {
        const x = states[from + i];
        block[to + i] = x;
        sum[i] += x;
      }
      this.count++;
      if (++this.inBlock === BLOCK_ROWS) this.flush();
    }
  }

  /** The mean and the (population) covariance matrix, full (as CovarianceAccumulator.finish). */
  finish(): { mean: Float64Array; covariance: Float64Array } {
    this.flush();
    const W = this.width;
    const n = Math.max(1, this.count);
    const shift = this.shift ?? new Float64Array(W);
    const mean = this.sum.map((s) => s / n);
    // d = mean − shift: cov = E[(x−s)(x−s)ᵀ] − d dᵀ
    const d = mean.map((m, i) => m - shift[i]);
    const covariance = new Float64Array(W * W);
    for (let i = 0; i < W; i++)
      for (let j = i; j < W; j++) {
        const c = this.products[i * W + j] / n - d[i] * d[j];
        covariance[i * W + j] = c;
        covariance[j * W + i] = c;
      }
    return { mean, covariance };
  }

  /** Adds the gathered rows' product, after shifting them. */
  private flush(): void {
    const rows = this.inBlock;
    if (rows === 0) return;
    const W = this.width;
    const block = this.block;
    if (this.shift === null) {
      const shift = (this.shift = new Float64Array(W));
      for (let r = 0; r < rows; r++) for (let i = 0; i < W; i++) shift[i] += block[r * W + i];
      for (let i = 0; i < W; i++) shift[i] /= rows;
    }
    const shift = this.shift;
    for (let r = 0; r < rows; r++) for (let i = 0, base = r * W; i < W; i++) block[base + i] -= shift[i];
    if (this.kernels) {
      // G (W, W) = block (rows, W)ᵀ · block (rows, W), float32 within the block, then added into float64.
      const product = this.blockProduct!;
      productTransposedA(this.kernels, W, W, rows, block, 0, block, 0, product, 0, 0);
      const products = this.products;
      for (let i = 0; i < W; i++) for (let j = i; j < W; j++) products[i * W + j] += product[i * W + j];
    } else gramUpperFloat64(block as Float64Array, rows, W, this.products);
    this.inBlock = 0;
  }
}

// G (W, W) upper triangle += X (rows, W)ᵀ · X, four rows per pass over G (the remainder one by one)
function gramUpperFloat64(x: Float64Array, rows: number, W: number, g: Float64Array): void {
  let r = 0;
  for (; r + 4 <= rows; r += 4) {
    const a = r * W;
    const b = a + W;
    const c = b + W;
    const d = c + W;
    for (let i = 0; i < W; i++) {
      const ai = x[a + i];
      const bi = x[b + i];
      const ci = x[c + i];
      const di = x[d + i];
      const row = i * W;
      for (let j = i; j < W; j++) g[row + j] += ai * x[a + j] + bi * x[b + j] + ci * x[c + j] + di * x[d + j];
    }
  }
  for (; r < rows; r++) {
    const a = r * W;
    for (let i = 0; i < W; i++) {
      const ai = x[a + i];
      const row = i * W;
      for (let j = i; j < W; j++) g[row + j] += ai * x[a + j];
    }
  }
}
