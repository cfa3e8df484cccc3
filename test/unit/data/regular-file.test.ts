/**
 * Every user-given path is checked before it is read: a FIFO (which `open` would wait on forever), a
 * folder or a device is refused at once with a one-line error naming the path — as a dataset, a
 * checkpoint, a `--file` input, import answers or a vocabulary file, and a run folder's files.
 */

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSafetensors } from '../../../src/checkpoint/file';
import { readTextFile } from '../../../src/data/read-text';
import { openRegularFile, readRegularTextFile } from '../../../src/data/regular-file';
import { readManifest } from '../../../src/train/run-directory';
import { errorOf } from './helpers';

const root = mkdtempSync(join(tmpdir(), 'lstm-regular-file-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fifo(name: string): string {
  const path = join(root, name);
  execFileSync('mkfifo', [path]);
  return path;
}

/** Fails instead of hanging: the promise must settle within a second. */
function settlesSoon<T>(promise: Promise<T>): Promise<T> {
  return Promise.race([
    promise,
    new Promise<T>((_, reject) => setTimeout(() => reject(new Error('still waiting after 1 s: it hangs')), 1000)),
  ]);
}

describe.skipIf(process.platform === 'win32')('opening a user-given path', () => {
  it('a FIFO as a dataset is refused at once, naming the file', async () => {
    const path = fifo('data.csv');
    expect(errorOf(await settlesSoon(readTextFile(path))).message).toBe(
      `data.csv: is a named pipe (FIFO), not a regular file: '${path}'`,
    );
  });

  it('a FIFO as a checkpoint is refused at once', async () => {
    const path = fifo('model.safetensors');
    await expect(settlesSoon(openSafetensors(path))).rejects.toThrow(`${path}: not a regular file (a named pipe)`);
  });

  it('a FIFO as --file, import answers or a vocabulary file is refused at once', async () => {
    const path = fifo('prompt.txt');
    await expect(settlesSoon(readRegularTextFile(path))).rejects.toThrow(
      `${path}: is a named pipe (FIFO), not a regular file`,
    );
  });

  it('a folder and a device are refused by type; a too large file by size', async () => {
    const folder = join(root, 'folder');
    mkdirSync(folder);
    await expect(readRegularTextFile(folder)).rejects.toThrow(`${folder}: is a folder, not a regular file`);
    await expect(readRegularTextFile('/dev/zero')).rejects.toThrow('/dev/zero: is a device, not a regular file');
    const big = join(root, 'big.txt');
    writeFileSync(big, 'x'.repeat(2000));
    await expect(openRegularFile(big, 1000)).rejects.toThrow(`${big}: the file is 2.0 KiB, more than the 1000 bytes`);
    expect(await readRegularTextFile(big)).toHaveLength(2000);
  });

  it('a run folder whose run.json is a FIFO (--resume) is refused at once', async () => {
    const runDir = join(root, 'run');
    mkdirSync(runDir);
    const path = fifo('run/run.json');
    await expect(settlesSoon(readManifest(runDir))).rejects.toThrow(`${path}: is a named pipe (FIFO)`);
  });
});
