/**
 * Reading a safetensors header, trusting nothing (layout in safetensors.ts).
 *
 * Every claim the header makes — its own length, each tensor's dtype, shape and offsets — is checked
 * against the real file size before anything proportional to a claim is allocated: a file that says
 * "my header is 2^40 bytes" or "this tensor is 2^60 floats" is rejected by arithmetic alone. Only the
 * header bytes themselves are ever decoded, and their length is bounded by the file and by
 * MAX_HEADER_BYTES.
 */

import { DTYPE_BYTES, isKnownDType, isFloatDType, toFloat32, type SafetensorsDType } from './dtypes';
import { CheckpointError } from './errors';
import { describeFileStart } from './sniff';
import { jsonSyntaxProblem } from '../protocol/json-syntax';

/**
 * The largest header accepted: 16 MiB. The reference implementation allows 100 MB, but a header is
 * parsed whole (JSON.parse, about 1 s for 23 MB, several times that in memory), and ours are far smaller:
 * a model's tensor table is a few KB and even a 1-million-word vocabulary in the metadata is ~12 MB.
 * A bigger header is refused before a byte of it is read.
 */
export const MAX_HEADER_BYTES = 16 * 1024 * 1024;

export interface TensorInfo {
  readonly name: string;
  readonly dtype: SafetensorsDType;
  readonly shape: readonly number[];
  /** end − begin of `dataOffsets`, equal to product(shape) × dtype size. */
  readonly byteLength: number;
  /** [begin, end) relative to the start of the data section (`8 + headerSize` in the file). */
  readonly dataOffsets: readonly [number, number];
}

export interface SafetensorsHeader {
  /** N: the JSON header's length in bytes, padding included, as the file's first 8 bytes say. */
  readonly headerSize: number;
  /** Where the data section starts in the file: 8 + headerSize. */
  readonly dataStart: number;
  /** `__metadata__`, or {} when absent. */
  readonly metadata: Record<string, string>;
  /** In file order (by data offset, then name). */
  readonly tensors: readonly TensorInfo[];
}

/** Validates the 8-byte length prefix against the file size; `prefix` needs only its first 8 bytes. */
export function readHeaderLength(prefix: Uint8Array, fileSize: number): number {
  if (!Number.isSafeInteger(fileSize) || fileSize < 0) {
    throw new CheckpointError('bad-input', `file size must be a non-negative integer, got ${fileSize}`);
  }
  if (fileSize === 0) {
    throw new CheckpointError(
      'empty-file',
      'the file is empty (0 bytes); a safetensors file starts with an 8-byte header length',
    );
  }
  if (fileSize < 8) {
    const guess = describeFileStart(prefix.subarray(0, fileSize));
    throw new CheckpointError(
      'truncated',
      `the file is only ${fileSize} bytes, too short for the 8-byte header length of a safetensors file${guess}`,
    );
  }
  if (prefix.length < 8) throw new CheckpointError('bad-input', `need the file's first 8 bytes, got ${prefix.length}`);
  const claimed = new DataView(prefix.buffer, prefix.byteOffset, 8).getBigUint64(0, true);
  if (claimed === 0n) {
    throw new CheckpointError(
      'bad-header-length',
      'the header length is 0; even an empty safetensors header is "{}": not a safetensors file',
    );
  }
  // Compared as BigInt: a u64 near 2^64 is not exact as a Number.
  if (claimed > BigInt(fileSize - 8)) {
    throw new CheckpointError(
      'bad-header-length',
      `not a safetensors file${describeFileStart(prefix.subarray(0, 8))}, or truncated inside the header: ` +
        `the first 8 bytes give a header length of ${claimed} bytes but only ${fileSize - 8} bytes follow`,
    );
  }
  if (claimed > BigInt(MAX_HEADER_BYTES)) {
    throw new CheckpointError(
      'header-too-large',
      `the header length is ${claimed} bytes, over LSTM Studio's limit of ${MAX_HEADER_BYTES} bytes (16 MiB)`,
    );
  }
  return Number(claimed);
}

