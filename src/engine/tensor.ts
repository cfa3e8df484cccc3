/**
 * Flat tensors. Every tensor in the engine is a row-major (C-order) `Float32Array` (or `Float64Array`,
 * used by the finite-difference gradient checks, where float32 rounding would drown the signal) plus a
 * shape. Kernels take the flat arrays and sizes directly; shapes live here for naming and checking.
 */

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
 * Grows a scratch buffer only when it is too small, so steady-state passes allocate nothing: `buffer`
 * when it holds `length` elements, else a new zeroed heap array half as large again. (Workspaces of a pass
 * come from its kernels' `ensure`, which is this on TypeScript and an arena view on WebAssembly.)
 */
export function ensureHeapCapacity<T extends FloatArray>(buffer: T | null, length: number, dtype: DType): T {
  if (buffer !== null && buffer.length >= length) return buffer;
  return allocate(dtype, Math.max(length, buffer ? Math.ceil(buffer.length * 1.5) : 0)) as T;
}

export function ensureIntCapacity(buffer: Int32Array | null, length: number): Int32Array {
  if (buffer !== null && buffer.length >= length) return buffer;
  return new Int32Array(Math.max(length, buffer ? Math.ceil(buffer.length * 1.5) : 0));
}
