/**
 * Reads a dataset file from disk (Node only): one pass, in chunks, through one reused buffer, so a
 * 100 MB file is read once and never held as bytes in full. Progress goes to a callback; the
 * fingerprint is the file's SHA-256, the same as `sha256sum` prints.
 */

import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { TextAccumulator, type LoadedText } from './decode-text';
import { failWith, type Result } from './errors';
import type { FingerprintHasher } from './fingerprint';
import { openRegularFile, type FileOpenError } from './regular-file';

export interface ReadTextOptions {
  /** Called after every chunk with the bytes read so far and the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Bytes per read. Default 1 MiB. */
  chunkSize?: number;
  /** Name used in messages and for format detection. Default: the path's base name. */
  displayName?: string;
  /** Stops reading; the result is then an error saying the read was cancelled. */
  signal?: AbortSignal;
}

export async function readTextFile(path: string, options: ReadTextOptions = {}): Promise<Result<LoadedText>> {
  const name = options.displayName ?? basename(path);
  let handle;
  let total: number;
  try {
    ({ handle, size: total } = await openRegularFile(path));
  } catch (error) {
    const { problem } = error as FileOpenError;
    return failWith(name, `${problem}: '${path}'`);
  }
  try {
    const buffer = new Uint8Array(Math.max(4096, options.chunkSize ?? 1 << 20));
    const accumulator = new TextAccumulator(name, sha256Hasher());
    let bytesRead = 0;
    for (;;) {
      if (options.signal?.aborted) return failWith(name, 'reading was cancelled');
      const { bytesRead: n } = await handle.read(buffer, 0, buffer.length, null);
      if (n === 0) break;
      bytesRead += n;
      const problem = accumulator.push(buffer.subarray(0, n));
      if (problem) return { ok: false, error: problem };
      options.onProgress?.(bytesRead, Math.max(total, bytesRead));
    }
    if (bytesRead === 0) options.onProgress?.(0, 0);
    return accumulator.finish();
  } catch (error) {
    return failWith(name, `could not read the file: ${(error as Error).message}`);
  } finally {
    await handle.close();
  }
}

function sha256Hasher(): FingerprintHasher {
  const hash = createHash('sha256');
  return { update: (bytes) => void hash.update(bytes), digest: () => `sha256:${hash.digest('hex')}` };
}
