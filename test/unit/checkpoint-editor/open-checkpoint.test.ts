/**
 * Opening a file in the checkpoint editor (readCheckpointOverview): hostile, truncated and
 * non-safetensors files come back as an error value with a readable message — never a throw, never an
 * allocation of what the header claims — and a 1 GB checkpoint opens from its header alone.
 */

import { mkdtemp, open, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeSafetensorsAtomic } from '../../../src/checkpoint/file';
import { readCheckpointOverview } from '../../../src/checkpoint/overview-file';
import { rawSafetensors } from '../checkpoint/helpers';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lstm-open-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function fileWith(name: string, bytes: Uint8Array | string): Promise<string> {
  const path = join(dir, name);
  await writeFile(path, bytes);
  return path;
}

describe('hostile and broken files', () => {
  const cases: [string, () => Uint8Array | string, string, RegExp][] = [
    ['empty', () => new Uint8Array(0), 'empty-file', /empty/],
    [
      'text',
      () => 'hello, this is not a checkpoint at all\n',
      'bad-header-length',
      /not a safetensors file \(it looks like text/,
    ],
    [
      'zip',
      () => new Uint8Array([0x50, 0x4b, 0x03, 0x04, 1, 2, 3, 4, 5, 6, 7, 8]),
      'bad-header-length',
      /PyTorch \.pt/,
    ],
    [
      'header length 2^62',
      () => rawSafetensors('{}', 0, { headerLength: 2n ** 62n }),
      'bad-header-length',
      /header length of 4611686018427387904 bytes/,
    ],
    ['header not JSON', () => rawSafetensors('{"a": [1, 2', 0), 'header-not-json', /not valid JSON/],
    [
      'tensor claims 2^60 floats',
      () => rawSafetensors({ w: { dtype: 'F32', shape: [2 ** 30, 2 ** 30], data_offsets: [0, 16] } }, 16),
      'bad-shape',
      /too large|needs/,
    ],
    [
      'offsets past the end',
      () => rawSafetensors({ w: { dtype: 'F32', shape: [1000], data_offsets: [0, 4000] } }, 16),
      'bad-offsets',
      /run past the end/,
    ],
    [
      'overlapping tensors',
      () =>
        rawSafetensors(
          {
            a: { dtype: 'F32', shape: [4], data_offsets: [0, 16] },
            b: { dtype: 'F32', shape: [4], data_offsets: [8, 24] },
          },
          24,
        ),
      'overlap',
      /overlap/,
    ],
    [
      'unknown dtype',
      () => rawSafetensors({ w: { dtype: 'Q4', shape: [4], data_offsets: [0, 16] } }, 16),
      'unknown-dtype',
      /unknown dtype "Q4"/,
    ],
    [
      'metadata not strings',
      () => rawSafetensors({ __metadata__: { step: 3 } }),
      'bad-metadata',
      /values must be strings/,
    ],
  ];
  for (const [name, bytes, code, message] of cases) {
    it(`${name}: ${code}`, async () => {
      const path = await fileWith(`${name.replace(/\W+/g, '-')}.safetensors`, bytes());
      const result = await readCheckpointOverview(path);
      expect(result.overview).toBeNull();
      expect(result.error?.code).toBe(code);
      expect(result.error?.message).toMatch(message);
      // The editor names the file itself; the message does not repeat the absolute path.
      expect(result.error?.message.startsWith(path)).toBe(false);
    });
  }

  it('a truncated copy of a real checkpoint says it is truncated', async () => {
    const golden = await readFile(join(__dirname, '../../fixtures/golden/charlm.safetensors'));
    const path = await fileWith('truncated.safetensors', golden.subarray(0, Math.floor(golden.length * 0.6)));
    const result = await readCheckpointOverview(path);
    expect(result.error?.code).toBe('bad-offsets');
    expect(result.error?.message).toMatch(/truncated/);
  });

  it('a missing file is an I/O error value', async () => {
    const result = await readCheckpointOverview(join(dir, 'nope.safetensors'));
    expect(result.error?.code).toBe('io');
    expect(result.error?.message).toMatch(/ENOENT|no such file/);
  });
});

describe('large files', () => {
  it('opens a 1 GiB checkpoint from its header alone, well under a second', async () => {
    // A sparse file: a real header for a 16384 × 16384 float32 tensor, and 1 GiB of (unwritten) data.
    const path = join(dir, 'huge.safetensors');
    const elements = 16384 * 16384;
    const header = rawSafetensors({
      __metadata__: { format: 'pt' },
      'lstm.weight_hh_l0': { dtype: 'F32', shape: [16384, 16384], data_offsets: [0, 4 * elements] },
    });
    await writeFile(path, header);
    await truncate(path, header.length + 4 * elements);
    const handle = await open(path, 'r');
    expect((await handle.stat()).size).toBe(header.length + 2 ** 30);
    await handle.close();

    const started = performance.now();
    const result = await readCheckpointOverview(path);
    const ms = performance.now() - started;
    expect(result.error).toBeNull();
    expect(result.overview!.tensors[0]).toMatchObject({
      name: 'lstm.weight_hh_l0',
      elements,
      bytes: 2 ** 30,
      gateHiddenSize: 4096,
    });
    expect(ms).toBeLessThan(500);
    console.log(
      `opened a 1 GiB checkpoint in ${ms.toFixed(1)} ms (header ${result.headerBytes} bytes; reported ${result.openMs.toFixed(1)} ms)`,
    );
  });

  it('describes a real checkpoint written by our writer', async () => {
    const path = join(dir, 'ours.safetensors');
    await writeSafetensorsAtomic(path, [{ name: 'head.bias', shape: [2], data: new Float32Array([1, 2]) }], {
      format: 'pt',
    });
    const result = await readCheckpointOverview(path);
    expect(result.error).toBeNull();
    expect(result.overview!.tensors).toEqual([
      { name: 'head.bias', dtype: 'F32', shape: [2], elements: 2, bytes: 8, group: 'parameter' },
    ]);
  });
});
