/**
 * The element-wise half of one GRU step, over a whole batch (gate order r, z, n; see
 * src/engine/gru-layer.ts for the equations and src/engine/kernels/gru-js.ts for the backward ones).
 * Rows are sequences; a row whose sequence is shorter than t + 1 (`lengths[b] ≤ t`, lengths = 0 means
 * none are) is padding: its state is carried unchanged.
 */

import { sigmoid1, sigmoid4, tanh1, tanh4 } from './activations';

// @ts-ignore: decorator
@inline
function isPadded(lengths: usize, b: i32, t: i32): bool {
  return lengths != 0 && load<i32>(lengths + (<usize>b << 2)) <= t;
}

/**
 * gates (B, 3H): the input projection (bias included) in, r, z, n out (zero on padded rows);
 * u (B, 3H) = h_{t−1}·W_hhᵀ; biasHn (H); hPrev (B, H) → hiddenN (B, H) = u_n + b_hn, hNext (B, H).
 */
export function gruCellForward(
  B: i32, H: i32,
  gates: usize, u: usize, biasHn: usize, hPrev: usize, hiddenN: usize, hNext: usize,
  lengths: usize, t: i32,
): void {
  const rowBytes = <usize>H << 2;
  const gateRowBytes = rowBytes * 3;
  const H4 = H & ~3;
  const one = f32x4.splat(1);
  for (let b = 0; b < B; b++) {
    const a = gates + <usize>b * gateRowBytes;
    const s = <usize>b * rowBytes;
    if (isPadded(lengths, b, t)) {
      memory.copy(hNext + s, hPrev + s, rowBytes);
      memory.fill(hiddenN + s, 0, rowBytes);
      memory.fill(a, 0, gateRowBytes);
      continue;
    }
    const ar = a, az = a + rowBytes, an = a + 2 * rowBytes;
    const ur = u + <usize>b * gateRowBytes, uz = ur + rowBytes, un = uz + rowBytes;
    let j = 0;
    for (; j < H4; j += 4) {
      const o4 = <usize>j << 2;
      const r = sigmoid4(f32x4.add(v128.load(ar + o4), v128.load(ur + o4)));
      const z = sigmoid4(f32x4.add(v128.load(az + o4), v128.load(uz + o4)));
      const m = f32x4.add(v128.load(un + o4), v128.load(biasHn + o4));
      const n = tanh4(f32x4.add(v128.load(an + o4), f32x4.mul(r, m)));
      v128.store(ar + o4, r);
      v128.store(az + o4, z);
      v128.store(an + o4, n);
      v128.store(hiddenN + s + o4, m);
      // (1 − z)·n + z·h_{t−1}, in the same order as the TypeScript kernel
      v128.store(hNext + s + o4, f32x4.add(f32x4.mul(f32x4.sub(one, z), n), f32x4.mul(z, v128.load(hPrev + s + o4))));
    }
    for (; j < H; j++) {
      const o1 = <usize>j << 2;
      const r = sigmoid1(load<f32>(ar + o1) + load<f32>(ur + o1));
      const z = sigmoid1(load<f32>(az + o1) + load<f32>(uz + o1));
      const m = load<f32>(un + o1) + load<f32>(biasHn + o1);
      const n = tanh1(load<f32>(an + o1) + r * m);
      store<f32>(ar + o1, r);
      store<f32>(az + o1, z);
      store<f32>(an + o1, n);
      store<f32>(hiddenN + s + o1, m);
      store<f32>(hNext + s + o1, (1 - z) * n + z * load<f32>(hPrev + s + o1));
    }
  }
}

/**
 * One step back. dh (B, H) is dLoss/dh_t from the step above; when dOut ≠ 0 the per-step output gradient
 * dOut (B, H) is added to it first (in place). gates (B, 3H) = r, z, n; hiddenN (B, H); hPrev (B, H) =
 * h_{t−1} → da (B, 3H) (gradient of the input projection), du (B, 3H) (of the recurrent product), and
 * dhPrev (B, H) = dh ⊙ z, the direct part of dh_{t−1} (the caller adds du·W_hh). Padded rows: da, du
 * zero, dhPrev = dh.
 */
export function gruCellBackward(
  B: i32, H: i32,
  gates: usize, hiddenN: usize, hPrev: usize,
  dh: usize, dOut: usize, dhPrev: usize, da: usize, du: usize,
  lengths: usize, t: i32,
): void {
  const rowBytes = <usize>H << 2;
  const gateRowBytes = rowBytes * 3;
  const H4 = H & ~3;
  const one = f32x4.splat(1);
  if (dOut != 0) {
    const total = <usize>B * rowBytes;
    let k: usize = 0;
    for (; k + 16 <= total; k += 16) v128.store(dh + k, f32x4.add(v128.load(dh + k), v128.load(dOut + k)));
    for (; k < total; k += 4) store<f32>(dh + k, load<f32>(dh + k) + load<f32>(dOut + k));
  }
  for (let b = 0; b < B; b++) {
    const g = <usize>b * gateRowBytes;
    const s = <usize>b * rowBytes;
    if (isPadded(lengths, b, t)) {
      memory.fill(da + g, 0, gateRowBytes);
      memory.fill(du + g, 0, gateRowBytes);
      memory.copy(dhPrev + s, dh + s, rowBytes);
      continue;
    }
    const gr = gates + g, gz = gr + rowBytes, gn = gz + rowBytes;
    const dar = da + g, daz = dar + rowBytes, dan = daz + rowBytes;
    const dur = du + g, duz = dur + rowBytes, dun = duz + rowBytes;
    let j = 0;
    for (; j < H4; j += 4) {
      const o4 = <usize>j << 2;
      const r = v128.load(gr + o4);
      const z = v128.load(gz + o4);
      const n = v128.load(gn + o4);
      const m = v128.load(hiddenN + s + o4);
      const dhj = v128.load(dh + s + o4);
      const dAn = f32x4.mul(f32x4.mul(dhj, f32x4.sub(one, z)), f32x4.sub(one, f32x4.mul(n, n)));
      const dAr = f32x4.mul(f32x4.mul(dAn, m), f32x4.mul(r, f32x4.sub(one, r)));
      const dAz = f32x4.mul(f32x4.mul(dhj, f32x4.sub(v128.load(hPrev + s + o4), n)), f32x4.mul(z, f32x4.sub(one, z)));
      v128.store(dar + o4, dAr);
      v128.store(daz + o4, dAz);
      v128.store(dan + o4, dAn);
      v128.store(dur + o4, dAr);
      v128.store(duz + o4, dAz);
      v128.store(dun + o4, f32x4.mul(dAn, r));
      v128.store(dhPrev + s + o4, f32x4.mul(dhj, z));
    }
    for (; j < H; j++) {
      const o1 = <usize>j << 2;
      const r = load<f32>(gr + o1);
      const z = load<f32>(gz + o1);
      const n = load<f32>(gn + o1);
      const m = load<f32>(hiddenN + s + o1);
      const dhj = load<f32>(dh + s + o1);
      const dAn = dhj * (1 - z) * (1 - n * n);
      const dAr = dAn * m * (r * (1 - r));
      const dAz = dhj * (load<f32>(hPrev + s + o1) - n) * (z * (1 - z));
      store<f32>(dar + o1, dAr);
      store<f32>(daz + o1, dAz);
      store<f32>(dan + o1, dAn);
      store<f32>(dur + o1, dAr);
      store<f32>(duz + o1, dAz);
      store<f32>(dun + o1, dAn * r);
      store<f32>(dhPrev + s + o1, dhj * z);
    }
  }
}
