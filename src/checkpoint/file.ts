/**
 * Safetensors files on disk (Node `fs/promises`): atomic writes and lazy, bounds-checked reads.
 *
 * Writing goes to `<name>.tmp-<pid>-<random>` in the target's directory (same filesystem, so the
 * rename is atomic), is fsynced, then renamed over the target: a crash or an error at any point leaves
 * either the old file or the new one, never a torn mix — which matters because `last.safetensors` is
 * rewritten all through training and is what a resume reads.
 */

import { randomBytes } from 'node:crypto';
import { constants } from 'node:fs';
import { open, rename, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { asCheckpointError, CheckpointError } from './errors';
import { isFloatDType, toFloat32 } from './dtypes';
import type { TensorInfo } from './header';
import { openSafetensorsSource, type ByteSource, type SafetensorsReader } from './reader';
import { prepareSafetensors, type TensorToWrite } from './safetensors';

/** Node rejects single reads above 2 GiB; larger tensors are read in slices of this size. */
const MAX_READ_BYTES = 1 << 30;

/** Read-only, non-blocking: a FIFO opens at once and is then refused by type instead of hanging. */
export const READ_NONBLOCKING = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** Writes the file atomically: the target is either untouched or completely replaced. */
export async function writeSafetensorsAtomic(
  path: string,
  tensors: readonly TensorToWrite[],
  metadata?: Readonly<Record<string, string>>,
): Promise<void> {
  let prepared;
  try {
    // Validation first: a bad tensor fails before the disk is touched.
    prepared = prepareSafetensors(tensors, metadata);
  } catch (error) {
    throw asCheckpointError(error, path, 'prepare the checkpoint');
  }
  const temporary = join(dirname(path), `${basename(path)}.tmp-${process.pid}-${randomBytes(6).toString('hex')}`);
  let handle: FileHandle | undefined;
  try {
    handle = await open(temporary, 'wx');
    let position = 0;
    for (const chunk of prepared.chunks()) {
      await writeFully(handle, chunk, position);
      position += chunk.byteLength;
    }
    await handle.sync();
    await handle.close();
    handle = undefined;
    await rename(temporary, path);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await unlink(temporary).catch(() => undefined);
    throw asCheckpointError(error, path, 'write the checkpoint');
  }
  await syncDirectory(dirname(path));
}

/**
 * Opens the file and reads its header only; tensors are read on demand. Close the reader when done.
 * A truncated, empty or non-safetensors file fails here with a CheckpointError naming the file.
 */
export async function openSafetensors(path: string): Promise<SafetensorsReader> {
  let handle: FileHandle;
  let size: number;
  try {
    // Non-blocking, so a FIFO opens at once and the type check below refuses it (src/data/regular-file.ts).
    handle = await open(path, READ_NONBLOCKING);
  } catch (error) {
    throw asCheckpointError(error, path, 'open the checkpoint');
  }
  try {
    const stats = await handle.stat();
    if (!stats.isFile())
      throw new CheckpointError(
        'io',
        `${path}: not a regular file (${stats.isFIFO() ? 'a named pipe' : stats.isDirectory() ? 'a folder' : 'a device or socket'})`,
      );
    size = stats.size;
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw asCheckpointError(error, path, 'open the checkpoint');
  }
  return openSafetensorsSource(fileByteSource(handle, size, path), path);
}

/** A tensor read eagerly: `data` for float dtypes, `raw` bytes always. */
export interface LoadedTensor extends TensorInfo {
  readonly raw: Uint8Array;
  readonly data: Float32Array | undefined;
}

/** Everything at once, for small files (the header is still validated before any tensor is read). */
export async function readSafetensorsFile(path: string): Promise<{
  path: string;
  fileSize: number;
  headerSize: number;
  metadata: Record<string, string>;
  tensors: LoadedTensor[];
}> {
  const reader = await openSafetensors(path);
  try {
    const tensors: LoadedTensor[] = [];
    for (const info of reader.tensors) {
      const raw = await reader.readRaw(info.name);
      tensors.push({ ...info, raw, data: isFloatDType(info.dtype) ? toFloat32(raw, info.dtype) : undefined });
    }
    return {
      path,
      fileSize: reader.fileSize,
      headerSize: reader.headerSize,
      metadata: { ...reader.metadata },
      tensors,
    };
  } finally {
    await reader.close();
  }
}

/** A ByteSource over an open file handle, with positional reads (no shared file position to race on). */
export function fileByteSource(handle: FileHandle, size: number, path: string): ByteSource {
  return {
    size,
    async read(offset, length) {
      const buffer = new Uint8Array(Math.max(0, Math.min(length, size - offset)));
      let filled = 0;
      try {
        while (filled < buffer.byteLength) {
          const want = Math.min(buffer.byteLength - filled, MAX_READ_BYTES);
          const { bytesRead } = await handle.read(buffer, filled, want, offset + filled);
          if (bytesRead === 0) break; // the file shrank since stat: the caller reports the short read
          filled += bytesRead;
        }
      } catch (error) {
        throw asCheckpointError(error, path, 'read the checkpoint');
      }
      return filled === buffer.byteLength ? buffer : buffer.subarray(0, filled);
    },
    close: () => handle.close(),
  };
}

async function writeFully(handle: FileHandle, chunk: Uint8Array, position: number): Promise<void> {
  let written = 0;
  while (written < chunk.byteLength) {
    const length = Math.min(chunk.byteLength - written, MAX_READ_BYTES);
    const { bytesWritten } = await handle.write(chunk, written, length, position + written);
    if (bytesWritten === 0) throw new Error('the disk accepted no bytes (is it full?)');
    written += bytesWritten;
  }
}

/**
 * Makes the rename itself durable (POSIX needs the directory fsynced). Best effort: Windows cannot
 * open a directory for syncing, and the file's own data is already on disk either way.
 */
async function syncDirectory(directory: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(directory, 'r');
    await handle.sync();
  } catch {
    // ignored, see above
  } finally {
    await handle?.close().catch(() => undefined);
  }
}
