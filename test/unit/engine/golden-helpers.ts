/**
 * Loads the PyTorch golden vectors (test/fixtures/golden, see its README) and compares our float32
 * results against them, one line per tensor: OK/NOT OK, max absolute difference, and that difference
 * relative to the tensor's scale (its largest magnitude).
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { setKernelBackend, type KernelBackendChoice, type KernelBackendOptions } from '../../../src/engine';

export interface GoldenTensor {
  shape: number[];
  data: number[];
}

const goldenDir = join(__dirname, '../../fixtures/golden');

export function loadGolden(name: string): any {
  return JSON.parse(readFileSync(join(goldenDir, `${name}.json`), 'utf8'));
}

export const goldenPath = (file: string) => join(goldenDir, file);

/** Golden parameter names use `fc.` for the head (the PyTorch script's module name); ours use `head.`. */
export function ourName(goldenName: string): string {
  return goldenName.replace(/^fc\./, 'head.');
}

/**
 * Relative tolerance against the tensor's scale. Float32 has a 6e-8 unit roundoff; these tensors go
 * through at most a few hundred rounded operations, so 1e-5 of the scale leaves a wide margin while
 * still catching any real error (a wrong gate or a missing term shows up at 1e-2 or worse).
 */
export const RELATIVE_TOLERANCE = 1e-5;

export function expectClose(
  name: string,
  actual: ArrayLike<number>,
  expected: GoldenTensor | number[],
  tolerance = RELATIVE_TOLERANCE,
): void {
  const ref = Array.isArray(expected) ? expected : expected.data;
  expect(actual.length, `${name}: length`).toBe(ref.length);
  let scale = 0;
  let maxAbs = 0;
  for (let k = 0; k < ref.length; k++) {
    scale = Math.max(scale, Math.abs(ref[k]));
    maxAbs = Math.max(maxAbs, Math.abs(actual[k] - ref[k]));
  }
  const relative = maxAbs / Math.max(scale, 1e-30);
  const ok = relative <= tolerance || maxAbs === 0;
  // One line per tensor, as llm.c's test does: readable in the test log.
  console.log(
    `${ok ? 'OK    ' : 'NOT OK'} ${name.padEnd(44)} max|Δ| ${maxAbs.toExponential(2)}  rel ${relative.toExponential(2)}  (scale ${scale.toExponential(2)})`,
  );
  expect(relative, `${name}: max |Δ| ${maxAbs} relative to scale ${scale}`).toBeLessThanOrEqual(tolerance);
}

/**
 * Every float32 kernel implementation this host can run: the TypeScript kernels, the WebAssembly SIMD
 * build, and the relaxed-SIMD (fused multiply-add) build where the host validates it. The WebAssembly
 * SIMD build is not optional: a host without it fails here rather than silently testing less.
 */
export interface KernelVariant {
  name: string;
  choice: KernelBackendChoice;
  options?: KernelBackendOptions;
}

function relaxedSimdRuns(): boolean {
  try {
    setKernelBackend('wasm', { relaxedSimd: true });
    return true;
  } catch {
    return false;
  } finally {
    setKernelBackend('auto');
  }
}

export const KERNEL_VARIANTS: KernelVariant[] = [
  { name: 'js', choice: 'js' },
  { name: 'wasm-simd', choice: 'wasm', options: { relaxedSimd: false } },
  ...(relaxedSimdRuns()
    ? [{ name: 'wasm-relaxed-simd', choice: 'wasm' as const, options: { relaxedSimd: true } }]
    : []),
];

/** Runs the enclosing describe block's tests on `variant`, restoring the default afterwards. */
export function useKernels(variant: KernelVariant): void {
  beforeAll(() => {
    setKernelBackend(variant.choice, variant.options);
  });
  afterAll(() => {
    setKernelBackend('auto');
  });
}
