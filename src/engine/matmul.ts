/**
 * The matrix products for code outside a pass (inference steppers, tests): the products of
 * kernels/products.ts on the kernels `kernelsFor` picks for the output's element type, or on the given
 * ones. Inside a pass, modules call kernels/products.ts with the pass's kernels.
 *
 *   C[m, n] = beta·C[m, n] + Σ_k A[m, k] · B[k, n]      for m < M, n < N, k < K
 *
 * where element (m, k) of A sits at `a[aOffset + m*aRowStride + k*aColStride]`, (k, n) of B at
 * `b[bOffset + k*bRowStride + n*bColStride]`, and (m, n) of C at `c[cOffset + m*ldc + n]`.
 */

import { kernelsFor } from './kernels/choose';
import type { Kernels } from './kernels/kernels';
import { product, productTransposedA, productTransposedB } from './kernels/products';
import { dtypeOf, type FloatArray } from './tensor';

// C (M,N) = beta*C + A (M,K) · B (K,N), strided as described at the top of the file.
export function gemm(
  M: number,
  N: number,
  K: number,
  a: FloatArray,
  aOffset: number,
  aRowStride: number,
  aColStride: number,
  b: FloatArray,
  bOffset: number,
  bRowStride: number,
  bColStride: number,
  c: FloatArray,
  cOffset: number,
  ldc: number,
  beta: 0 | 1,
  kernels: Kernels = kernelsFor(dtypeOf(c)),
): void {
  kernels.gemm(M, N, K, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, c, cOffset, ldc, beta);
}

// C (M,N) (+)= A (M,K) · W (N,K)ᵀ — a layer's forward product with PyTorch's [out, in] weight layout.
export function matmulTransposedB(
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
  kernels: Kernels = kernelsFor(dtypeOf(c)),
): void {
  productTransposedB(kernels, M, N, K, a, aOffset, w, wOffset, c, cOffset, beta);
}

// C (M,N) (+)= A (M,K) · B (K,N) — gradient with respect to a layer's input.
export function matmul(
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
  kernels: Kernels = kernelsFor(dtypeOf(c)),
): void {
  product(kernels, M, N, K, a, aOffset, b, bOffset, c, cOffset, beta);
}

// C (M,N) (+)= A (K,M)ᵀ · B (K,N) — gradient with respect to a weight, summed over K rows of a batch.
export function matmulTransposedA(
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
  kernels: Kernels = kernelsFor(dtypeOf(c)),
): void {
  productTransposedA(kernels, M, N, K, a, aOffset, b, bOffset, c, cOffset, beta);
}

// out (N) += Σ_rows dY (rows, N) — bias gradients, summed in float64 and rounded once into `out`.
export function addColumnSums(
  rows: number,
  N: number,
  dy: FloatArray,
  dyOffset: number,
  out: FloatArray,
  kernels: Kernels = kernelsFor(dtypeOf(dy)),
): void {
  kernels.addColumnSums(rows, N, dy, dyOffset, out);
}
