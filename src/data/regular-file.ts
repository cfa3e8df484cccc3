/**
 * The one way a user-given path is opened for reading (Node only). `open(2)` on a FIFO waits for a
 * writer forever, so the file is opened non-blocking and its type checked on the open handle (no race
 * between a check and the open): a named pipe, a device, a socket or a folder is refused with a message
 * naming the path, and a file larger than the caller's bound is refused before it is read.
 * The checkpoint reader (src/checkpoint/file.ts, which may not import this folder) opens with the same
 * `READ_NONBLOCKING` flags and the same check.
 */

import { constants, type Stats } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';

/** Read-only and non-blocking: opening a FIFO returns at once (the type check then refuses it). */
export const READ_NONBLOCKING = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/**
 * A path that cannot be read as a file. The message is `<path>: <problem>`; `code` is the system's
 * (ENOENT, …) or `ENOTREG`, `EFBIG`.
 */
export class FileOpenError extends Error {
  constructor(
    readonly path: string,
    readonly problem: string,
    readonly code: string,
  ) {
    super(`${path}: ${problem}`);
    this.name = 'FileOpenError';
  }
}

/** What a path that is not a regular file is, in words, or null for a regular file. */
export function notRegularFileKind(stats: Stats): string | null {
  if (stats.isFile()) return null;
  if (stats.isFIFO()) return 'a named pipe (FIFO)';
  if (stats.isDirectory()) return 'a folder';
  if (stats.isCharacterDevice() || stats.isBlockDevice()) return 'a device';
  if (stats.isSocket()) return 'a socket';
  return 'not a regular file';
}

/** The open error in words, naming the path. */
export function describeOpenError(error: unknown, path: string): FileOpenError {
  if (error instanceof FileOpenError) return error;
  const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
  if (code === 'ENOENT') return new FileOpenError(path, `file not found`, code);
  if (code === 'EACCES' || code === 'EPERM') return new FileOpenError(path, `permission denied`, code);
  if (code === 'EISDIR') return new FileOpenError(path, `is a folder, not a file`, code);
  if (code === 'ELOOP') return new FileOpenError(path, `too many symbolic links (a link loop?)`, code);
  return new FileOpenError(path, `could not open the file (${code})`, code);
}

/**
 * Opens `path` for reading if it is a regular file of at most `maxBytes`; returns the handle and the
 * size. Throws a `FileOpenError` naming the path otherwise. The caller closes the handle.
 */
export async function openRegularFile(
  path: string,
  maxBytes = Number.MAX_SAFE_INTEGER,
): Promise<{ handle: FileHandle; size: number }> {
  let handle: FileHandle;
  try {
    handle = await open(path, READ_NONBLOCKING);
  } catch (error) {
    throw describeOpenError(error, path);
  }
  try {
    const stats = await handle.stat();
    const kind = notRegularFileKind(stats);
    if (kind) throw new FileOpenError(path, `is ${kind}, not a regular file`, 'ENOTREG');
    if (stats.size > maxBytes)
      throw new FileOpenError(
        path,
        `the file is ${formatBytes(stats.size)}, more than the ${formatBytes(maxBytes)} this reads`,
        'EFBIG',
      );
    return { handle, size: stats.size };
  } catch (error) {
    await handle.close().catch(() => undefined);
    throw describeOpenError(error, path);
  }
}

/** Default bound of `readRegularTextFile`: answers, vocabularies, run.json, metrics.csv, `--file` input. */
export const TEXT_FILE_MAX_BYTES = 256 * 1024 * 1024;

/** A small file's whole text (UTF-8), after `openRegularFile`'s checks. */
export async function readRegularTextFile(path: string, maxBytes = TEXT_FILE_MAX_BYTES): Promise<string> {
  const { handle } = await openRegularFile(path, maxBytes);
  try {
    return await handle.readFile('utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    throw new FileOpenError(path, `could not read the file (${code})`, code);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** Bytes in words: `1.2 GiB`, `3.0 MiB`, `1023.9 KiB`, `512 bytes`. */
export function formatBytes(bytes: number): string {
  // The larger unit as soon as the smaller one would round to 1024.0 ("1.0 MiB", not "1024.0 KiB").
  for (const [size, unit] of [
    [1 << 30, 'GiB'],
    [1 << 20, 'MiB'],
    [1 << 10, 'KiB'],
  ] as const)
    if (bytes >= size * (1 - 0.05 / 1024)) return `${(bytes / size).toFixed(1)} ${unit}`;
  return `${bytes} bytes`;
}
