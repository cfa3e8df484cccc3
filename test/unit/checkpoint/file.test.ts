import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readdirSync } from 'node:fs';
import { mkdir, open, readdir, readFile, truncate, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import {
  fileByteSource,
  openSafetensors,
  openSafetensorsSource,
  readSafetensorsFile,
  writeSafetensorsAtomic,
  type TensorToWrite,
} from '../../../src/checkpoint';
import { expectCheckpointError, makeTempDir, rawSafetensors, SPECIAL_F32_BITS } from './helpers';

let dir: string;
let removeDir: () => Promise<void>;
beforeEach(async () => ({ dir, remove: removeDir } = await makeTempDir()));
afterEach(() => removeDir());

const special = new Float32Array(new Uint32Array(SPECIAL_F32_BITS).buffer);
const model: TensorToWrite[] = [
  { name: 'embedding.weight', shape: [3, 4], data: new Float32Array(12).map((_, i) => i / 7 - 0.5) },
  { name: 'lstm.weight_ih_l0', shape: [special.length], data: special },
  { name: 'head.bias', shape: [2], data: new Float64Array([0.1, -0.2]) },
];
const metadata = { format: 'lstm-studio/1', step: '12', note: 'ünïcode' };

describe('writeSafetensorsAtomic + openSafetensors', () => {
  it('round-trips every tensor (bit for bit) and every metadata key through a real file', async () => {
    const path = join(dir, 'last.safetensors');
    await writeSafetensorsAtomic(path, model, metadata);
    const reader = await openSafetensors(path);
    try {
      expect(reader.path).toBe(path);
      expect(reader.metadata).toEqual(metadata);
      expect(reader.tensors.map((t) => [t.name, t.dtype, t.shape])).toEqual([
        ['embedding.weight', 'F32', [3, 4]],
        ['head.bias', 'F32', [2]],
        ['lstm.weight_ih_l0', 'F32', [special.length]],
      ]);
      expect(reader.tensor('head.bias')).toMatchObject({ byteLength: 8, dataOffsets: [48, 56] });
      const bits = (a: Float32Array) => Array.from(new Uint32Array(a.buffer, a.byteOffset, a.length));
      expect(bits(await reader.readTensor('lstm.weight_ih_l0'))).toEqual(SPECIAL_F32_BITS);
      expect(await reader.readTensor('embedding.weight')).toEqual(model[0].data);
      expect(Array.from(await reader.readTensor('head.bias'))).toEqual([Math.fround(0.1), Math.fround(-0.2)]);
      expect((await reader.readRaw('head.bias')).byteLength).toBe(8);
    } finally {
      await reader.close();
    }
    expect(await readdir(dir)).toEqual(['last.safetensors']);
  });

  it('readSafetensorsFile returns everything at once', async () => {
    const path = join(dir, 'best.safetensors');
    await writeSafetensorsAtomic(path, model, metadata);
    const file = await readSafetensorsFile(path);
    expect(file.metadata).toEqual(metadata);
    expect(file.fileSize).toBe((await readFile(path)).length);
    expect(file.tensors.map((t) => t.name)).toEqual(['embedding.weight', 'head.bias', 'lstm.weight_ih_l0']);
    expect(file.tensors[0].data).toEqual(model[0].data);
  });

  it('replaces an existing file completely', async () => {
    const path = join(dir, 'last.safetensors');
    await writeSafetensorsAtomic(path, model, metadata);
    await writeSafetensorsAtomic(path, [{ name: 'x', shape: [1], data: [5] }]);
    const file = await readSafetensorsFile(path);
    expect(file.tensors.map((t) => [t.name, t.data![0]])).toEqual([['x', 5]]);
    expect(file.metadata).toEqual({});
  });

  it('reports unknown tensors, integer tensors read as floats, and reads after close', async () => {
    const path = join(dir, 'mixed.safetensors');
    await writeFile(
      path,
      rawSafetensors(
        {
          n: { dtype: 'I64', shape: [], data_offsets: [0, 8] },
          w: { dtype: 'F32', shape: [1], data_offsets: [8, 12] },
        },
        12,
      ),
    );
    const reader = await openSafetensors(path);
    await expectCheckpointError(
      () => reader.readTensor('lstm.weight_hh_l0'),
      'unknown-tensor',
      `${path}: no tensor named 'lstm.weight_hh_l0' (the file has: n, w)`,
    );
    await expectCheckpointError(
      () => reader.readTensor('n'),
      'not-float',
      `${path}: tensor 'n' is I64; only F32, F16, BF16 and F64 tensors can be read as numbers`,
    );
    expect((await reader.readRaw('n')).byteLength).toBe(8);
    await reader.close();
    await reader.close();
    await expectCheckpointError(() => reader.readTensor('w'), 'closed', /the file was closed/);
  });
});

describe('atomic write: a failure leaves the old file intact and no temporary file behind', () => {
  it('when the data fails midway through the write', async () => {
    const path = join(dir, 'last.safetensors');
    await writeSafetensorsAtomic(path, model, metadata);
    const before = await readFile(path);

    let filesWhenItFailed: string[] = [];
    // An array-like that breaks on its 6th element: the header and the tensor sorted before it are
    // already in the temporary file when it throws.
    const failing = new Proxy(
      { length: 10 },
      {
        get(target, key) {
          if (key === '5') {
            filesWhenItFailed = readdirSync(dir);
            throw new Error('simulated failure while reading tensor data');
          }
          if (key === 'length') return target.length;
          return typeof key === 'string' && /^\d+$/.test(key) ? 0.5 : undefined;
        },
      },
    ) as ArrayLike<number>;
    await expectCheckpointError(
      () =>
        writeSafetensorsAtomic(path, [
          { name: 'a.first', shape: [2], data: [1, 2] },
          { name: 'b.second', shape: [10], data: failing },
        ]),
      'io',
      `${path}: could not write the checkpoint: simulated failure while reading tensor data`,
    );

    expect(filesWhenItFailed.sort()).toEqual([
      'last.safetensors',
      expect.stringMatching(new RegExp(`^last\\.safetensors\\.tmp-${process.pid}-[0-9a-f]+$`)),
    ]);
    expect(await readdir(dir)).toEqual(['last.safetensors']);
    expect(await readFile(path)).toEqual(before);
  });

  it('when the rename fails (the target is a non-empty directory)', async () => {
    const path = join(dir, 'target');
    await mkdir(path);
    await writeFile(join(path, 'keep.txt'), 'keep');
    await expectCheckpointError(
      () => writeSafetensorsAtomic(path, model),
      'io',
      new RegExp(`^${path}: could not write the checkpoint: E(ISDIR|NOTEMPTY|EXIST)`),
    );
    expect((await readdir(dir)).sort()).toEqual(['target']);
    expect(await readFile(join(path, 'keep.txt'), 'utf8')).toBe('keep');
  });

  it('when the tensors are invalid, before the disk is touched', async () => {
    const path = join(dir, 'last.safetensors');
    await expectCheckpointError(
      () => writeSafetensorsAtomic(path, [{ name: 'w', shape: [3], data: [1] }]),
      'bad-input',
      `${path}: tensor 'w': shape [3] has 3 elements but the data has 1`,
    );
    expect(await readdir(dir)).toEqual([]);
  });
});

describe('lazy open', () => {
  it('opens a sparse 1 GB checkpoint in well under a second, reading only the header', async () => {
    const path = join(dir, 'big.safetensors');
    const gigabyte = 2 ** 30;
    const small = new Uint8Array(new Float32Array([1, 2, 3, 4]).buffer);
    const bytes = rawSafetensors(
      {
        big: { dtype: 'F32', shape: [gigabyte / 4], data_offsets: [16, 16 + gigabyte] },
        small: { dtype: 'F32', shape: [4], data_offsets: [0, 16] },
        __metadata__: { format: 'lstm-studio/1' },
      },
      small,
    );
    await writeFile(path, bytes);
    const headerEnd = bytes.length - small.length;
    await truncate(path, headerEnd + 16 + gigabyte); // the 1 GB tensor is a hole: nothing is written

    const started = performance.now();
    const reader = await openSafetensors(path);
    const elapsed = performance.now() - started;
    try {
      expect(elapsed).toBeLessThan(500);
      expect(reader.fileSize).toBe(headerEnd + 16 + gigabyte);
      expect(reader.tensor('big')).toMatchObject({ shape: [gigabyte / 4], byteLength: gigabyte });
      expect(Array.from(await reader.readTensor('small'))).toEqual([1, 2, 3, 4]);
    } finally {
      await reader.close();
    }

    // The same through a counting source: opening reads the 8-byte length, then length + header, nothing more.
    const handle = await open(path, 'r');
    const plain = fileByteSource(handle, (await handle.stat()).size, path);
    const reads: Array<[number, number]> = [];
    const counted = await openSafetensorsSource(
      { ...plain, read: (offset, length) => (reads.push([offset, length]), plain.read(offset, length)) },
      path,
    );
    expect(reads).toEqual([
      [0, 8],
      [0, headerEnd],
    ]);
    await counted.close();
  });
});

describe('broken files are rejected with the file named', () => {
  const cases: Array<[string, Uint8Array | string, string, RegExp]> = [
    ['an empty file', '', 'empty-file', /the file is empty/],
    [
      'a text file',
      'hello, this is a README, not a model\n',
      'bad-header-length',
      /not a safetensors file \(it looks like text: "hello, t…"\)/,
    ],
    [
      'a PNG image',
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 73, 72, 68, 82, 0, 0, 0, 1]),
      'bad-header-length',
      /it looks like a PNG image/,
    ],
    [
      'a claimed 2^40-byte header in a tiny file',
      rawSafetensors({}, 0, { headerLength: 2n ** 40n }),
      'bad-header-length',
      /header length of 1099511627776 bytes but only 8 bytes follow/,
    ],
  ];
  it.each(cases)('%s', async (_label, content, code, message) => {
    const path = join(dir, 'model.safetensors');
    await writeFile(path, content);
    const error = await expectCheckpointError(() => openSafetensors(path), code as never, message);
    expect(error.message.startsWith(`${path}: `)).toBe(true);
  });

  it('a file truncated in the middle of its data', async () => {
    const path = join(dir, 'last.safetensors');
    await writeSafetensorsAtomic(path, model, metadata);
    const size = (await readFile(path)).length;
    await truncate(path, size - 10);
    await expectCheckpointError(
      () => openSafetensors(path),
      'bad-offsets',
      new RegExp(`^${path}: tensor 'lstm.weight_ih_l0': data_offsets .* the file is truncated`),
    );
  });

  it('a file that shrinks after it was opened', async () => {
    const path = join(dir, 'last.safetensors');
    await writeSafetensorsAtomic(path, model, metadata);
    const reader = await openSafetensors(path);
    await truncate(path, reader.fileSize - 10);
    await expectCheckpointError(
      () => reader.readTensor('lstm.weight_ih_l0'),
      'truncated',
      new RegExp(`^${path}: tensor 'lstm.weight_ih_l0': expected 48 bytes .* the file ended after 38`),
    );
    await reader.close();
  });

  it('a missing file', async () => {
    const path = join(dir, 'nope.safetensors');
    await expectCheckpointError(() => openSafetensors(path), 'io', `${path}: could not open the checkpoint: ENOENT`);
  });

  it('a directory', async () => {
    await expectCheckpointError(() => openSafetensors(dir), 'io', `${dir}: not a regular file`);
  });
});