/** Parses and validates the header from the file's first `8 + N` bytes (more is fine). */
export function parseSafetensorsHeader(prefix: Uint8Array, fileSize: number): SafetensorsHeader {
  const headerSize = readHeaderLength(prefix, fileSize);
  if (prefix.length < 8 + headerSize) {
    throw new CheckpointError(
      'bad-input',
      `need the file's first ${8 + headerSize} bytes (length + header), got ${prefix.length}`,
    );
  }
  const dataStart = 8 + headerSize;
  const dataSize = fileSize - dataStart;
  const json = decodeHeaderJson(prefix.subarray(8, dataStart));

  let metadata: Record<string, string> = {};
  const tensors: TensorInfo[] = [];
  for (const name of Object.keys(json)) {
    if (name === '__metadata__') metadata = checkMetadata(json[name]);
    else tensors.push(checkTensorEntry(name, json[name], dataSize));
  }
  tensors.sort(
    (a, b) =>
      a.dataOffsets[0] - b.dataOffsets[0] ||
      a.dataOffsets[1] - b.dataOffsets[1] ||
      (a.name < b.name ? -1 : a.name > b.name ? 1 : 0),
  );
  checkTiling(tensors, dataSize);
  return { headerSize, dataStart, metadata, tensors };
}

/** A whole file already in memory, every tensor a view into `bytes`. */
export interface DecodedTensor extends TensorInfo {
  /** The tensor's bytes (a view, no copy). */
  readonly raw: Uint8Array;
  /** The values as float32, or undefined for integer/bool dtypes. */
  readonly data: Float32Array | undefined;
}

export function decodeSafetensors(bytes: Uint8Array): {
  headerSize: number;
  metadata: Record<string, string>;
  tensors: DecodedTensor[];
} {
  const header = parseSafetensorsHeader(bytes, bytes.byteLength);
  const tensors = header.tensors.map((info) => {
    const raw = bytes.subarray(header.dataStart + info.dataOffsets[0], header.dataStart + info.dataOffsets[1]);
    return { ...info, raw, data: isFloatDType(info.dtype) ? toFloat32(raw, info.dtype) : undefined };
  });
  return { headerSize: header.headerSize, metadata: header.metadata, tensors };
}

function decodeHeaderJson(bytes: Uint8Array): Record<string, unknown> {
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CheckpointError(
      'header-not-json',
      `the ${bytes.length}-byte header is not UTF-8 text: not a safetensors file, or a corrupt one`,
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new CheckpointError(
      'header-not-json',
      `the ${bytes.length}-byte header is not valid JSON${describeWhere(jsonSyntaxProblem(error))}: not a safetensors file, or a corrupt one`,
    );
  }
  if (!isJsonObject(parsed)) {
    throw new CheckpointError(
      'header-not-object',
      `the header must be a JSON object mapping tensor names to {dtype, shape, data_offsets}, got ${describeJson(parsed)}`,
    );
  }
  return parsed;
}

function checkTensorEntry(name: string, entry: unknown, dataSize: number): TensorInfo {
  const where = `tensor '${name}'`;
  if (!isJsonObject(entry)) {
    throw new CheckpointError(
      'bad-tensor-entry',
      `${where}: expected an object {dtype, shape, data_offsets}, got ${describeJson(entry)}`,
    );
  }
  const { dtype, shape, data_offsets: offsets } = entry;
  if (typeof dtype !== 'string' || !isKnownDType(dtype)) {
    throw new CheckpointError(
      'unknown-dtype',
      `${where}: ${dtype === undefined ? 'no dtype' : `unknown dtype ${JSON.stringify(dtype)}`} (known: ${Object.keys(DTYPE_BYTES).join(', ')})`,
    );
  }
  if (!Array.isArray(shape)) {
    throw new CheckpointError(
      'bad-shape',
      `${where}: shape must be a list of non-negative integers, got ${describeJson(shape)}`,
    );
  }
  for (const dim of shape) {
    if (!Number.isSafeInteger(dim) || (dim as number) < 0) {
      throw new CheckpointError(
        'bad-shape',
        `${where}: shape ${formatList(shape)} has dimension ${JSON.stringify(dim)}; dimensions must be non-negative integers`,
      );
    }
  }
  const dims = shape as number[];
  const byteLength = checkedByteLength(dims, DTYPE_BYTES[dtype]);
  if (byteLength === undefined) {
    throw new CheckpointError(
      'bad-shape',
      `${where}: ${dtype} ${formatList(dims)} is too large to address (its byte size overflows 2^53)`,
    );
  }
  if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isSafeInteger(o) && o >= 0)) {
    throw new CheckpointError(
      'bad-offsets',
      `${where}: data_offsets must be two non-negative integers [begin, end], got ${describeJson(offsets)}`,
    );
  }
  const [begin, end] = offsets as [number, number];
  if (begin > end) {
    throw new CheckpointError('bad-offsets', `${where}: data_offsets [${begin}, ${end}] are reversed (begin > end)`);
  }
  if (end > dataSize) {
    throw new CheckpointError(
      'bad-offsets',
      `${where}: data_offsets [${begin}, ${end}] run past the end of the data (${dataSize} bytes): the file is truncated or its header is wrong`,
    );
  }
  if (end - begin !== byteLength) {
    throw new CheckpointError(
      'size-mismatch',
      `${where}: data_offsets [${begin}, ${end}] hold ${end - begin} bytes but ${dtype} ${formatList(dims)} needs ${byteLength}`,
    );
  }
  return { name, dtype, shape: dims, byteLength, dataOffsets: [begin, end] };
}

