/**
 * The state cache's float16 codec (src/inference/float16.ts) against numpy's float16 (round to nearest,
 * ties to even): exact ties, subnormals, overflow, and random values, bit for bit; and the round trip's
 * relative error bound for normal values.
 */

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  decodeFloat16,
  encodeFloat16,
  encodeFloat32BitsAsFloat16,
  float16Bits,
  float16Value,
} from '../../../src/inference/float16';

const golden = JSON.parse(readFileSync(join(__dirname, '../../fixtures/golden/float16_rounding.json'), 'utf8')) as {
  float32Bits: number[];
  float16Bits: number[];
};

function float32Of(bits: number): number {
  return new Float32Array(Uint32Array.of(bits).buffer)[0];
}

describe('float16 codec', () => {
  it('rounds float32 to float16 exactly as numpy does (ties to even, subnormals, overflow)', () => {
    const wrong: string[] = [];
    golden.float32Bits.forEach((bits, k) => {
      const got = float16Bits(float32Of(bits));
      if (got !== golden.float16Bits[k])
        wrong.push(`${float32Of(bits)}: ${got.toString(16)} ≠ ${golden.float16Bits[k].toString(16)}`);
    });
    expect(wrong).toEqual([]);
    expect(golden.float32Bits.length).toBeGreaterThan(600);
  });

  it('the bulk path from float32 bits gives the same halves: the goldens, and a million random bit patterns', () => {
    const golden32 = Uint32Array.from(golden.float32Bits);
    const out = new Uint16Array(golden32.length + 3);
    encodeFloat32BitsAsFloat16(golden32, 0, golden32.length, out, 3);
    expect(Array.from(out.subarray(3))).toEqual(golden.float16Bits);
    let seed = 7;
    const random = Uint32Array.from(
      { length: 1_000_000 },
      () => (seed = (Math.imul(seed, 1664525) + 1013904223) >>> 0),
    );
    const bulk = new Uint16Array(random.length);
    encodeFloat32BitsAsFloat16(random, 0, random.length, bulk, 0);
    const floats = new Float32Array(random.buffer);
    let wrong = 0;
    for (let k = 0; k < random.length; k++) {
      if (Number.isNaN(floats[k])) continue; // NaN payloads: both give a quiet NaN, checked below
      if (bulk[k] !== float16Bits(floats[k])) wrong++;
    }
    expect(wrong).toBe(0);
    expect(Number.isNaN(float16Value(bulk[random.findIndex((_, k) => Number.isNaN(floats[k]))]))).toBe(true);
  });

  it('hand-checked values: ties go to the even neighbour', () => {
    expect(float16Bits(1)).toBe(0x3c00);
    expect(float16Bits(-2)).toBe(0xc000);
    expect(float16Bits(65504)).toBe(0x7bff);
    expect(float16Bits(65520)).toBe(0x7c00); // the tie above the largest half rounds to Inf
    expect(float16Bits(1 + 2 ** -11)).toBe(0x3c00); // halfway between 1 and 1 + 2⁻¹⁰: to even (1)
    expect(float16Bits(1 + 3 * 2 ** -11)).toBe(0x3c02); // halfway between 1 + 2⁻¹⁰ and 1 + 2⁻⁹: to even
    expect(float16Bits(2 ** -24)).toBe(0x0001); // the smallest subnormal
    expect(float16Bits(2 ** -25)).toBe(0x0000); // exactly half of it: to even (0)
    expect(float16Bits(-0)).toBe(0x8000);
    expect(Number.isNaN(float16Value(float16Bits(NaN)))).toBe(true);
  });

  it('decodes every bit pattern back to the value it encodes (a round trip is the identity on halves)', () => {
    for (let bits = 0; bits < 65536; bits++) {
      const value = float16Value(bits);
      if (Number.isNaN(value)) continue;
      expect(float16Bits(value)).toBe(bits);
    }
  });

  it('keeps normal values within 2⁻¹¹ relative, in bulk', () => {
    const values = Float32Array.from({ length: 1000 }, (_, k) => Math.sin(k * 0.37) * 3);
    const bits = new Uint16Array(1002);
    encodeFloat16(values, 0, 1000, bits, 2);
    const back = new Float32Array(1000);
    decodeFloat16(bits, 2, 1000, back);
    for (let k = 0; k < 1000; k++) {
      const v = values[k];
      if (Math.abs(v) < 2 ** -14) continue;
      expect(Math.abs(back[k] - v)).toBeLessThanOrEqual(Math.abs(v) * 2 ** -11);
    }
  });
});
