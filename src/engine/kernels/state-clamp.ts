/**
 * Ablation inside the recurrence: chosen units of one layer/direction's h (LSTM, GRU) or c (LSTM) held
 * at given values at every real step, as a PyTorch forward hook stepping the cell by hand would do it:
 *
 * - c: after the cell update c_t[u] := v; h_t[u] = o_t[u] · tanh(v) (a projected LSTM: m_t[u], before
 *   h_t = W_hr m_t), and c_t carries on clamped into the next step;
 * - h: h_t[u] := v after h_t is computed (a projected LSTM: the projected h), so the recurrence, the next
 *   layer and the head all read v.
 *
 * Padded steps are left alone: they carry the (already clamped) state of the last real step, as PyTorch's
 * packed sequences do. Inference only: a layer refuses a backward over a clamped forward. These helpers
 * run once per step over B × |units| entries of the layer's own workspaces, so they allocate nothing and
 * work the same on the TypeScript and WebAssembly kernels (arena views are plain typed arrays to them).
 */

import type { FloatArray } from '../tensor';

export interface StateClamp {
  /** Which state: the hidden state h (for a projected LSTM the projected one) or the LSTM cell state c. */
  signal: 'h' | 'c';
  /** Unit indices, each below the signal's width (distinct). */
  units: Int32Array;
  /** The value each unit is held at (same length as units). */
  values: Float64Array;
}

// c_t (B, H) at cells[next…]: c_t[b, u] := v for the rows whose step t is real; then
// tanhCells (B, H) at [tc…] := tanh(v) and out (B, H) at [next…] := o_t ⊙ tanh(v), o_t read from gates
// (B, 4H) at [z…] (after its sigmoid, the o block from 3H). out is h (plain LSTM) or m (projected).
export function clampCellStep(
  clamp: StateClamp,
  B: number,
  H: number,
  t: number,
  lengths: Int32Array | null,
  gates: FloatArray,
  z: number,
  cells: FloatArray,
  tanhCells: FloatArray,
  tc: number,
  out: FloatArray,
  next: number,
): void {
  const { units, values } = clamp;
  const G = 4 * H;
  for (let b = 0; b < B; b++) {
    if (lengths !== null && t >= lengths[b]) continue;
    for (let k = 0; k < units.length; k++) {
      const u = units[k];
      const tanhV = Math.tanh(values[k]);
      cells[next + b * H + u] = values[k];
      tanhCells[tc + b * H + u] = tanhV;
      out[next + b * H + u] = gates[z + b * G + 3 * H + u] * tanhV;
    }
  }
}

// h_t (B, W) at hidden[next…]: h_t[b, u] := v for the rows whose step t is real
export function clampHiddenStep(
  clamp: StateClamp,
  B: number,
  W: number,
  t: number,
  lengths: Int32Array | null,
  hidden: FloatArray,
  next: number,
): void {
  const { units, values } = clamp;
  for (let b = 0; b < B; b++) {
    if (lengths !== null && t >= lengths[b]) continue;
    for (let k = 0; k < units.length; k++) hidden[next + b * W + units[k]] = values[k];
  }
}
