/**
 * The one multiply-add every kernel uses. Built twice (scripts/build-wasm.mjs): with relaxed SIMD it is
 * `f32x4.relaxed_madd` (one fused FMA where the CPU has it), without it a separate multiply and add.
 * ASC_FEATURE_RELAXED_SIMD is a compile-time constant, so each build contains only one branch.
 */

// @ts-ignore: decorator
@inline
export function madd(a: v128, b: v128, c: v128): v128 {
  if (ASC_FEATURE_RELAXED_SIMD) return f32x4.relaxed_madd(a, b, c);
  return f32x4.add(f32x4.mul(a, b), c);
}
