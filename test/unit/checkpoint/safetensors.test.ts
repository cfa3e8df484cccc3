import { describe, it, expect } from 'vitest';
import {
  decodeSafetensors,
  encodeSafetensors,
  encodeSafetensorsChunks,
  prepareSafetensors,
  type TensorToWrite,
} from '../../../src/checkpoint';
import { expectCheckpointError, SPECIAL_F32_BITS } from './helpers';

/** Deterministic pseudo-random floats mixed with every special bit pattern. */
function awkwardFloats(length: number, seed: number): Float32Array {
  const out = new Float32Array(length);
  const bits = new Uint32Array(out.buffer);
  let state = seed >>> 0 || 1;
  for (let i = 0; i < length; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    bits[i] = i < SPECIAL_F32_BITS.length ? SPECIAL_F32_BITS[i] : state >>> 0;
  }
  return out;
}

function bitsOf(array: Float32Array): Uint32Array {
  return new Uint32Array(array.buffer, array.byteOffset, array.length);
}

function headerOf(bytes: Uint8Array): { length: number; json: string } {
  const length = Number(new DataView(bytes.buffer, bytes.byteOffset).getBigUint64(0, true));
  return { length, json: new TextDecoder().decode(bytes.subarray(8, 8 + length)) };
}

describe('encodeSafetensors: layout', () => {
  const tensors: TensorToWrite[] = [
    { name: 'lstm.weight_ih_l0', shape: [4, 3], data: new Float32Array(12).fill(1) },
    { name: 'embedding.weight', dtype: 'F32', shape: [2, 2], data: new Float32Array([1, 2, 3, 4]) },
    { name: 'head.bias', shape: [1], data: [0.5] },
  ];

  it('writes a little-endian u64 length, a space-padded JSON header and the data in sorted-name order', () => {
    const bytes = encodeSafetensors(tensors, { format: 'lstm-studio/1' });
    const { length, json } = headerOf(bytes);
    expect(length % 8).toBe(0);
    expect(json.trimEnd().length).toBeGreaterThan(length - 8);
    expect(json).toMatch(/^\{.*\} *$/);
    const header = JSON.parse(json);
    expect(Object.keys(header)).toEqual(['embedding.weight', 'head.bias', 'lstm.weight_ih_l0', '__metadata__']);
    expect(header['embedding.weight']).toEqual({ dtype: 'F32', shape: [2, 2], data_offsets: [0, 16] });
    expect(header['head.bias']).toEqual({ dtype: 'F32', shape: [1], data_offsets: [16, 20] });
    expect(header['lstm.weight_ih_l0']).toEqual({ dtype: 'F32', shape: [4, 3], data_offsets: [20, 68] });
    expect(header.__metadata__).toEqual({ format: 'lstm-studio/1' });
    expect(bytes.length).toBe(8 + length + 68);
    const data = new DataView(bytes.buffer, 8 + length);
    expect([0, 4, 8, 12].map((o) => data.getFloat32(o, true))).toEqual([1, 2, 3, 4]);
    expect(data.getFloat32(16, true)).toBe(0.5);
  });

  it('offers the same bytes as chunks, F32 chunks being views of the caller’s arrays (no copy)', () => {
    const chunks = encodeSafetensorsChunks(tensors, { format: 'x' });
    expect(chunks).toHaveLength(4);
    expect(chunks[1].buffer).toBe(tensors[1].data instanceof Float32Array && tensors[1].data.buffer);
    const joined = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
    let at = 0;
    for (const chunk of chunks) {
      joined.set(chunk, at);
      at += chunk.length;
    }
    expect(joined).toEqual(encodeSafetensors(tensors, { format: 'x' }));
    expect(prepareSafetensors(tensors, { format: 'x' }).byteLength).toBe(joined.length);
  });

  it('keeps integer-like tensor names in sorted order (a JSON object would hoist them)', () => {
    const bytes = encodeSafetensors([
      { name: 'b', shape: [1], data: [2] },
      { name: '10', shape: [1], data: [1] },
      { name: 'a', shape: [1], data: [3] },
    ]);
    const json = headerOf(bytes).json;
    expect(json.indexOf('"10"')).toBeLessThan(json.indexOf('"a"'));
    expect(decodeSafetensors(bytes).tensors.map((t) => [t.name, t.data![0]])).toEqual([
      ['10', 1],
      ['a', 3],
      ['b', 2],
    ]);
  });

  it('writes an empty file (no tensors, no metadata) that reads back', () => {
    const bytes = encodeSafetensors([]);
    expect(headerOf(bytes).json.trim()).toBe('{}');
    expect(decodeSafetensors(bytes)).toEqual({ headerSize: 8, metadata: {}, tensors: [] });
  });
});

