/**
 * IEEE 754 binary16 (half precision) ↔ float32, for the Evaluate view's state cache: hidden and cell
 * states kept at half the bytes (a tanh-bounded h loses at most 2⁻¹¹ relative; a cell state above 65 504
 * becomes ±Infinity, which no trained LSTM's c reaches). float32 → float16 rounds to nearest, ties to
 * even, as `numpy.float16(x)` and PyTorch's `.half()` do; subnormals and NaN are kept. Pure.
 */

// Reinterprets one float32's bits without allocating per value.
const floatView = new Float32Array(1);
const bitsView = new Uint32Array(floatView.buffer);

/** The float16 bits (0…0xffff) nearest to `value` (ties to even). */
export function float16Bits(value: number): number {
  floatView[0] = value;
  return float16OfFloat32Bits(bitsView[0]);
}

/** The float16 bits nearest to the float32 whose bits are `x` (ties to even). */
function float16OfFloat32Bits(x: number): number {
  const sign = (x >>> 16) & 0x8000;
  const exponent = (x >>> 23) & 0xff;
  const mantissa = x & 0x7fffff;
  if (exponent === 0xff) return sign | 0x7c00 | (mantissa !== 0 ? 0x200 | (mantissa >>> 13) : 0); // Inf, NaN (quiet)
  // Unbiased exponent; float16's normal range is −14 … 15.
  const e = exponent - 127;
  if (e > 15) return sign | 0x7c00; // beyond 65 504 … (rounds to Inf)
  if (e >= -14) {
    // Normal: keep 10 of the 23 mantissa bits and round the 13 dropped ones to nearest even.
    let half = ((e + 15) << 10) | (mantissa >>> 13);
    const dropped = mantissa & 0x1fff;
    if (dropped > 0x1000 || (dropped === 0x1000 && (half & 1) === 1)) half++; // a carry into the exponent is right
    return sign | half;
  }
  if (e < -25) return sign; // below half the smallest subnormal (2⁻²⁵): ±0
  // Subnormal: value = full · 2^(e−23) with the implicit leading 1 made explicit; in float16's subnormal
  // unit 2⁻²⁴ that is full · 2^(e+1), so shift right by −e−1 (14 … 24 bits) and round what falls off.
  const full = mantissa | 0x800000;
  const shift = -e - 1;
  let half = full >>> shift;
  const dropped = full & ((1 << shift) - 1);
  const midpoint = 1 << (shift - 1);
  if (dropped > midpoint || (dropped === midpoint && (half & 1) === 1)) half++;
  return sign | half;
}

// out[outOffset … +n) (uint16 bits) ← the float32s whose bits are bits[offset … +n): the bulk path, with
// normal halves (|v| in 2⁻¹⁴ … 65 504) inline and branch-free rounding, the rest through the full case.
export function encodeFloat32BitsAsFloat16(
  bits: Uint32Array,
  offset: number,
  n: number,
  out: Uint16Array,
  outOffset: number,
): void {
  for (let k = 0; k < n; k++) {
    const x = bits[offset + k];
    const exponent = (x >>> 23) & 0xff;
    // Unbiased −14 … 15: float16's normal exponents.
    if (exponent >= 113 && exponent <= 142) {
      const half = ((exponent - 112) << 10) | ((x >>> 13) & 0x3ff);
      // Round the 13 dropped bits to nearest, ties to even: carry when dropped + 0xfff + (half & 1) ≥ 0x2000.
      out[outOffset + k] = ((x >>> 16) & 0x8000) | (half + (((x & 0x1fff) + 0xfff + (half & 1)) >>> 13));
    } else out[outOffset + k] = float16OfFloat32Bits(x);
  }
}

/** The float32 value of float16 bits. */
export function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa !== 0 ? NaN : sign * Infinity;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

/** Decoding table: every float16 bit pattern's float32 value (256 KB, built once): `float16Table()[bits]`. */
let decodeTable: Float32Array | null = null;
export function float16Table(): Float32Array {
  if (decodeTable) return decodeTable;
  decodeTable = new Float32Array(65536);
  for (let bits = 0; bits < 65536; bits++) decodeTable[bits] = float16Value(bits);
  return decodeTable;
}

// out[outOffset … +n) (uint16 bits) ← values[offset … +n)
export function encodeFloat16(
  values: ArrayLike<number>,
  offset: number,
  n: number,
  out: Uint16Array,
  outOffset: number,
): void {
  for (let k = 0; k < n; k++) out[outOffset + k] = float16Bits(values[offset + k]);
}

// out[outOffset … +n) (float32) ← bits[offset … +n)
export function decodeFloat16(bits: Uint16Array, offset: number, n: number, out: Float32Array, outOffset = 0): void {
  const lookup = float16Table();
  for (let k = 0; k < n; k++) out[outOffset + k] = lookup[bits[offset + k]];
}
