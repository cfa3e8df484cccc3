/**
 * `lstm-studio eval --report f.json`: the report written whole or not at all — to a temporary file beside
 * it, then renamed over it — so a full disk or an interrupted run never leaves half a JSON file.
 */

import { randomBytes } from 'node:crypto';
import { rename, unlink, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export async function writeReportFile(path: string, report: object): Promise<void> {
  const temporary = join(dirname(path), `.${basename(path)}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  try {
    await writeFile(temporary, JSON.stringify(report, null, 2) + '\n', { flag: 'wx' });
    await rename(temporary, path);
  } catch (error) {
    await unlink(temporary).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOSPC'
        ? 'the disk is full'
        : code === 'ENOENT'
          ? 'its folder does not exist'
          : code === 'EACCES'
            ? 'permission denied'
            : (error as Error).message;
    throw new Error(`${path}: cannot write the report (${why})`);
  }
}
