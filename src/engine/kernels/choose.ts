/**
 * Which kernels a pass runs on, asked once at its start: float64 always runs the TypeScript kernels (the
 * gradient checks need exact float64 products); float32 runs WebAssembly when `setKernelBackend` allows
 * it and this host can run it (backend.ts), else TypeScript.
 */

import type { DType } from '../tensor';
import { activeWasmKernels } from './backend';
import { jsKernels } from './js-kernels';
import type { Kernels } from './kernels';
import { wasmKernelsOf } from './wasm-kernels';

export function kernelsFor(dtype: DType): Kernels {
  const wasm = dtype === 'float32' ? activeWasmKernels() : null;
  return wasm ? wasmKernelsOf(wasm) : jsKernels[dtype];
}
