/**
 * σ and tanh on four float32 lanes, accurate to a few units in the last place (max abs error < 2e-7 on
 * the whole line; test/unit/engine/kernels.test.ts checks it against Math.exp/Math.tanh), which is all the
 * float32 engine can resolve anyway. The float64 engine (gradient checks) never comes here.
 *
 * exp is Cephes' expf: x = n·ln2 + r with |r| ≤ ln2/2 (ln2 split in two so n·ln2 is exact), e^r by a
 * degree-7 minimax polynomial, 2^n by writing n + 127 into the exponent bits.
 */

import { madd } from './simd';

const LOG2E: f32 = 1.44269504088896341;
const LN2_HI: f32 = 0.693359375;
const LN2_LO: f32 = -2.12194440e-4;
// Above this e^x overflows float32; below −EXP_MAX the 2^n scale would leave the normal range.
const EXP_MAX: f32 = 87.0;
const ROUNDING_MAGIC: f32 = 12582912.0; // 1.5·2²³

// @ts-ignore: decorator
@inline
export function exp4(x: v128): v128 {
  // pmin/pmax are single instructions (min/max proper handle NaN and ±0 and cost several); a NaN input
  // still gives NaN out of the polynomial.
  x = f32x4.pmin(f32x4.pmax(x, f32x4.splat(-EXP_MAX)), f32x4.splat(EXP_MAX));
  // n = round(x·log2e) by the 1.5·2²³ trick: adding it pushes the fraction out, leaving n in the low
  // mantissa bits of t (so n + 127 shifted into the exponent field is 2^n, with no float→int conversion).
  const t = madd(x, f32x4.splat(LOG2E), f32x4.splat(ROUNDING_MAGIC));
  const n = f32x4.sub(t, f32x4.splat(ROUNDING_MAGIC));
  // r = x − n·ln2, in two steps so the large part cancels exactly
  let r = f32x4.sub(x, f32x4.mul(n, f32x4.splat(LN2_HI)));
  r = f32x4.sub(r, f32x4.mul(n, f32x4.splat(LN2_LO)));
  let p = f32x4.splat(1.9875691500e-4);
  p = madd(p, r, f32x4.splat(1.3981999507e-3));
  p = madd(p, r, f32x4.splat(8.3334519073e-3));
  p = madd(p, r, f32x4.splat(4.1665795894e-2));
  p = madd(p, r, f32x4.splat(1.6666665459e-1));
  p = madd(p, r, f32x4.splat(5.0000001201e-1));
  p = madd(p, f32x4.mul(r, r), f32x4.add(r, f32x4.splat(1)));
  const scale = i32x4.shl(i32x4.add(t, i32x4.splat(127)), 23);
  return f32x4.mul(p, scale);
}

// σ(x) = 1 / (1 + e^{−x})
// @ts-ignore: decorator
@inline
export function sigmoid4(x: v128): v128 {
  return f32x4.div(f32x4.splat(1), f32x4.add(f32x4.splat(1), exp4(f32x4.neg(x))));
}

// tanh(x): for |x| < 0.625 Cephes' odd polynomial x + x³·P(x²) (1 − 2/(1 + e^{2|x|}) would cancel
// there); above, 1 − 2/(1 + e^{2|x|}) with the sign put back. (Eigen's single-division rational fit is
// cheaper but 6 ulp off near ±1; this is within 1.5 ulp everywhere.)
// @ts-ignore: decorator
@inline
export function tanh4(x: v128): v128 {
  const ax = f32x4.abs(x);
  const x2 = f32x4.mul(x, x);
  let p = f32x4.splat(-5.70498872745e-3);
  p = madd(p, x2, f32x4.splat(2.06390887954e-2));
  p = madd(p, x2, f32x4.splat(-5.37397155531e-2));
  p = madd(p, x2, f32x4.splat(1.33314422036e-1));
  p = madd(p, x2, f32x4.splat(-3.33332819422e-1));
  const small = madd(f32x4.mul(p, x2), x, x);
  const e = exp4(f32x4.add(ax, ax));
  const large = f32x4.sub(f32x4.splat(1), f32x4.div(f32x4.splat(2), f32x4.add(e, f32x4.splat(1))));
  // copy the sign bit of x onto the large branch
  const signed = v128.or(large, v128.and(x, i32x4.splat(0x80000000)));
  return v128.bitselect(small, signed, f32x4.lt(ax, f32x4.splat(0.625)));
}

// Scalar forms through lane 0, so edge elements get exactly the same arithmetic as the vector ones.
// @ts-ignore: decorator
@inline
export function sigmoid1(x: f32): f32 {
  return f32x4.extract_lane(sigmoid4(f32x4.splat(x)), 0);
}

// @ts-ignore: decorator
@inline
export function tanh1(x: f32): f32 {
  return f32x4.extract_lane(tanh4(f32x4.splat(x)), 0);
}

/** Test hooks: out (n) = σ(in) / tanh(in), for checking the approximations against Math. */
export function sigmoidArray(n: i32, src: usize, dst: usize): void {
  let k = 0;
  for (; k + 4 <= n; k += 4) v128.store(dst + (<usize>k << 2), sigmoid4(v128.load(src + (<usize>k << 2))));
  for (; k < n; k++) store<f32>(dst + (<usize>k << 2), sigmoid1(load<f32>(src + (<usize>k << 2))));
}

export function tanhArray(n: i32, src: usize, dst: usize): void {
  let k = 0;
  for (; k + 4 <= n; k += 4) v128.store(dst + (<usize>k << 2), tanh4(v128.load(src + (<usize>k << 2))));
  for (; k < n; k++) store<f32>(dst + (<usize>k << 2), tanh1(load<f32>(src + (<usize>k << 2))));
}
