/**
 * The matrix products every layer is built on, over strides so one kernel serves A·Bᵀ (forward),
 * A·B (input gradients) and Aᵀ·B (weight gradients):
 *
 *   C[m, n] = beta·C[m, n] + Σ_k A[m, k] · B[k, n]      for m < M, n < N, k < K
 *
 * where element (m, k) of A sits at `a[aOffset + m*aRowStride + k*aColStride]`, (k, n) of B at
 * `b[bOffset + k*bRowStride + n*bColStride]`, and (m, n) of C at `c[cOffset + m*ldc + n]`.
 * A transposed operand is just swapped strides.
 *
 * Float32 work runs on the WebAssembly SIMD kernels when they are active (kernels/backend.ts), else — and
 * always for float64 — on the packed TypeScript kernel (kernels/gemm-js.ts).
 */

import { activeWasmKernels } from './kernels/backend';
import { gemmJs } from './kernels/gemm-js';
import { arenaPointer, gemmWasm } from './kernels/gemm-wasm';
import type { FloatArray } from './tensor';

// C (M,N) = beta*C + A (M,K) · B (K,N), strided as described at the top of the file.
export function gemm(
  M: number, N: number, K: number,
  a: FloatArray, aOffset: number, aRowStride: number, aColStride: number,
  b: FloatArray, bOffset: number, bRowStride: number, bColStride: number,
  c: FloatArray, cOffset: number, ldc: number,
  beta: 0 | 1,
): void {
  if (c instanceof Float32Array && a instanceof Float32Array && b instanceof Float32Array) {
    const wasm = activeWasmKernels();
    if (wasm && gemmWasm(wasm, M, N, K, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, c, cOffset, ldc, beta)) return;
  }
  gemmJs(M, N, K, a, aOffset, aRowStride, aColStride, b, bOffset, bRowStride, bColStride, c, cOffset, ldc, beta);
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
  const wasm = dy instanceof Float32Array ? activeWasmKernels() : null;
  if (wasm) {
    const sums = columnSumsWasm(N);
    wasm.exports.columnSums(rows, N, arenaPointer(wasm, dy as Float32Array, dyOffset, rows * N, 0), sums.byteOffset);
    for (let n = 0; n < N; n++) out[n] += sums[n];
    return;
  }
  if (columnSumScratch.length < N) columnSumScratch = new Float64Array(N);
  const sums = columnSumScratch;
  sums.fill(0, 0, N);
  for (let r = 0; r < rows; r++) {
    const base = dyOffset + r * N;
    for (let n = 0; n < N; n++) sums[n] += dy[base + n];
  }
  for (let n = 0; n < N; n++) out[n] += sums[n];
}

let columnSumArena: Float64Array | null = null;
function columnSumsWasm(N: number): Float64Array {
  const wasm = activeWasmKernels()!;
  if (columnSumArena === null || columnSumArena.length < N || !wasm.arena.owns(columnSumArena)) {
    if (columnSumArena) wasm.arena.release(columnSumArena);
    columnSumArena = wasm.arena.float64(Math.max(N, 256));
  }
  return columnSumArena;
}
