/**
 * Luong attention's per-(t, b, s) work (src/engine/attention.ts) over time-major sequences, every decoder
 * step at once. Each (t, b) pair reads rows that are contiguous in memory — a query row q (t, b) `[H]`, the
 * memory or key rows (s, b) `[H]` — so every score, context and gradient is a SIMD dot product or
 * multiply-add over one row, with no transposed copies. Sources are right-padded: only s < lengths[b]
 * (lengths = 0 means all Tm) takes part; weights and score gradients past a length are written as 0.
 *
 * Dot products accumulate in f32x4 lanes (as `gemm` does); the softmax's sums run in f64.
 */

import { exp4 } from './activations';
import { madd } from './simd';

// @ts-ignore: decorator
@inline
function sourceLength(lengths: usize, b: i32, Tm: i32): i32 {
  return lengths != 0 ? load<i32>(lengths + (<usize>b << 2)) : Tm;
}

// x (n) · y (n)
// @ts-ignore: decorator
@inline
function dot(x: usize, y: usize, n: i32): f32 {
  let acc0 = f32x4.splat(0);
  let acc1 = f32x4.splat(0);
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    const o = <usize>j << 2;
    acc0 = madd(v128.load(x + o), v128.load(y + o), acc0);
    acc1 = madd(v128.load(x + o, 16), v128.load(y + o, 16), acc1);
  }
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 2;
    acc0 = madd(v128.load(x + o), v128.load(y + o), acc0);
  }
  acc0 = f32x4.add(acc0, acc1);
  let s: f32 =
    f32x4.extract_lane(acc0, 0) + f32x4.extract_lane(acc0, 1) + f32x4.extract_lane(acc0, 2) + f32x4.extract_lane(acc0, 3);
  for (; j < n; j++) s += load<f32>(x + (<usize>j << 2)) * load<f32>(y + (<usize>j << 2));
  return s;
}

// y (n) += alpha · x (n)
// @ts-ignore: decorator
@inline
function axpy(alpha: f32, x: usize, y: usize, n: i32): void {
  const a = f32x4.splat(alpha);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 2;
    v128.store(y + o, madd(a, v128.load(x + o), v128.load(y + o)));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    store<f32>(y + o, load<f32>(y + o) + alpha * load<f32>(x + o));
  }
}

// e^x through lane 0 of exp4, so the tail gets the same arithmetic as the vector lanes
// @ts-ignore: decorator
@inline
function exp1(x: f32): f32 {
  return f32x4.extract_lane(exp4(f32x4.splat(x)), 0);
}

// e (Tq, B, Tm) ← q (Tq, B, H) · k (Tm, B, H) for s < lengths[b]; entries past a length are left as they are
export function attentionScores(Tq: i32, Tm: i32, B: i32, H: i32, q: usize, k: usize, lengths: usize, e: usize): void {
  const rowBytes = <usize>H << 2;
  const keyStride = <usize>B * rowBytes;
  for (let t = 0; t < Tq; t++)
    for (let b = 0; b < B; b++) {
      const r = <usize>(t * B + b);
      const qRow = q + r * rowBytes;
      const eRow = e + ((r * <usize>Tm) << 2);
      const n = sourceLength(lengths, b, Tm);
      let kRow = k + <usize>b * rowBytes;
      for (let s = 0; s < n; s++) {
        store<f32>(eRow + (<usize>s << 2), dot(qRow, kRow, H));
        kRow += keyStride;
      }
    }
}

// a (Tq, B, Tm) ← softmax over s < lengths[b] of the scores in place (0 past the length);
// joined (Tq, B, Hm + Hq) ← [Σ_s a_s m_s ; q], m (Tm, B, Hm), q (Tq, B, Hq)
export function attentionSoftmaxContext(
  Tq: i32, Tm: i32, B: i32, Hm: i32, Hq: i32,
  a: usize, m: usize, q: usize, lengths: usize, joined: usize,
): void {
  const memoryRowBytes = <usize>Hm << 2;
  const queryRowBytes = <usize>Hq << 2;
  const joinedRowBytes = memoryRowBytes + queryRowBytes;
  const memoryStride = <usize>B * memoryRowBytes;
  for (let t = 0; t < Tq; t++)
    for (let b = 0; b < B; b++) {
      const r = <usize>(t * B + b);
      const row = a + ((r * <usize>Tm) << 2);
      const n = sourceLength(lengths, b, Tm);
      let largest: f32 = -Infinity;
      for (let s = 0; s < n; s++) largest = max(largest, load<f32>(row + (<usize>s << 2)));
      let sum: f64 = 0;
      let s = 0;
      const m4 = f32x4.splat(largest);
      for (; s + 4 <= n; s += 4) {
        const p = row + (<usize>s << 2);
        const x = exp4(f32x4.sub(v128.load(p), m4));
        v128.store(p, x);
        sum += <f64>f32x4.extract_lane(x, 0) + <f64>f32x4.extract_lane(x, 1);
        sum += <f64>f32x4.extract_lane(x, 2) + <f64>f32x4.extract_lane(x, 3);
      }
      for (; s < n; s++) {
        const p = row + (<usize>s << 2);
        const x = exp1(load<f32>(p) - largest);
        store<f32>(p, x);
        sum += <f64>x;
      }
      const total = <f32>sum;
      for (s = 0; s < n; s++) {
        const p = row + (<usize>s << 2);
        store<f32>(p, load<f32>(p) / total);
      }
      if (n < Tm) memory.fill(row + (<usize>n << 2), 0, <usize>(Tm - n) << 2);

      const out = joined + r * joinedRowBytes;
      memory.fill(out, 0, memoryRowBytes);
      let mRow = m + <usize>b * memoryRowBytes;
      for (s = 0; s < n; s++) {
        axpy(load<f32>(row + (<usize>s << 2)), mRow, out, Hm);
        mRow += memoryStride;
      }
      memory.copy(out + memoryRowBytes, q + r * queryRowBytes, queryRowBytes);
    }
}