describe('encodeSafetensors → decodeSafetensors round trip', () => {
  it('returns every tensor bit for bit, incl. -0, subnormals, ±Infinity and NaN payloads', () => {
    const tensors: TensorToWrite[] = [
      { name: 'embedding.weight', shape: [7, 5], data: awkwardFloats(35, 1) },
      { name: 'lstm.weight_ih_l0', shape: [16, 5], data: awkwardFloats(80, 2) },
      { name: 'lstm.weight_hh_l0', shape: [16, 4], data: awkwardFloats(64, 3) },
      { name: 'lstm.bias_ih_l0', shape: [16], data: awkwardFloats(16, 4) },
      { name: 'scalar', shape: [], data: new Float32Array([Math.PI]) },
      { name: 'empty', shape: [0, 3], data: new Float32Array(0) },
      // a subarray view with a non-zero byteOffset
      { name: 'view', shape: [3], data: awkwardFloats(10, 5).subarray(4, 7) },
    ];
    const metadata = { format: 'lstm-studio/1', ключ: 'значение ✓', quote: '"\\\n' };
    const decoded = decodeSafetensors(encodeSafetensors(tensors, metadata));
    expect(decoded.metadata).toEqual(metadata);
    expect(decoded.tensors).toHaveLength(tensors.length);
    for (const tensor of tensors) {
      const got = decoded.tensors.find((t) => t.name === tensor.name)!;
      expect(got.dtype).toBe('F32');
      expect(got.shape).toEqual(tensor.shape);
      expect(bitsOf(got.data!)).toEqual(bitsOf(tensor.data as Float32Array));
    }
  });

  it('writes Float64Array and plain-array data as F32 (rounded to nearest)', () => {
    const f64 = new Float64Array([0.1, -1e-40, 1e39, -0, 1 / 3]);
    const decoded = decodeSafetensors(
      encodeSafetensors([
        { name: 'x', shape: [5], data: f64 },
        { name: 'y', shape: [2], data: [0.1, 2] },
      ]),
    );
    expect(decoded.tensors[0].dtype).toBe('F32');
    expect(Array.from(decoded.tensors[0].data!)).toEqual(Array.from(f64, Math.fround));
    expect(Object.is(decoded.tensors[0].data![3], -0)).toBe(true);
    expect(decoded.tensors[0].data![2]).toBe(Infinity);
    expect(Array.from(decoded.tensors[1].data!)).toEqual([Math.fround(0.1), 2]);
  });
});

describe('encodeSafetensors: refuses what it cannot write faithfully', () => {
  const ok = { name: 'a', shape: [2], data: new Float32Array(2) };
  it('a shape that does not match the data', () =>
    expectCheckpointError(
      () => encodeSafetensors([{ name: 'lstm.bias_ih_l0', shape: [4, 3], data: new Float32Array(10) }]),
      'bad-input',
      "tensor 'lstm.bias_ih_l0': shape [4, 3] has 12 elements but the data has 10",
    ));
  it('a negative or fractional dimension', () =>
    expectCheckpointError(
      () => encodeSafetensors([{ name: 'a', shape: [-2], data: [] }]),
      'bad-input',
      /dimension -2/,
    ));
  it('the same name twice', () =>
    expectCheckpointError(() => encodeSafetensors([ok, ok]), 'bad-input', "tensor 'a' is given twice"));
  it('the reserved name __metadata__', () =>
    expectCheckpointError(
      () => encodeSafetensors([{ ...ok, name: '__metadata__' }]),
      'bad-input',
      /invalid tensor name/,
    ));
  it('a non-F32 dtype', () =>
    expectCheckpointError(
      () => encodeSafetensors([{ ...ok, dtype: 'F16' as 'F32' }]),
      'bad-input',
      /only F32 is written/,
    ));
  it('a metadata value that is not a string', () =>
    expectCheckpointError(
      () => encodeSafetensors([ok], { step: 3 as unknown as string }),
      'bad-input',
      "__metadata__ 'step': values must be strings, got number",
    ));
});
