/**
 * Hostile headers: every claim a file makes is checked, and each failure says what is wrong and where.
 */
import { describe, it, expect } from 'vitest';
import {
  decodeSafetensors,
  encodeSafetensors,
  MAX_HEADER_BYTES,
  openSafetensorsSource,
  parseSafetensorsHeader,
  readHeaderLength,
  type ByteSource,
} from '../../../src/checkpoint';
import { expectCheckpointError, rawSafetensors } from './helpers';

const f32 = (shape: number[], offsets: [number, number]) => ({ dtype: 'F32', shape, data_offsets: offsets });
const parse = (bytes: Uint8Array) => () => parseSafetensorsHeader(bytes, bytes.length);

describe('the 8-byte header length', () => {
  it('larger than the file', () =>
    expectCheckpointError(
      parse(rawSafetensors({}, 0, { headerLength: 1000n })),
      'bad-header-length',
      /header length of 1000 bytes but only 8 bytes follow/,
    ));

  it('2^63 (compared exactly, not as a rounded double)', () =>
    expectCheckpointError(
      parse(rawSafetensors({}, 0, { headerLength: 2n ** 63n })),
      'bad-header-length',
      /header length of 9223372036854775808 bytes but only 8 bytes follow/,
    ));

  it('0', () =>
    expectCheckpointError(
      parse(rawSafetensors('', 16, { headerLength: 0n })),
      'bad-header-length',
      /header length is 0/,
    ));

  it('over the 16 MiB limit, judged from the first 8 bytes alone (nothing else is needed or allocated)', async () => {
    const lengthOnly = new Uint8Array(8);
    new DataView(lengthOnly.buffer).setBigUint64(0, 2n ** 40n, true);
    const hugeFile = 2 ** 41; // a file this size need not exist: the check is arithmetic
    await expectCheckpointError(
      () => readHeaderLength(lengthOnly, hugeFile),
      'header-too-large',
      /1099511627776 bytes, over LSTM Studio's limit of 16777216 bytes \(16 MiB\)/,
    );
    await expectCheckpointError(
      () => parseSafetensorsHeader(lengthOnly, hugeFile),
      'header-too-large',
      /over LSTM Studio.s limit/,
    );
    new DataView(lengthOnly.buffer).setBigUint64(0, BigInt(MAX_HEADER_BYTES), true);
    expect(readHeaderLength(lengthOnly, hugeFile)).toBe(MAX_HEADER_BYTES);
  });

  it('a 23 MB header is refused by its length, before it is read or parsed', async () => {
    const lengthOnly = new Uint8Array(8);
    new DataView(lengthOnly.buffer).setBigUint64(0, 23_000_000n, true);
    expect(MAX_HEADER_BYTES).toBe(16 * 1024 * 1024);
    await expectCheckpointError(
      () => readHeaderLength(lengthOnly, 24_000_000),
      'header-too-large',
      /header length is 23000000 bytes, over LSTM Studio's limit/,
    );
  });

  it('a reader asks its source for exactly 8 bytes before rejecting a 2^40-byte header', async () => {
    const reads: Array<[number, number]> = [];
    let closed = false;
    const source: ByteSource = {
      size: 2 ** 40 + 64,
      async read(offset, length) {
        reads.push([offset, length]);
        const bytes = new Uint8Array(length);
        if (offset === 0) new DataView(bytes.buffer).setBigUint64(0, 2n ** 40n, true);
        return bytes;
      },
      async close() {
        closed = true;
      },
    };
    await expectCheckpointError(
      () => openSafetensorsSource(source, 'huge.safetensors'),
      'header-too-large',
      /^huge\.safetensors: the header length is 1099511627776 bytes/,
    );
    expect(reads).toEqual([[0, 8]]);
    expect(closed).toBe(true);
  });

  it('an empty file', () =>
    expectCheckpointError(parse(new Uint8Array(0)), 'empty-file', /the file is empty \(0 bytes\)/));

  it('a file shorter than 8 bytes', () =>
    expectCheckpointError(
      parse(new TextEncoder().encode('hi\n')),
      'truncated',
      /only 3 bytes, too short .* \(it looks like text: "hi /,
    ));
});

describe('files that are not safetensors at all', () => {
  it('a PNG image', () => {
    const png = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52]);
    return expectCheckpointError(
      parse(png),
      'bad-header-length',
      /^not a safetensors file \(it looks like a PNG image\)/,
    );
  });
  it('a text file', () =>
    expectCheckpointError(
      parse(new TextEncoder().encode('epoch,loss\n1,0.5\n2,0.4\n')),
      'bad-header-length',
      /^not a safetensors file \(it looks like text: "epoch,lo…"\)/,
    ));
  it('a PyTorch .pt (a ZIP archive)', () =>
    expectCheckpointError(
      parse(new Uint8Array([0x50, 0x4b, 0x03, 0x04, 20, 0, 0, 0, 8, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0])),
      'bad-header-length',
      /a ZIP archive — a PyTorch \.pt\/\.pth file\? Export it with safetensors\.torch\.save_file/,
    ));
});

