/**
 * One tensor of a checkpoint read in slices, as numbers, for the editor's statistics and heatmap. The
 * header is read and checked the usual way (checkpoint/file.ts: nothing is allocated before the
 * header's claims are checked against the file size); then the tensor's bytes are read `sliceBytes` at a
 * time, so a 1 GB tensor costs 16 MB of memory, not 1 GB, and the worker can report progress between
 * slices. Every dtype is read: floats exactly as checkpoint/dtypes.ts converts them, integers and bools
 * as their values, 8-bit floats decoded.
 */

import { open, type FileHandle } from 'node:fs/promises';
import { DTYPE_BYTES, isFloatDType, toFloat32, type SafetensorsDType } from '../../checkpoint/dtypes';
import { asCheckpointError, CheckpointError } from '../../checkpoint/errors';
import { fileByteSource, READ_NONBLOCKING } from '../../checkpoint/file';
import type { TensorInfo } from '../../checkpoint/header';
import { openSafetensorsSource, type ByteSource } from '../../checkpoint/reader';

/** 16 MiB: 4 M float32 values per slice. */
export const DEFAULT_SLICE_BYTES = 16 * 1024 * 1024;

export interface TensorSlice {
  /** Index of the slice's first element in the whole tensor. */
  start: number;
  values: Float32Array | Float64Array;
}

export interface SlicedTensor {
  readonly info: TensorInfo;
  /** Number of elements. */
  readonly count: number;
  /** Another tensor of the same file by name (its layer's weight_hh tells a GRU's tensors from an LSTM's). */
  sibling(name: string): TensorInfo | undefined;
  /** The tensor's elements in order, at most `sliceElements` at a time (whole elements, never split). */
  slices(sliceElements: number): AsyncGenerator<TensorSlice>;
  close(): Promise<void>;
}

export async function openSlicedTensor(path: string, tensorName: string): Promise<SlicedTensor> {
  let handle: FileHandle;
  let source: ByteSource;
  try {
    handle = await open(path, READ_NONBLOCKING);
    const stats = await handle.stat();
    if (!stats.isFile()) {
      await handle.close();
      throw new CheckpointError('io', `${path}: not a regular file`);
    }
    const size = stats.size;
    source = fileByteSource(handle, size, path);
  } catch (error) {
    throw asCheckpointError(error, path, 'open the checkpoint');
  }
  // Validates the whole header and closes the source on failure.
  const reader = await openSafetensorsSource(source, path);
  const info = reader.tensor(tensorName);
  if (!info) {
    await reader.close();
    throw new CheckpointError('unknown-tensor', `${path}: no tensor named '${tensorName}' (was the file rewritten?)`);
  }
  const itemSize = DTYPE_BYTES[info.dtype];
  const count = info.byteLength / itemSize;
  const begin = 8 + reader.headerSize + info.dataOffsets[0];

  async function* slices(sliceElements: number): AsyncGenerator<TensorSlice> {
    const step = Math.max(1, Math.floor(sliceElements));
    for (let start = 0; start < count; start += step) {
      const length = Math.min(step, count - start) * itemSize;
      const bytes = await source.read(begin + start * itemSize, length);
      if (bytes.byteLength !== length) {
        throw new CheckpointError(
          'truncated',
          `${path}: tensor '${tensorName}': the file ended inside its data (it is truncated, or changed while being read)`,
        );
      }
      yield { start, values: decodeNumbers(bytes, info!.dtype) };
    }
  }

  return { info, count, sibling: (name) => reader.tensor(name), slices, close: () => reader.close() };
}

/** Little-endian elements of `dtype` as numbers (float32 for float dtypes, float64 for the rest). */
export function decodeNumbers(bytes: Uint8Array, dtype: SafetensorsDType): Float32Array | Float64Array {
  if (isFloatDType(dtype)) return toFloat32(bytes, dtype);
  const size = DTYPE_BYTES[dtype];
  const count = Math.floor(bytes.byteLength / size);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const out = new Float64Array(count);
  const read: (k: number) => number = {
    I64: (k: number) => Number(view.getBigInt64(8 * k, true)),
    U64: (k: number) => Number(view.getBigUint64(8 * k, true)),
    I32: (k: number) => view.getInt32(4 * k, true),
    U32: (k: number) => view.getUint32(4 * k, true),
    I16: (k: number) => view.getInt16(2 * k, true),
    U16: (k: number) => view.getUint16(2 * k, true),
    I8: (k: number) => view.getInt8(k),
    U8: (k: number) => view.getUint8(k),
    BOOL: (k: number) => (view.getUint8(k) !== 0 ? 1 : 0),
    F8_E4M3: (k: number) => float8E4M3(view.getUint8(k)),
    F8_E5M2: (k: number) => float8E5M2(view.getUint8(k)),
  }[dtype];
  for (let k = 0; k < count; k++) out[k] = read(k);
  return out;
}

/** OCP FP8 E4M3 ("fn": no infinities; S.1111.111 is NaN): bias 7, subnormals below exponent 1. */
export function float8E4M3(byte: number): number {
  const sign = byte & 0x80 ? -1 : 1;
  const exponent = (byte >> 3) & 0x0f;
  const mantissa = byte & 0x07;
  if (exponent === 0x0f && mantissa === 0x07) return NaN;
  if (exponent === 0) return sign * mantissa * 2 ** -9;
  return sign * (1 + mantissa / 8) * 2 ** (exponent - 7);
}

/** OCP FP8 E5M2: the top byte of an IEEE half (bias 15, with infinities and NaN). */
export function float8E5M2(byte: number): number {
  const sign = byte & 0x80 ? -1 : 1;
  const exponent = (byte >> 2) & 0x1f;
  const mantissa = byte & 0x03;
  if (exponent === 0x1f) return mantissa === 0 ? sign * Infinity : NaN;
  if (exponent === 0) return sign * mantissa * 2 ** -16;
  return sign * (1 + mantissa / 4) * 2 ** (exponent - 15);
}
