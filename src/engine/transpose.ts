/**
 * Between the batch-major layout callers use (`[B, T, W]`, PyTorch's batch_first) and the time-major
 * layout the modules compute in (`[T, B, W]`).
 */

import type { FloatArray } from './tensor';

// out (T, B, W) ← x (B, T, W)
export function transposeBatchTime(x: FloatArray, B: number, T: number, W: number, out: FloatArray): void {
  for (let b = 0; b < B; b++) {
    for (let t = 0; t < T; t++) {
      const src = (b * T + t) * W;
      const dst = (t * B + b) * W;
      for (let w = 0; w < W; w++) out[dst + w] = x[src + w];
    }
  }
}

// out (B, T, W) ← x (T, B, W) read from x starting at `offset`
export function transposeTimeBatch(
  x: FloatArray,
  offset: number,
  B: number,
  T: number,
  W: number,
  out: FloatArray,
): void {
  for (let t = 0; t < T; t++) {
    for (let b = 0; b < B; b++) {
      const src = offset + (t * B + b) * W;
      const dst = (b * T + t) * W;
      for (let w = 0; w < W; w++) out[dst + w] = x[src + w];
    }
  }
}
