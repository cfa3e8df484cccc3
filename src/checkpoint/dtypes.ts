/**
 * Safetensors element types and their conversion to the engine's Float32Array.
 *
 * Bytes in a safetensors file are little-endian and, inside a file read whole, start at whatever offset
 * the header says — so a tensor's bytes are in general NOT aligned for a typed-array view. Conversions
 * here therefore take any Uint8Array and never assume alignment.
 */

import type { SafetensorsDType } from '../protocol/checkpoint-overview';
import { CheckpointError } from './errors';

/** Every dtype the safetensors spec defines, with its size in bytes. */
export const DTYPE_BYTES: Readonly<Record<SafetensorsDType, number>> = {
  F64: 8,
  F32: 4,
  F16: 2,
  BF16: 2,
  F8_E4M3: 1,
  F8_E5M2: 1,
  I64: 8,
  I32: 4,
  I16: 2,
  I8: 1,
  U64: 8,
  U32: 4,
  U16: 2,
  U8: 1,
  BOOL: 1,
};

export type { SafetensorsDType } from '../protocol/checkpoint-overview';

/**
 * The dtypes read as numbers. Integer, bool and 8-bit float tensors are still *recognised* so that a
 * foreign file's table can be listed (e.g. BatchNorm's I64 `num_batches_tracked`), but the engine has
 * no use for them; `readRaw` gives their bytes.
 */
export type FloatDType = 'F64' | 'F32' | 'F16' | 'BF16';

export function isKnownDType(value: string): value is SafetensorsDType {
  return Object.prototype.hasOwnProperty.call(DTYPE_BYTES, value);
}

export function isFloatDType(dtype: SafetensorsDType): dtype is FloatDType {
  return dtype === 'F64' || dtype === 'F32' || dtype === 'F16' || dtype === 'BF16';
}

/** Typed arrays are host-endian; the file is little-endian. Every supported platform is little-endian, but checking costs nothing. */
export const HOST_IS_LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/**
 * Converts `bytes` (little-endian `dtype` elements) to a new Float32Array.
 * F32 is copied bit for bit (NaN payloads, -0 and subnormals survive); F16 and BF16 widen exactly;
 * F64 rounds to nearest float32 (values beyond ±3.4e38 become ±Infinity, as `Math.fround` does).
 */
export function toFloat32(bytes: Uint8Array, dtype: SafetensorsDType): Float32Array {
  if (!isFloatDType(dtype)) {
    throw new CheckpointError(
      'not-float',
      `${dtype} tensors cannot be read as floats (only F32, F16, BF16 and F64 can)`,
    );
  }
  const size = DTYPE_BYTES[dtype];
  if (bytes.byteLength % size !== 0) {
    throw new CheckpointError(
      'bad-input',
      `${bytes.byteLength} bytes are not a whole number of ${dtype} elements (${size} bytes each)`,
    );
  }
  const count = bytes.byteLength / size;
  const out = new Float32Array(count);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  switch (dtype) {
    case 'F32':
      if (HOST_IS_LITTLE_ENDIAN) {
        // A byte copy, not element assignment: assignment may canonicalise NaN payloads.
        new Uint8Array(out.buffer).set(bytes);
      } else {
        const bits = new Uint32Array(out.buffer);
        for (let i = 0; i < count; i++) bits[i] = view.getUint32(4 * i, true);
      }
      break;
    case 'F64':
      for (let i = 0; i < count; i++) out[i] = view.getFloat64(8 * i, true);
      break;
    case 'BF16': {
      // bfloat16 is the top half of a float32, so widening is a shift: exact, payloads included.
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) bits[i] = view.getUint16(2 * i, true) << 16;
      break;
    }
    case 'F16': {
      const bits = new Uint32Array(out.buffer);
      for (let i = 0; i < count; i++) {
        const h = view.getUint16(2 * i, true);
        const exponent = (h >> 10) & 0x1f;
        if (exponent === 0) {
          // Zero or subnormal: mantissa × 2^-24 is exact in float32 (which has 8 more exponent bits).
          const magnitude = (h & 0x3ff) * 2 ** -24;
          out[i] = h & 0x8000 ? -magnitude : magnitude;
        } else {
          bits[i] = float16BitsToFloat32Bits(h, exponent);
        }
      }
      break;
    }
  }
  return out;
}

/**
 * Bit-level widening of a normal, infinite or NaN half: same sign, exponent re-biased (15 → 127, or
 * all-ones kept all-ones), mantissa shifted into the top of float32's 23 bits (so NaN payloads survive).
 */
function float16BitsToFloat32Bits(h: number, exponent: number): number {
  const sign = (h & 0x8000) << 16;
  const mantissa = (h & 0x3ff) << 13;
  const exponent32 = exponent === 0x1f ? 0xff : exponent + 112;
  return (sign | (exponent32 << 23) | mantissa) >>> 0;
}

/** The little-endian bytes of a Float32Array: a view (no copy) on little-endian hosts. */
export function float32LittleEndianBytes(data: Float32Array): Uint8Array {
  if (HOST_IS_LITTLE_ENDIAN) return new Uint8Array(data.buffer, data.byteOffset, data.byteLength);
  const out = new Uint8Array(data.byteLength);
  const view = new DataView(out.buffer);
  const bits = new Uint32Array(data.buffer, data.byteOffset, data.length);
  for (let i = 0; i < data.length; i++) view.setUint32(4 * i, bits[i], true);
  return out;
}
