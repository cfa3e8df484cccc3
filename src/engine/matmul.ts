/**
 * The matrix product every layer is built on, written once over strides so the same register-blocked
 * loop serves A·Bᵀ (forward), A·B (input gradients) and Aᵀ·B (weight gradients).
 *
 *   C[m, n] = beta·C[m, n] + Σ_k A[m, k] · B[k, n]      for m < M, n < N, k < K
 *
 * where element (m, k) of A sits at `a[aOffset + m*aRowStride + k*aColStride]`, (k, n) of B at
 * `b[bOffset + k*bRowStride + n*bColStride]`, and (m, n) of C at `c[cOffset + m*ldc + n]`.
 * A transposed operand is just swapped strides; nothing is copied.
 *
 * The main loop computes a 4×4 block of C in sixteen local accumulators: each k step loads 4 values of A
 * and 4 of B and does 16 multiply-adds, so loads stop being the bottleneck (a plain triple loop does one
 * multiply-add per two loads). JavaScript locals are doubles, so every dot product also accumulates in
 * float64 before the single rounding on store — more accurate than float32 BLAS, never less.
 */

import type { FloatArray } from './tensor';

// C (M,N) = beta*C + A (M,K) · B (K,N), strided as described at the top of the file.
export function gemm(
  M: number, N: number, K: number,
  a: FloatArray, aOffset: number, aRowStride: number, aColStride: number,
  b: FloatArray, bOffset: number, bRowStride: number, bColStride: number,
  c: FloatArray, cOffset: number, ldc: number,
  beta: 0 | 1,
): void {
  const M4 = M - (M % 4);
  const N4 = N - (N % 4);
  for (let m = 0; m < M4; m += 4) {
    const a0 = aOffset + m * aRowStride;
    const a1 = a0 + aRowStride;
    const a2 = a1 + aRowStride;
    const a3 = a2 + aRowStride;
    for (let n = 0; n < N4; n += 4) {
      const b0 = bOffset + n * bColStride;
      const b1 = b0 + bColStride;
      const b2 = b1 + bColStride;
      const b3 = b2 + bColStride;
      let c00 = 0, c01 = 0, c02 = 0, c03 = 0;
      let c10 = 0, c11 = 0, c12 = 0, c13 = 0;
      let c20 = 0, c21 = 0, c22 = 0, c23 = 0;
      let c30 = 0, c31 = 0, c32 = 0, c33 = 0;
      let ak = 0;
      let bk = 0;
      for (let k = 0; k < K; k++) {
        const x0 = a[a0 + ak], x1 = a[a1 + ak], x2 = a[a2 + ak], x3 = a[a3 + ak];
        const y0 = b[b0 + bk], y1 = b[b1 + bk], y2 = b[b2 + bk], y3 = b[b3 + bk];
        c00 += x0 * y0; c01 += x0 * y1; c02 += x0 * y2; c03 += x0 * y3;
        c10 += x1 * y0; c11 += x1 * y1; c12 += x1 * y2; c13 += x1 * y3;
        c20 += x2 * y0; c21 += x2 * y1; c22 += x2 * y2; c23 += x2 * y3;
        c30 += x3 * y0; c31 += x3 * y1; c32 += x3 * y2; c33 += x3 * y3;
        ak += aColStride;
        bk += bRowStride;
      }
      const r0 = cOffset + m * ldc + n;
      const r1 = r0 + ldc;
      const r2 = r1 + ldc;
      const r3 = r2 + ldc;
      if (beta === 0) {
        c[r0] = c00; c[r0 + 1] = c01; c[r0 + 2] = c02; c[r0 + 3] = c03;
        c[r1] = c10; c[r1 + 1] = c11; c[r1 + 2] = c12; c[r1 + 3] = c13;
        c[r2] = c20; c[r2 + 1] = c21; c[r2 + 2] = c22; c[r2 + 3] = c23;
        c[r3] = c30; c[r3 + 1] = c31; c[r3 + 2] = c32; c[r3 + 3] = c33;
      } else {
        c[r0] += c00; c[r0 + 1] += c01; c[r0 + 2] += c02; c[r0 + 3] += c03;
        c[r1] += c10; c[r1 + 1] += c11; c[r1 + 2] += c12; c[r1 + 3] += c13;
        c[r2] += c20; c[r2 + 1] += c21; c[r2 + 2] += c22; c[r2 + 3] += c23;
        c[r3] += c30; c[r3 + 1] += c31; c[r3 + 2] += c32; c[r3 + 3] += c33;
      }
    }
  }
  // Edges: the rows below M4 (all columns) and the columns right of N4 (rows above M4), one dot at a time.
  if (M4 < M || N4 < N) {
    for (let m = 0; m < M; m++) {
      const nStart = m < M4 ? N4 : 0;
      const aRow = aOffset + m * aRowStride;
      for (let n = nStart; n < N; n++) {
        let sum = 0;
        let ak = aRow;
        let bk = bOffset + n * bColStride;
        for (let k = 0; k < K; k++) {
          sum += a[ak] * b[bk];
          ak += aColStride;
          bk += bRowStride;
        }
        const ci = cOffset + m * ldc + n;
        c[ci] = beta === 0 ? sum : c[ci] + sum;
      }
    }
  }
}

// C (M,N) (+)= A (M,K) · W (N,K)ᵀ — a layer's forward product with PyTorch's [out, in] weight layout.
export function matmulTransposedB(
  M: number, N: number, K: number,
  a: FloatArray, aOffset: number, w: FloatArray, wOffset: number,
  c: FloatArray, cOffset: number, beta: 0 | 1,
): void {
  gemm(M, N, K, a, aOffset, K, 1, w, wOffset, 1, K, c, cOffset, N, beta);
}

// C (M,N) (+)= A (M,K) · B (K,N) — gradient with respect to a layer's input.
export function matmul(
  M: number, N: number, K: number,
  a: FloatArray, aOffset: number, b: FloatArray, bOffset: number,
  c: FloatArray, cOffset: number, beta: 0 | 1,
): void {
  gemm(M, N, K, a, aOffset, K, 1, b, bOffset, N, 1, c, cOffset, N, beta);
}

// C (M,N) (+)= A (K,M)ᵀ · B (K,N) — gradient with respect to a weight, summed over K rows of a batch.
export function matmulTransposedA(
  M: number, N: number, K: number,
  a: FloatArray, aOffset: number, b: FloatArray, bOffset: number,
  c: FloatArray, cOffset: number, beta: 0 | 1,
): void {
  gemm(M, N, K, a, aOffset, 1, M, b, bOffset, N, 1, c, cOffset, N, beta);
}

// out (N) += Σ_rows dY (rows, N) — bias gradients. Sums run in float64 (over T·B rows a float32 running
// sum would lose digits), then round once into `out`.
let columnSumScratch = new Float64Array(0);
export function addColumnSums(rows: number, N: number, dy: FloatArray, dyOffset: number, out: FloatArray): void {
  if (columnSumScratch.length < N) columnSumScratch = new Float64Array(N);
  const sums = columnSumScratch;
  sums.fill(0, 0, N);
  for (let r = 0; r < rows; r++) {
    const base = dyOffset + r * N;
    for (let n = 0; n < N; n++) sums[n] += dy[base + n];
  }
  for (let n = 0; n < N; n++) out[n] += sums[n];
}