/** product(dims) × itemSize, or undefined when it leaves the safe-integer range (where doubles stop being exact). */
function checkedByteLength(dims: readonly number[], itemSize: number): number | undefined {
  if (dims.includes(0)) return 0;
  let total = itemSize;
  for (const dim of dims) {
    total *= dim;
    if (!Number.isSafeInteger(total)) return undefined;
  }
  return total;
}

/**
 * The format requires the tensors to tile the data section exactly: sorted by offset, each begins where
 * the previous one ended (empty tensors included), and the last ends at the end of the file. A hole or
 * trailing bytes are data no tensor accounts for (a damaged or tampered file), so they are refused like
 * overlaps. One pass over `tensors`, sorted by (begin, end).
 */
function checkTiling(tensors: readonly TensorInfo[], dataSize: number): void {
  let end = 0;
  let previous: TensorInfo | undefined;
  for (const tensor of tensors) {
    const [begin] = tensor.dataOffsets;
    if (begin < end) {
      throw new CheckpointError(
        'overlap',
        `tensors '${previous!.name}' ${formatList(previous!.dataOffsets)} and '${tensor.name}' ${formatList(tensor.dataOffsets)} overlap in the file`,
      );
    }
    if (begin > end) {
      const after = previous
        ? `after tensor '${previous.name}' ${formatList(previous.dataOffsets)}`
        : 'at the start of the data';
      throw new CheckpointError(
        'hole',
        `${begin - end} byte(s) ${after} belong to no tensor (the next, '${tensor.name}', starts at ${begin}): ` +
          'the format forbids gaps between tensors',
      );
    }
    end = tensor.dataOffsets[1];
    previous = tensor;
  }
  if (end !== dataSize) {
    throw new CheckpointError(
      'trailing-bytes',
      `${dataSize - end} byte(s) follow the last tensor${previous ? ` ('${previous.name}' ends at ${end})` : ''} ` +
        `up to the end of the ${dataSize}-byte data section: the format forbids bytes no tensor holds`,
    );
  }
}

function checkMetadata(value: unknown): Record<string, string> {
  if (!isJsonObject(value)) {
    throw new CheckpointError(
      'bad-metadata',
      `__metadata__ must be an object of string values, got ${describeJson(value)}`,
    );
  }
  for (const key of Object.keys(value)) {
    if (typeof value[key] !== 'string') {
      throw new CheckpointError(
        'bad-metadata',
        `__metadata__ '${key}': values must be strings, got ${describeJson(value[key])}`,
      );
    }
  }
  // fromEntries defines own properties, so a key named "__proto__" stays an ordinary key.
  return Object.fromEntries(Object.entries(value as Record<string, string>));
}

function isJsonObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function describeJson(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return `a list ${truncate(JSON.stringify(value))}`;
  if (typeof value === 'object') return 'an object';
  return `${typeof value === 'string' ? 'a string' : `a ${typeof value}`} ${truncate(JSON.stringify(value))}`;
}

function truncate(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

function formatList(values: readonly unknown[]): string {
  return `[${values.map((v) => JSON.stringify(v)).join(', ')}]`;
}

/** " (where)" for a message, or nothing when the parser did not say. */
function describeWhere(where: string): string {
  return where ? ` (${where})` : '';
}