// dJoined (Tq, B, Hm + Hq) → dQuery (Tq, B, Hq) = its query half; dMemory (Tm, B, Hm) = Σ_t a_{t,s} dc_t
// (overwritten); dScores (Tq, B, Tm) = a_s (da_s − Σ_s' a_s' da_s') with da_s = dc · m_s (0 past a length)
export function attentionContextBackward(
  Tq: i32, Tm: i32, B: i32, Hm: i32, Hq: i32,
  a: usize, m: usize, dJoined: usize, lengths: usize, dQuery: usize, dMemory: usize, dScores: usize,
): void {
  const memoryRowBytes = <usize>Hm << 2;
  const queryRowBytes = <usize>Hq << 2;
  const joinedRowBytes = memoryRowBytes + queryRowBytes;
  const memoryStride = <usize>B * memoryRowBytes;
  memory.fill(dMemory, 0, <usize>Tm * memoryStride);
  for (let t = 0; t < Tq; t++)
    for (let b = 0; b < B; b++) {
      const r = <usize>(t * B + b);
      const dc = dJoined + r * joinedRowBytes;
      memory.copy(dQuery + r * queryRowBytes, dc + memoryRowBytes, queryRowBytes);
      const weights = a + ((r * <usize>Tm) << 2);
      const dRow = dScores + ((r * <usize>Tm) << 2);
      const n = sourceLength(lengths, b, Tm);
      let weighted: f64 = 0;
      const offset = <usize>b * memoryRowBytes;
      let mRow = m + offset;
      let dmRow = dMemory + offset;
      for (let s = 0; s < n; s++) {
        const w = load<f32>(weights + (<usize>s << 2));
        const da = dot(dc, mRow, Hm);
        axpy(w, dc, dmRow, Hm);
        store<f32>(dRow + (<usize>s << 2), da);
        weighted += <f64>w * <f64>da;
        mRow += memoryStride;
        dmRow += memoryStride;
      }
      const mean = <f32>weighted;
      for (let s = 0; s < n; s++) {
        const p = dRow + (<usize>s << 2);
        store<f32>(p, load<f32>(weights + (<usize>s << 2)) * (load<f32>(p) - mean));
      }
      if (n < Tm) memory.fill(dRow + (<usize>n << 2), 0, <usize>(Tm - n) << 2);
    }
}

// dScores (Tq, B, Tm) → dq (Tq, B, H) += Σ_s de_{t,s} k_s; dk (Tm, B, H) += Σ_t de_{t,s} q_t
export function attentionScoresBackward(
  Tq: i32, Tm: i32, B: i32, H: i32,
  dScores: usize, q: usize, k: usize, lengths: usize, dq: usize, dk: usize,
): void {
  const rowBytes = <usize>H << 2;
  const keyStride = <usize>B * rowBytes;
  for (let t = 0; t < Tq; t++)
    for (let b = 0; b < B; b++) {
      const r = <usize>(t * B + b);
      const qRow = q + r * rowBytes;
      const dqRow = dq + r * rowBytes;
      const dRow = dScores + ((r * <usize>Tm) << 2);
      const n = sourceLength(lengths, b, Tm);
      let kRow = k + <usize>b * rowBytes;
      let dkRow = dk + <usize>b * rowBytes;
      for (let s = 0; s < n; s++) {
        const de = load<f32>(dRow + (<usize>s << 2));
        axpy(de, kRow, dqRow, H);
        axpy(de, qRow, dkRow, H);
        kRow += keyStride;
        dkRow += keyStride;
      }
    }
}

// dx (n) = dy ⊙ (1 − y²), the gradient through y = tanh(x)
export function tanhBackward(n: i32, dy: usize, y: usize, dx: usize): void {
  const one = f32x4.splat(1);
  let j = 0;
  for (; j + 4 <= n; j += 4) {
    const o = <usize>j << 2;
    const v = v128.load(y + o);
    v128.store(dx + o, f32x4.mul(v128.load(dy + o), f32x4.sub(one, f32x4.mul(v, v))));
  }
  for (; j < n; j++) {
    const o = <usize>j << 2;
    const v = load<f32>(y + o);
    store<f32>(dx + o, load<f32>(dy + o) * (1 - v * v));
  }
}
