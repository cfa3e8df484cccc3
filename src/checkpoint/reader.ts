/**
 * Lazy reading over any positional byte source — a Node file handle (file.ts), or a browser `Blob` in a
 * webview. Opening reads the 8-byte length and the header, nothing else; each tensor is read on demand
 * with one positional read of exactly its bytes, so a 1 GB checkpoint opens in milliseconds and
 * inspecting one tensor costs only that tensor.
 */

import { toFloat32, isFloatDType } from './dtypes';
import { CheckpointError } from './errors';
import { parseSafetensorsHeader, readHeaderLength, type TensorInfo } from './header';

/** Random access to a file's bytes. */
export interface ByteSource {
  /** Total size in bytes. */
  readonly size: number;
  /** Up to `length` bytes from `offset`; fewer only at the end of the file. */
  read(offset: number, length: number): Promise<Uint8Array>;
  close(): Promise<void>;
}

export interface SafetensorsReader {
  /** What the file was opened as (used in every error message). */
  readonly path: string;
  readonly fileSize: number;
  /** N, the JSON header's length (see SafetensorsHeader). */
  readonly headerSize: number;
  readonly metadata: Readonly<Record<string, string>>;
  /** In file order. */
  readonly tensors: readonly TensorInfo[];
  /** The tensor's info, or undefined if the file has no such tensor. */
  tensor(name: string): TensorInfo | undefined;
  /** The tensor's values as float32 (F32/F16/BF16/F64 only; see dtypes.ts for the conversions). */
  readTensor(name: string): Promise<Float32Array>;
  /** The tensor's bytes exactly as stored (little-endian, any dtype). */
  readRaw(name: string): Promise<Uint8Array>;
  /** Releases the source; further reads fail. Safe to call twice. */
  close(): Promise<void>;
}

/** Reads and validates the header from `source`; the source is closed if that fails. */
export async function openSafetensorsSource(source: ByteSource, path: string): Promise<SafetensorsReader> {
  let header;
  try {
    const lengthBytes = await source.read(0, Math.min(8, source.size));
    const headerSize = readHeaderLength(lengthBytes, source.size);
    // Only now, with the length bounded by the file and by MAX_HEADER_BYTES, is the header read.
    header = parseSafetensorsHeader(await readExactly(source, 0, 8 + headerSize, 'the header'), source.size);
  } catch (error) {
    await source.close().catch(() => undefined);
    throw error instanceof CheckpointError ? error.inFile(path) : error;
  }

  const byName = new Map(header.tensors.map((t) => [t.name, t]));
  let closed = false;

  const infoOf = (name: string): TensorInfo => {
    if (closed) throw new CheckpointError('closed', `${path}: cannot read tensor '${name}': the file was closed`);
    const info = byName.get(name);
    if (!info) {
      const names = header.tensors.map((t) => t.name);
      const listed = names.slice(0, 10).join(', ') + (names.length > 10 ? `, … (${names.length} in all)` : '');
      throw new CheckpointError(
        'unknown-tensor',
        `${path}: no tensor named '${name}' (the file has: ${listed || 'no tensors'})`,
      );
    }
    return info;
  };
  const readRaw = async (name: string): Promise<Uint8Array> => {
    const info = infoOf(name);
    try {
      return await readExactly(source, header.dataStart + info.dataOffsets[0], info.byteLength, `tensor '${name}'`);
    } catch (error) {
      throw error instanceof CheckpointError ? error.inFile(path) : error;
    }
  };

  return {
    path,
    fileSize: source.size,
    headerSize: header.headerSize,
    metadata: header.metadata,
    tensors: header.tensors,
    tensor: (name) => byName.get(name),
    readRaw,
    async readTensor(name) {
      const info = infoOf(name);
      if (!isFloatDType(info.dtype)) {
        throw new CheckpointError(
          'not-float',
          `${path}: tensor '${name}' is ${info.dtype}; only F32, F16, BF16 and F64 tensors can be read as numbers`,
        );
      }
      return toFloat32(await readRaw(name), info.dtype);
    },
    async close() {
      if (closed) return;
      closed = true;
      await source.close();
    },
  };
}

/** A read that must return every byte asked for: fewer means the file shrank or lied about its size. */
async function readExactly(source: ByteSource, offset: number, length: number, what: string): Promise<Uint8Array> {
  const bytes = await source.read(offset, length);
  if (bytes.byteLength !== length) {
    throw new CheckpointError(
      'truncated',
      `${what}: expected ${length} bytes at offset ${offset}, the file ended after ${bytes.byteLength}: it is truncated (or changed while being read)`,
    );
  }
  return bytes;
}
