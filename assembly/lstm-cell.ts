/**
 * The element-wise half of one LSTM step, over a whole batch (gate order i, f, g, o; see
 * src/engine/lstm-layer.ts for the equations). Rows are sequences; a row whose sequence is shorter than
 * t + 1 (`lengths[b] ≤ t`, lengths = 0 means none are) is padding: its state is carried unchanged.
 */

import { sigmoid1, sigmoid4, tanh1, tanh4 } from './activations';

// @ts-ignore: decorator
@inline
function isPadded(lengths: usize, b: i32, t: i32): bool {
  return lengths != 0 && load<i32>(lengths + (<usize>b << 2)) <= t;
}

/**
 * gates (B, 4H): pre-activations in, activations out (zero on padded rows);
 * cPrev, hPrev (B, H) → cNext, hNext, tanhC (B, H).
 */
export function lstmCellForward(
  B: i32, H: i32,
  gates: usize, cPrev: usize, hPrev: usize, cNext: usize, hNext: usize, tanhC: usize,
  lengths: usize, t: i32,
): void {
  const rowBytes = <usize>H << 2;
  const H4 = H & ~3;
  for (let b = 0; b < B; b++) {
    const z = gates + <usize>b * (rowBytes << 2);
    const s = <usize>b * rowBytes;
    if (isPadded(lengths, b, t)) {
      memory.copy(cNext + s, cPrev + s, rowBytes);
      memory.copy(hNext + s, hPrev + s, rowBytes);
      memory.fill(tanhC + s, 0, rowBytes);
      memory.fill(z, 0, rowBytes << 2);
      continue;
    }
    const zi = z, zf = z + rowBytes, zg = z + 2 * rowBytes, zo = z + 3 * rowBytes;
    let j = 0;
    for (; j < H4; j += 4) {
      const o4 = <usize>j << 2;
      const i = sigmoid4(v128.load(zi + o4));
      const f = sigmoid4(v128.load(zf + o4));
      const g = tanh4(v128.load(zg + o4));
      const o = sigmoid4(v128.load(zo + o4));
      v128.store(zi + o4, i);
      v128.store(zf + o4, f);
      v128.store(zg + o4, g);
      v128.store(zo + o4, o);
      const c = f32x4.add(f32x4.mul(f, v128.load(cPrev + s + o4)), f32x4.mul(i, g));
      v128.store(cNext + s + o4, c);
      const tc = tanh4(c);
      v128.store(tanhC + s + o4, tc);
      v128.store(hNext + s + o4, f32x4.mul(o, tc));
    }
    for (; j < H; j++) {
      const o1 = <usize>j << 2;
      const i = sigmoid1(load<f32>(zi + o1));
      const f = sigmoid1(load<f32>(zf + o1));
      const g = tanh1(load<f32>(zg + o1));
      const o = sigmoid1(load<f32>(zo + o1));
      store<f32>(zi + o1, i);
      store<f32>(zf + o1, f);
      store<f32>(zg + o1, g);
      store<f32>(zo + o1, o);
      const c = f * load<f32>(cPrev + s + o1) + i * g;
      store<f32>(cNext + s + o1, c);
      const tc = tanh1(c);
      store<f32>(tanhC + s + o1, tc);
      store<f32>(hNext + s + o1, o * tc);
    }
  }
}

/**
 * One step back. dh (B, H) is dLoss/dh_t from the step above; when dOut ≠ 0 the per-step output gradient
 * dOut (B, H) is added to it first (in place). dc (B, H) is dLoss/dc_t in and dLoss/dc_{t−1} out.
 * gates (B, 4H) activations, cPrev (B, H) = c_{t−1}, tanhC (B, H) → dz (B, 4H), zero on padded rows
 * (whose dh and dc pass through unchanged; the caller adds their dh to dh_{t−1}).
 */
