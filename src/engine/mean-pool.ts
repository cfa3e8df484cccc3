/**
 * The head on the mean (`headOn: 'mean'`): each sequence's top outputs averaged over its real steps, so
 * a classifier of whole recordings hears all of them equally (a last-step head leans on the end).
 * PyTorch: `(out * mask).sum(1) / lengths[:, None]` with `out` the nn.LSTM's batch-first output.
 * Padded steps (t ≥ lengths[b]) take no part, forward or backward.
 */

import type { FloatArray } from './tensor';

/** pooled (B, H) ← outputs (T, B, H) averaged over t < lengths[b] (all T when `lengths` is null). */
export function meanOverValidSteps(
  outputs: ArrayLike<number>,
  T: number,
  B: number,
  H: number,
  lengths: Int32Array | null,
  pooled: FloatArray,
): void {
  pooled.fill(0, 0, B * H);
  for (let b = 0; b < B; b++) {
    const length = lengths ? lengths[b] : T;
    const row = b * H;
    for (let t = 0; t < length; t++) {
      const at = (t * B + b) * H;
      for (let h = 0; h < H; h++) pooled[row + h] += outputs[at + h];
    }
    const scale = 1 / length;
    for (let h = 0; h < H; h++) pooled[row + h] *= scale;
  }
}

/** dOutputs (T, B, H) ← dPooled (B, H) / lengths[b] at t < lengths[b], 0 at padded steps. */
export function meanOverValidStepsBackward(
  dPooled: ArrayLike<number>,
  T: number,
  B: number,
  H: number,
  lengths: Int32Array | null,
  dOutputs: FloatArray,
): void {
  for (let b = 0; b < B; b++) {
    const length = lengths ? lengths[b] : T;
    const scale = 1 / length;
    const row = b * H;
    for (let t = 0; t < T; t++) {
      const at = (t * B + b) * H;
      if (t < length) for (let h = 0; h < H; h++) dOutputs[at + h] = dPooled[row + h] * scale;
      else dOutputs.fill(0, at, at + H);
    }
  }
}
