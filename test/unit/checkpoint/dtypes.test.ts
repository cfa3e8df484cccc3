import { describe, it, expect } from 'vitest';
import { decodeSafetensors, toFloat32 } from '../../../src/checkpoint';
import { expectCheckpointError, leBytes, rawSafetensors } from './helpers';

function u16le(values: number[]): Uint8Array {
  return leBytes(2 * values.length, (v) => values.forEach((x, i) => v.setUint16(2 * i, x, true)));
}

function f32Bits(array: Float32Array): number[] {
  return Array.from(new Uint32Array(array.buffer, array.byteOffset, array.length));
}

describe('toFloat32: F16', () => {
  const cases: Array<[string, number, number]> = [
    ['+0', 0x0000, 0],
    ['-0', 0x8000, -0],
    ['one', 0x3c00, 1],
    ['minus two', 0xc000, -2],
    ['nearest half to 1/3', 0x3555, 0.333251953125],
    ['largest finite', 0x7bff, 65504],
    ['smallest normal', 0x0400, 2 ** -14],
    ['smallest subnormal', 0x0001, 2 ** -24],
    ['largest subnormal', 0x03ff, 1023 * 2 ** -24],
    ['negative subnormal', 0x8001, -(2 ** -24)],
    ['+Infinity', 0x7c00, Infinity],
    ['-Infinity', 0xfc00, -Infinity],
  ];
  it.each(cases)('%s widens exactly', (_label, bits, expected) => {
    const [value] = toFloat32(u16le([bits]), 'F16');
    expect(Object.is(value, expected)).toBe(true);
  });

  it('keeps NaN a NaN, with its sign and payload', () => {
    const out = toFloat32(u16le([0x7e00, 0xfe01, 0x7c01]), 'F16');
    expect(Array.from(out).every(Number.isNaN)).toBe(true);
    expect(f32Bits(out)).toEqual([0x7fc00000, 0xffc02000, 0x7f802000]);
  });
});

describe('toFloat32: BF16 and F64', () => {
  it('BF16 is the top half of a float32', () => {
    const out = toFloat32(u16le([0x3f80, 0xc0a0, 0x0001, 0x7f80, 0xff80, 0x7fc1, 0x8000]), 'BF16');
    expect(f32Bits(out)).toEqual([0x3f800000, 0xc0a00000, 0x00010000, 0x7f800000, 0xff800000, 0x7fc10000, 0x80000000]);
    expect(Array.from(out.subarray(0, 2))).toEqual([1, -5]);
  });

  it('F64 rounds to the nearest float32; overflow becomes ±Infinity, tiny values flush as float32 does', () => {
    const values = [0.1, -2.5, 1e300, -1e300, 1e-50, Number.NaN, -0, 3.4028235677973366e38];
    const out = toFloat32(
      leBytes(8 * values.length, (v) => values.forEach((x, i) => v.setFloat64(8 * i, x, true))),
      'F64',
    );
    expect(Array.from(out)).toEqual(values.map(Math.fround));
    expect(out[2]).toBe(Infinity);
    expect(Object.is(out[6], -0)).toBe(true);
  });

  it('reads data at any byte offset (unaligned views)', () => {
    const backing = new Uint8Array(1 + 16);
    const view = new DataView(backing.buffer);
    view.setFloat64(1, 1.5, true);
    view.setFloat64(9, -0.25, true);
    expect(Array.from(toFloat32(backing.subarray(1), 'F64'))).toEqual([1.5, -0.25]);
    view.setFloat32(1, 7.5, true);
    expect(toFloat32(backing.subarray(1, 5), 'F32')[0]).toBe(7.5);
  });

  it('refuses integer dtypes and ragged byte counts', async () => {
    await expectCheckpointError(
      () => toFloat32(new Uint8Array(8), 'I64'),
      'not-float',
      /I64 tensors cannot be read as floats/,
    );
    await expectCheckpointError(
      () => toFloat32(new Uint8Array(3), 'F16'),
      'bad-input',
      /3 bytes are not a whole number of F16 elements/,
    );
  });
});

describe('hand-built files with F16, BF16, F64 and integer tensors', () => {
  it('decode to the known values; integer tensors are listed with raw bytes only', () => {
    const f16 = u16le([0x3c00, 0x0001, 0x7c00, 0x7e00]); // 1, 2^-24, inf, NaN
    const bf16 = u16le([0x4049, 0xbf80]); // 3.140625, -1
    const f64 = leBytes(16, (v) => {
      v.setFloat64(0, 1 / 3, true);
      v.setFloat64(8, -1e-45, true);
    });
    const i64 = leBytes(8, (v) => v.setBigInt64(0, 42n, true));
    const data = new Uint8Array([...f64, ...f16, ...bf16, ...i64]);
    const file = rawSafetensors(
      {
        'a.f64': { dtype: 'F64', shape: [2], data_offsets: [0, 16] },
        'b.f16': { dtype: 'F16', shape: [2, 2], data_offsets: [16, 24] },
        'c.bf16': { dtype: 'BF16', shape: [2], data_offsets: [24, 28] },
        'd.count': { dtype: 'I64', shape: [], data_offsets: [28, 36] },
      },
      data,
    );
    const decoded = decodeSafetensors(file);
    const byName = Object.fromEntries(decoded.tensors.map((t) => [t.name, t]));
    expect(Array.from(byName['a.f64'].data!)).toEqual([Math.fround(1 / 3), Math.fround(-1e-45)]);
    expect(byName['b.f16'].shape).toEqual([2, 2]);
    expect(Array.from(byName['b.f16'].data!)).toEqual([1, 2 ** -24, Infinity, NaN]);
    expect(Array.from(byName['c.bf16'].data!)).toEqual([3.140625, -1]);
    expect(byName['d.count'].data).toBeUndefined();
    expect(new DataView(byName['d.count'].raw.buffer, byName['d.count'].raw.byteOffset).getBigInt64(0, true)).toBe(42n);
  });
});