export function lstmCellBackward(
  B: i32, H: i32,
  gates: usize, cPrev: usize, tanhC: usize,
  dh: usize, dOut: usize, dc: usize, dz: usize,
  lengths: usize, t: i32,
): void {
  const rowBytes = <usize>H << 2;
  const H4 = H & ~3;
  const one = f32x4.splat(1);
  if (dOut != 0) {
    const n = <usize>B * rowBytes;
    let k: usize = 0;
    for (; k + 16 <= n; k += 16) v128.store(dh + k, f32x4.add(v128.load(dh + k), v128.load(dOut + k)));
    for (; k < n; k += 4) store<f32>(dh + k, load<f32>(dh + k) + load<f32>(dOut + k));
  }
  for (let b = 0; b < B; b++) {
    const z = <usize>b * (rowBytes << 2);
    const s = <usize>b * rowBytes;
    if (isPadded(lengths, b, t)) {
      memory.fill(dz + z, 0, rowBytes << 2);
      continue;
    }
    const gi = gates + z, gf = gi + rowBytes, gg = gf + rowBytes, go = gg + rowBytes;
    const di = dz + z, df = di + rowBytes, dg = df + rowBytes, dO = dg + rowBytes;
    let j = 0;
    for (; j < H4; j += 4) {
      const o4 = <usize>j << 2;
      const i = v128.load(gi + o4);
      const f = v128.load(gf + o4);
      const g = v128.load(gg + o4);
      const o = v128.load(go + o4);
      const tc = v128.load(tanhC + s + o4);
      const dhj = v128.load(dh + s + o4);
      // dc_t += dh·o·(1 − tanh²c)
      const dcj = f32x4.add(v128.load(dc + s + o4), f32x4.mul(f32x4.mul(dhj, o), f32x4.sub(one, f32x4.mul(tc, tc))));
      v128.store(di + o4, f32x4.mul(f32x4.mul(dcj, g), f32x4.mul(i, f32x4.sub(one, i))));
      v128.store(df + o4, f32x4.mul(f32x4.mul(dcj, v128.load(cPrev + s + o4)), f32x4.mul(f, f32x4.sub(one, f))));
      v128.store(dg + o4, f32x4.mul(f32x4.mul(dcj, i), f32x4.sub(one, f32x4.mul(g, g))));
      v128.store(dO + o4, f32x4.mul(f32x4.mul(dhj, tc), f32x4.mul(o, f32x4.sub(one, o))));
      v128.store(dc + s + o4, f32x4.mul(dcj, f));
    }
    for (; j < H; j++) {
      const o1 = <usize>j << 2;
      const i = load<f32>(gi + o1);
      const f = load<f32>(gf + o1);
      const g = load<f32>(gg + o1);
      const o = load<f32>(go + o1);
      const tc = load<f32>(tanhC + s + o1);
      const dhj = load<f32>(dh + s + o1);
      const dcj = load<f32>(dc + s + o1) + dhj * o * (1 - tc * tc);
      store<f32>(di + o1, dcj * g * (i * (1 - i)));
      store<f32>(df + o1, dcj * load<f32>(cPrev + s + o1) * (f * (1 - f)));
      store<f32>(dg + o1, dcj * i * (1 - g * g));
      store<f32>(dO + o1, dhj * tc * (o * (1 - o)));
      store<f32>(dc + s + o1, dcj * f);
    }
  }
}

/** out (N) f64 = Σ_rows src (rows, N) f32 — bias gradients, summed in float64 so T·B rows lose no digits. */
export function columnSums(rows: i32, N: i32, src: usize, out: usize): void {
  const N4 = N & ~3;
  memory.fill(out, 0, <usize>N << 3);
  for (let r = 0; r < rows; r++) {
    const row = src + (<usize>(r * N) << 2);
    let n = 0;
    for (; n < N4; n += 4) {
      const v = v128.load(row + (<usize>n << 2));
      const p = out + (<usize>n << 3);
      v128.store(p, f64x2.add(v128.load(p), f64x2.promote_low_f32x4(v)));
      v128.store(p, f64x2.add(v128.load(p, 16), f64x2.promote_low_f32x4(i32x4.shuffle(v, v, 2, 3, 0, 1))), 16);
    }
    for (; n < N; n++) store<f64>(out + (<usize>n << 3), load<f64>(out + (<usize>n << 3)) + <f64>load<f32>(row + (<usize>n << 2)));
  }
}
