/**
 * Flat tensors. Every tensor in the engine is a row-major (C-order) `Float32Array` (or `Float64Array`,
 * used by the finite-difference gradient checks, where float32 rounding would drown the signal) plus a
 * shape. Kernels take the flat arrays and sizes directly; shapes live here for naming and checking.
 */

import type { Arena } from './kernels/arena';
import { activeWasmKernels } from './kernels/backend';

export type FloatArray = Float32Array | Float64Array;
export type DType = 'float32' | 'float64';

/** Allocates a zeroed flat array of the given element type. */
export function allocate(dtype: DType, length: number): FloatArray {
  return dtype === 'float64' ? new Float64Array(length) : new Float32Array(length);
}

/** The element type of an existing array. */
export function dtypeOf(array: FloatArray): DType {
  return array instanceof Float64Array ? 'float64' : 'float32';
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let n = 1;
  for (const d of shape) n *= d;
  return n;
}

/** A named parameter with its gradient, both flat, same shape. */
export interface Parameter {
  /** PyTorch module path, e.g. `lstm.weight_ih_l0`. */
  readonly name: string;
  readonly shape: readonly number[];
  readonly value: FloatArray;
  readonly grad: FloatArray;
}

export function createParameter(name: string, shape: readonly number[], dtype: DType): Parameter {
  const n = sizeOf(shape);
  return { name, shape: [...shape], value: allocate(dtype, n), grad: allocate(dtype, n) };
}

/**
 * Grows a scratch buffer only when it is too small, so steady-state training allocates nothing.
 * Returns the same array when it already holds `length` elements.
 *
 * Float32 workspaces live in the WebAssembly arena while the WebAssembly kernels are active (so kernels
 * use them in place; see kernels/arena.ts), on the JavaScript heap otherwise. A workspace that is
 * replaced goes back to the arena at once: views of the old one must not be kept.
 */
export function ensureCapacity<T extends FloatArray>(buffer: T | null, length: number, dtype: DType): T {
  const wasm = dtype === 'float32' ? activeWasmKernels() : null;
  return wasm ? (ensureArenaCapacity(wasm.arena, buffer, length) as T) : ensureHeapCapacity(buffer, length, dtype);
}

/** `buffer` when it holds `length` elements, else a new zeroed heap array half as large again. */
export function ensureHeapCapacity<T extends FloatArray>(buffer: T | null, length: number, dtype: DType): T {
  if (buffer !== null && buffer.length >= length) return buffer;
  return allocate(dtype, Math.max(length, buffer ? Math.ceil(buffer.length * 1.5) : 0)) as T;
}

/** `buffer` when it is a view of `arena` holding `length` elements, else a new float32 view (the old one released). */
export function ensureArenaCapacity(arena: Arena, buffer: FloatArray | null, length: number): Float32Array {
  if (buffer instanceof Float32Array && buffer.length >= length && arena.owns(buffer)) return buffer;
  const grown = Math.max(length, buffer ? Math.ceil(buffer.length * 1.5) : 0);
  if (buffer !== null) arena.release(buffer);
  return arena.float32(grown);
}

export function ensureIntCapacity(buffer: Int32Array | null, length: number): Int32Array {
  if (buffer !== null && buffer.length >= length) return buffer;
  return new Int32Array(Math.max(length, buffer ? Math.ceil(buffer.length * 1.5) : 0));
}
