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
  const x = bitsView[0];
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

/** The float32 value of float16 bits. */
export function float16Value(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exponent = (bits >>> 10) & 0x1f;
  const mantissa = bits & 0x3ff;
  if (exponent === 0) return sign * mantissa * 2 ** -24;
  if (exponent === 0x1f) return mantissa !== 0 ? NaN : sign * Infinity;
  return sign * (1024 + mantissa) * 2 ** (exponent - 25);
}

/** Decoding table: every float16 bit pattern's float32 value (256 KB, built once). */
let decodeTable: Float32Array | null = null;
function table(): Float32Array {
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
  const lookup = table();
  for (let k = 0; k < n; k++) out[outOffset + k] = lookup[bits[offset + k]];
}
