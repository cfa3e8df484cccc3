/**
 * The three matrix products every layer is built on, as strides over one `Kernels.gemm`:
 *
 *   C[m, n] = beta·C[m, n] + Σ_k A[m, k] · B[k, n]      for m < M, n < N, k < K
 *
 * where element (m, k) of A sits at `a[aOffset + m*aRowStride + k*aColStride]`, (k, n) of B at
 * `b[bOffset + k*bRowStride + n*bColStride]`, and (m, n) of C at `c[cOffset + m*ldc + n]`.
 * A transposed operand is just swapped strides.
 */

import type { FloatArray } from '../tensor';
import type { Kernels } from './kernels';

// C (M,N) (+)= A (M,K) · W (N,K)ᵀ — a layer's forward product with PyTorch's [out, in] weight layout.
export function productTransposedB(
  kernels: Kernels,
  M: number,
  N: number,
  K: number,
  a: FloatArray,
  aOffset: number,
  w: FloatArray,
  wOffset: number,
  c: FloatArray,
  cOffset: number,
  beta: 0 | 1,
): void {
  kernels.gemm(M, N, K, a, aOffset, K, 1, w, wOffset, 1, K, c, cOffset, N, beta);
}

// C (M,N) (+)= A (M,K) · B (K,N) — gradient with respect to a layer's input.
export function product(
  kernels: Kernels,
  M: number,
  N: number,
  K: number,
  a: FloatArray,
  aOffset: number,
  b: FloatArray,
  bOffset: number,
  c: FloatArray,
  cOffset: number,
  beta: 0 | 1,
): void {
  kernels.gemm(M, N, K, a, aOffset, K, 1, b, bOffset, N, 1, c, cOffset, N, beta);
}

// C (M,N) (+)= A (K,M)ᵀ · B (K,N) — gradient with respect to a weight, summed over K rows of a batch.
export function productTransposedA(
  kernels: Kernels,
  M: number,
  N: number,
  K: number,
  a: FloatArray,
  aOffset: number,
  b: FloatArray,
  bOffset: number,
  c: FloatArray,
  cOffset: number,
  beta: 0 | 1,
): void {
  kernels.gemm(M, N, K, a, aOffset, 1, M, b, bOffset, N, 1, c, cOffset, N, beta);
}
