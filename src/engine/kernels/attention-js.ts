/**
 * Attention's per-(t, b, s) loops in TypeScript (the `Kernels` attention methods of js-kernels.ts): what
 * float64 passes run, so the gradient checks and float64 goldens see exactly these operations. Every dot
 * product and sum accumulates in a JavaScript double and rounds once when stored.
 */

import type { FloatArray } from '../tensor';
import type { AttentionGeometry } from './kernels';

// scores (Tq, B, Tm) ← query (Tq, B, H) · keys (Tm, B, H) per (t, b, s < lengths[b])
export function attentionScoresJs(
  g: AttentionGeometry,
  H: number,
  query: FloatArray,
  keys: FloatArray,
  scores: FloatArray,
): void {
  const { Tq, Tm, B, lengths } = g;
  for (let t = 0; t < Tq; t++)
    for (let b = 0; b < B; b++) {
      const q = (t * B + b) * H;
      const row = (t * B + b) * Tm;
      const n = lengths ? lengths[b] : Tm;
      for (let s = 0; s < n; s++) {
        const m = (s * B + b) * H;
        let e = 0;
        for (let j = 0; j < H; j++) e += query[q + j] * keys[m + j];
        scores[row + s] = e;
      }
    }
}

// weights (Tq, B, Tm) ← softmax in place; joined (Tq, B, Hm + Hq) ← [Σ_s a_s m_s ; query]
export function attentionSoftmaxContextJs(
  g: AttentionGeometry,
  Hm: number,
  Hq: number,
  weights: FloatArray,
  memory: FloatArray,
  query: FloatArray,
  joined: FloatArray,
): void {
  const { Tq, Tm, B, lengths } = g;
  softmaxRows(weights, Tq, B, Tm, lengths);
  const J = Hm + Hq;
  for (let t = 0; t < Tq; t++)
    for (let b = 0; b < B; b++) {
      const r = t * B + b;
      const out = r * J;
      joined.fill(0, out, out + Hm);
      const n = lengths ? lengths[b] : Tm;
      for (let s = 0; s < n; s++) {
        const a = weights[r * Tm + s];
        const m = (s * B + b) * Hm;
        for (let j = 0; j < Hm; j++) joined[out + j] += a * memory[m + j];
      }
      for (let j = 0; j < Hq; j++) joined[out + Hm + j] = query[r * Hq + j];
    }
}

// dJoined → dQuery (its query half), dMemory = Σ_t a dc (overwritten), dScores through the softmax
export function attentionContextBackwardJs(
  g: AttentionGeometry,
  Hm: number,
  Hq: number,
  weights: FloatArray,
  memory: FloatArray,
  dJoined: FloatArray,
  dQuery: FloatArray,
  dMemory: FloatArray,
  dScores: FloatArray,
): void {
  const { Tq, Tm, B, lengths } = g;
  const J = Hm + Hq;
  dMemory.fill(0, 0, Tm * B * Hm);
  for (let t = 0; t < Tq; t++)
    for (let b = 0; b < B; b++) {
      const r = t * B + b;
      const dc = r * J;
      for (let j = 0; j < Hq; j++) dQuery[r * Hq + j] = dJoined[dc + Hm + j];
      const n = lengths ? lengths[b] : Tm;
      let weighted = 0;
      for (let s = 0; s < n; s++) {
        const m = (s * B + b) * Hm;
        const a = weights[r * Tm + s];
        let da = 0;
        for (let j = 0; j < Hm; j++) {
          da += dJoined[dc + j] * memory[m + j];
          dMemory[m + j] += a * dJoined[dc + j];
        }
        dScores[r * Tm + s] = da;
        weighted += a * da;
      }
      for (let s = 0; s < n; s++) dScores[r * Tm + s] = weights[r * Tm + s] * (dScores[r * Tm + s] - weighted);
      for (let s = n; s < Tm; s++) dScores[r * Tm + s] = 0;
    }
}

// dQuery (Tq, B, H) += Σ_s de keys_s; dKeys (Tm, B, H) += Σ_t de query_t
export function attentionScoresBackwardJs(
  g: AttentionGeometry,
  H: number,
  dScores: FloatArray,
  query: FloatArray,
  keys: FloatArray,
  dQuery: FloatArray,
  dKeys: FloatArray,
): void {
  const { Tq, Tm, B, lengths } = g;
  for (let t = 0; t < Tq; t++)
    for (let b = 0; b < B; b++) {
      const r = t * B + b;
      const n = lengths ? lengths[b] : Tm;
      for (let s = 0; s < n; s++) {
        const de = dScores[r * Tm + s];
        const m = (s * B + b) * H;
        for (let j = 0; j < H; j++) {
          dQuery[r * H + j] += de * keys[m + j];
          dKeys[m + j] += de * query[r * H + j];
        }
      }
    }
}

// x (n) ← tanh(x)
export function tanhInPlaceJs(n: number, x: FloatArray): void {
  for (let i = 0; i < n; i++) x[i] = Math.tanh(x[i]);
}

// dx (n) = dy ⊙ (1 − y²)
export function tanhBackwardJs(n: number, dy: FloatArray, y: FloatArray, dx: FloatArray): void {
  for (let i = 0; i < n; i++) dx[i] = dy[i] * (1 - y[i] * y[i]);
}

// a (Tq, B, Tm) ← softmax over s < lengths[b] of the scores in place; 0 at the masked positions
function softmaxRows(a: FloatArray, Tq: number, B: number, Tm: number, lengths: Int32Array | null): void {
  for (let t = 0; t < Tq; t++)
    for (let b = 0; b < B; b++) {
      const row = (t * B + b) * Tm;
      const n = lengths ? lengths[b] : Tm;
      let max = -Infinity;
      for (let s = 0; s < n; s++) if (a[row + s] > max) max = a[row + s];
      let sum = 0;
      for (let s = 0; s < n; s++) {
        const e = Math.exp(a[row + s] - max);
        a[row + s] = e;
        sum += e;
      }
      for (let s = 0; s < n; s++) a[row + s] /= sum;
      for (let s = n; s < Tm; s++) a[row + s] = 0;
    }
}
