/**
 * Matrix products on the WebAssembly kernels for operands anywhere: arena views are used in place, other
 * Float32Arrays are copied into arena scratch first (and C copied back). The LSTM layer does not come
 * here for its hot products — it keeps everything in the arena and calls the kernels directly — but the
 * dense head and every other `Kernels.gemm` on WebAssembly (wasm-kernels.ts) do.
 */

import type { WasmKernels } from './backend';

/** Reusable arena scratch, one slot per operand role. */
const scratch: (Float32Array | null)[] = [null, null, null, null]; // A, B, Bᵀ, C

function scratchSlot(wasm: WasmKernels, slot: number, length: number): Float32Array {
  let buffer = scratch[slot];
  if (buffer === null || buffer.length < length || !wasm.arena.owns(buffer)) {
    if (buffer !== null) wasm.arena.release(buffer);
    buffer = scratch[slot] = wasm.arena.float32(Math.max(length, 1024));
  }
  return buffer;
}

/** Byte address of `array[offset]` in the arena, copying `length` elements into scratch `slot` when needed. */
export function arenaPointer(
  wasm: WasmKernels,
  array: Float32Array,
  offset: number,
  length: number,
  slot: number,
): number {
  if (wasm.arena.owns(array)) return array.byteOffset + offset * 4;
  const copy = scratchSlot(wasm, slot, length);
  copy.set(array.subarray(offset, offset + length));
  return copy.byteOffset;
}

// C (M,N) = beta*C + A (M,K) · B (K,N), strided as in gemm-js.ts
/**
 * Same contract as gemmJs (strided A, B, C) for Float32Arrays. Returns false when B's layout is neither
 * row-major nor a dense transposed matrix (the caller then runs the TypeScript kernel).
 */
export function gemmWasm(
  wasm: WasmKernels,
  M: number,
  N: number,
  K: number,
  a: Float32Array,
  aOffset: number,
  aRowStride: number,
  aColStride: number,
  b: Float32Array,
  bOffset: number,
  bRowStride: number,
  bColStride: number,
  c: Float32Array,
  cOffset: number,
  ldc: number,
  beta: 0 | 1,
): boolean {
  const k = wasm.exports;
  if (M === 0 || N === 0) return true;
  let bPointer: number;
  let ldb: number;
  if (bColStride === 1) {
    bPointer = arenaPointer(wasm, b, bOffset, (K - 1) * bRowStride + N, 1);
    ldb = bRowStride;
  } else if (bRowStride === 1 && bColStride === K) {
    // B = Wᵀ with W (N, K) dense: transpose W into scratch once for this product
    const source = arenaPointer(wasm, b, bOffset, N * K, 1);
    const transposed = scratchSlot(wasm, 2, N * K);
    k.transpose(N, K, source, transposed.byteOffset);
    bPointer = transposed.byteOffset;
    ldb = N;
  } else {
    return false;
  }
  const aLength = K === 0 ? 0 : (M - 1) * aRowStride + (K - 1) * aColStride + 1;
  const aPointer = arenaPointer(wasm, a, aOffset, aLength, 0);
  const cLength = (M - 1) * ldc + N;
  if (wasm.arena.owns(c)) {
    k.gemm(M, N, K, aPointer, aRowStride, aColStride, bPointer, ldb, c.byteOffset + cOffset * 4, ldc, beta);
  } else {
    // C lives outside the arena: compute into scratch (after A and B are placed, so no slot is reused)
    const out = scratchSlot(wasm, 3, cLength);
    if (beta === 1) out.set(c.subarray(cOffset, cOffset + cLength));
    k.gemm(M, N, K, aPointer, aRowStride, aColStride, bPointer, ldb, out.byteOffset, ldc, beta);
    copyRows(out, c, cOffset, M, N, ldc);
  }
  return true;
}

function copyRows(from: Float32Array, to: Float32Array, offset: number, M: number, N: number, ld: number): void {
  if (ld === N) to.set(from.subarray(0, M * N), offset);
  else for (let m = 0; m < M; m++) to.set(from.subarray(m * ld, m * ld + N), offset + m * ld);
}