describe('the JSON header', () => {
  it('not JSON', () =>
    expectCheckpointError(parse(rawSafetensors('{"a": ')), 'header-not-json', /the 8-byte header is not valid JSON/));
  it("not JSON, said without the parser's own words (issue #20)", () =>
    expectCheckpointError(
      parse(rawSafetensors("{'a': 1}")),
      'header-not-json',
      'the 8-byte header is not valid JSON (at character 2): not a safetensors file, or a corrupt one',
    ));
  it('not UTF-8', () => {
    const bytes = rawSafetensors('{"a":1} ');
    bytes[10] = 0xff;
    return expectCheckpointError(parse(bytes), 'header-not-json', /not UTF-8/);
  });
  it('a JSON list instead of an object', () =>
    expectCheckpointError(
      parse(rawSafetensors([1, 2])),
      'header-not-object',
      /must be a JSON object .* got a list \[1,2\]/,
    ));
  it('a tensor entry that is not an object', () =>
    expectCheckpointError(
      parse(rawSafetensors({ w: 'F32' })),
      'bad-tensor-entry',
      `tensor 'w': expected an object {dtype, shape, data_offsets}, got a string "F32"`,
    ));
});

describe('tensor entries', () => {
  it('an unknown dtype', () =>
    expectCheckpointError(
      parse(rawSafetensors({ w: { dtype: 'F128', shape: [1], data_offsets: [0, 16] } }, 16)),
      'unknown-dtype',
      /^tensor 'w': unknown dtype "F128" \(known: F64, F32, F16, BF16, /,
    ));
  it('a missing dtype', () =>
    expectCheckpointError(
      parse(rawSafetensors({ w: { shape: [1], data_offsets: [0, 4] } }, 4)),
      'unknown-dtype',
      /^tensor 'w': no dtype \(known: F64, /,
    ));
  it('a negative dimension', () =>
    expectCheckpointError(
      parse(rawSafetensors({ w: f32([4, -3], [0, 48]) }, 48)),
      'bad-shape',
      "tensor 'w': shape [4, -3] has dimension -3; dimensions must be non-negative integers",
    ));
  it('a fractional dimension', () =>
    expectCheckpointError(
      parse(rawSafetensors({ w: f32([2.5], [0, 10]) }, 10)),
      'bad-shape',
      /shape \[2.5\] has dimension 2.5/,
    ));
  it('a shape that is not a list', () =>
    expectCheckpointError(
      parse(rawSafetensors({ w: { dtype: 'F32', shape: 4, data_offsets: [0, 16] } }, 16)),
      'bad-shape',
      /shape must be a list .* got a number 4/,
    ));
  it('dimensions whose product overflows 2^53', () =>
    expectCheckpointError(
      parse(rawSafetensors({ w: f32([2 ** 30, 2 ** 30, 2 ** 30], [0, 0]) })),
      'bad-shape',
      "tensor 'w': F32 [1073741824, 1073741824, 1073741824] is too large to address (its byte size overflows 2^53)",
    ));
  it('a dimension beyond 2^53 (JSON numbers that are not exact integers)', () =>
    expectCheckpointError(
      parse(rawSafetensors('{"w":{"dtype":"F32","shape":[18446744073709551616],"data_offsets":[0,0]}}')),
      'bad-shape',
      /dimension 18446744073709552000/,
    ));
  it('a zero dimension makes an empty tensor, whatever the other dimensions', () => {
    const header = parse(rawSafetensors({ w: f32([0, 2 ** 52], [0, 0]) }))();
    expect(header.tensors[0].byteLength).toBe(0);
  });
  it('offsets past the end of the data', () =>
    expectCheckpointError(
      parse(rawSafetensors({ w: f32([4, 3], [0, 48]) }, 40)),
      'bad-offsets',
      "tensor 'w': data_offsets [0, 48] run past the end of the data (40 bytes): the file is truncated or its header is wrong",
    ));
  it('offsets reversed', () =>
    expectCheckpointError(
      parse(rawSafetensors({ w: f32([4, 3], [48, 0]) }, 48)),
      'bad-offsets',
      "tensor 'w': data_offsets [48, 0] are reversed (begin > end)",
    ));
  it('offsets that are not two non-negative integers', async () => {
    await expectCheckpointError(
      parse(rawSafetensors({ w: f32([1], [0, 4, 8] as never) }, 8)),
      'bad-offsets',
      /two non-negative integers \[begin, end\], got a list \[0,4,8\]/,
    );
    await expectCheckpointError(
      parse(rawSafetensors({ w: f32([1], [-4, 0]) }, 8)),
      'bad-offsets',
      /got a list \[-4,0\]/,
    );
  });
  it('a byte length that does not match dtype × shape', () =>
    expectCheckpointError(
      parse(rawSafetensors({ 'lstm.weight_ih_l0': f32([4, 3], [0, 400]) }, 400)),
      'size-mismatch',
      "tensor 'lstm.weight_ih_l0': data_offsets [0, 400] hold 400 bytes but F32 [4, 3] needs 48",
    ));
  it('overlapping tensors', () =>
    expectCheckpointError(
      parse(rawSafetensors({ a: f32([4], [0, 16]), b: f32([2], [24, 32]), c: f32([4], [8, 24]) }, 32)),
      'overlap',
      "tensors 'a' [0, 16] and 'c' [8, 24] overlap in the file",
    ));
  it('a tensor inside another (overlap with a non-adjacent neighbour)', () =>
    expectCheckpointError(
      parse(rawSafetensors({ big: f32([8], [0, 32]), x: f32([1], [4, 8]) }, 32)),
      'overlap',
      /'big' \[0, 32\] and 'x' \[4, 8\]/,
    ));
  it('a hole between two tensors', () =>
    expectCheckpointError(
      parse(rawSafetensors({ a: f32([2], [0, 8]), b: f32([2], [12, 20]) }, 20)),
      'hole',
      "4 byte(s) after tensor 'a' [0, 8] belong to no tensor (the next, 'b', starts at 12): the format forbids gaps between tensors",
    ));
  it('a hole before the first tensor', () =>
    expectCheckpointError(
      parse(rawSafetensors({ a: f32([2], [8, 16]) }, 16)),
      'hole',
      /8 byte\(s\) at the start of the data belong to no tensor/,
    ));
  it('trailing bytes after the last tensor', () =>
    expectCheckpointError(
      parse(rawSafetensors({ a: f32([2], [0, 8]), b: f32([1], [8, 12]) }, 15)),
      'trailing-bytes',
      "3 byte(s) follow the last tensor ('b' ends at 12) up to the end of the 15-byte data section: the format forbids bytes no tensor holds",
    ));
  it('data but no tensor at all is trailing bytes', () =>
    expectCheckpointError(parse(rawSafetensors({}, 8)), 'trailing-bytes', /^8 byte\(s\) follow the last tensor up to/));
  it('tensors that tile the data exactly, empty ones included, are accepted', () => {
    const header = parse(rawSafetensors({ a: f32([2], [0, 8]), e: f32([0], [8, 8]), b: f32([1], [8, 12]) }, 12))();
    expect(header.tensors.map((t) => t.name)).toEqual(['a', 'e', 'b']);
  });
  it('zero-length tensors may share an offset', () => {
    const header = parse(rawSafetensors({ a: f32([0], [4, 4]), b: f32([1], [0, 4]), c: f32([0], [4, 4]) }, 4))();
    expect(header.tensors.map((t) => t.name)).toEqual(['b', 'a', 'c']);
  });
});

describe('__metadata__', () => {
  it('a value that is not a string', () =>
    expectCheckpointError(
      parse(rawSafetensors({ __metadata__: { format: 'pt', step: 3 } })),
      'bad-metadata',
      "__metadata__ 'step': values must be strings, got a number 3",
    ));
  it('not an object', () =>
    expectCheckpointError(
      parse(rawSafetensors({ __metadata__: ['pt'] })),
      'bad-metadata',
      /__metadata__ must be an object of string values, got a list/,
    ));
  it('a key named __proto__ stays an ordinary key', () => {
    const header = parse(rawSafetensors('{"__metadata__":{"__proto__":"x","a":"b"}}'))();
    expect(Object.keys(header.metadata)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(header.metadata)).toBe(Object.prototype);
  });
});

describe('a truncated file', () => {
  it('cut in the middle of the data names the first tensor that no longer fits', async () => {
    const whole = encodeSafetensors([
      { name: 'a', shape: [8], data: new Float32Array(8) },
      { name: 'b', shape: [8], data: new Float32Array(8) },
    ]);
    const cut = whole.subarray(0, whole.length - 20);
    await expectCheckpointError(
      () => decodeSafetensors(cut),
      'bad-offsets',
      /tensor 'b': data_offsets \[32, 64\] run past the end of the data \(44 bytes\): the file is truncated/,
    );
  });
  it('cut inside the header', async () => {
    const whole = encodeSafetensors([{ name: 'a', shape: [8], data: new Float32Array(8) }]);
    await expectCheckpointError(
      () => decodeSafetensors(whole.subarray(0, 20)),
      'bad-header-length',
      /or truncated inside the header/,
    );
  });
});
