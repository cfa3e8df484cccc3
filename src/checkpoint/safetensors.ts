/**
 * Writing the safetensors format (https://github.com/huggingface/safetensors), pure: no Node APIs.
 *
 *   [0, 8)          u64 little-endian N = length of the JSON header in bytes
 *   [8, 8+N)        JSON {"<name>": {"dtype":"F32","shape":[…],"data_offsets":[begin,end]}, …,
 *                         "__metadata__": {"<key>": "<string>", …}}, space-padded so N % 8 == 0
 *   [8+N, end)      raw little-endian tensor data, tensors in sorted-name order;
 *                   data_offsets count from 8+N
 *
 * The padding keeps every F32 tensor 4-byte aligned in the file, so a reader that maps or reads the
 * whole file can view the data without copying.
 */

import { float32LittleEndianBytes } from './dtypes';
import { CheckpointError } from './errors';
import { MAX_HEADER_BYTES } from './header';

/** A tensor to write. Everything is stored as F32; Float64Array and plain number arrays are rounded to it. */
export interface TensorToWrite {
  /** PyTorch-style name, e.g. `lstm.weight_ih_l0` (see names.ts). */
  readonly name: string;
  /** Only 'F32' is written; the field exists so callers can say so explicitly. */
  readonly dtype?: 'F32';
  /** Row-major shape; the product must equal `data.length`. */
  readonly shape: readonly number[];
  readonly data: Float32Array | Float64Array | ArrayLike<number>;
}

/** A file ready to be streamed: the header is built, the data is taken from the caller's arrays only as each chunk is reached. */
export interface PreparedSafetensors {
  /** Total size of the file in bytes. */
  readonly byteLength: number;
  /** The 8-byte length prefix plus the padded JSON header. */
  readonly header: Uint8Array;
  /**
   * The header, then one Uint8Array per tensor in file order. F32 data is a view of the caller's array
   * (no copy); other data is converted one tensor at a time, so a writer never holds a second copy
   * of the whole model.
   */
  chunks(): Generator<Uint8Array, void, undefined>;
}

/** Validates the tensors and builds the header; no tensor data is read or copied yet. */
export function prepareSafetensors(
  tensors: readonly TensorToWrite[],
  metadata: Readonly<Record<string, string>> = {},
): PreparedSafetensors {
  const sorted = [...tensors].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const entries: string[] = [];
  let offset = 0;
  for (let i = 0; i < sorted.length; i++) {
    const tensor = sorted[i];
    checkTensorToWrite(tensor);
    if (i > 0 && sorted[i - 1].name === tensor.name) {
      throw new CheckpointError('bad-input', `tensor '${tensor.name}' is given twice`);
    }
    const byteLength = 4 * tensor.data.length;
    const info = { dtype: 'F32', shape: [...tensor.shape], data_offsets: [offset, offset + byteLength] };
    entries.push(`${JSON.stringify(tensor.name)}:${JSON.stringify(info)}`);
    offset += byteLength;
  }
  const metadataKeys = Object.keys(metadata);
  if (metadataKeys.length > 0) entries.push(`"__metadata__":${stringMapToJson(metadata)}`);

  // Built by hand rather than with JSON.stringify(object): an object would move integer-like names
  // ("0", "12") to the front and would treat a name "__proto__" specially.
  const json = new TextEncoder().encode(`{${entries.join(',')}}`);
  const headerLength = Math.ceil(json.byteLength / 8) * 8;
  if (headerLength > MAX_HEADER_BYTES) {
    throw new CheckpointError(
      'bad-input',
      `the header would be ${headerLength} bytes, over the ${MAX_HEADER_BYTES}-byte limit readers enforce; store less metadata`,
    );
  }
  const header = new Uint8Array(8 + headerLength).fill(0x20, 8 + json.byteLength);
  new DataView(header.buffer).setBigUint64(0, BigInt(headerLength), true);
  header.set(json, 8);

  return {
    byteLength: header.byteLength + offset,
    header,
    *chunks() {
      yield header;
      for (const tensor of sorted) yield tensorBytes(tensor);
    },
  };
}

/** The file as a list of chunks (header + one per tensor); F32 chunks are views of the caller's arrays. */
export function encodeSafetensorsChunks(
  tensors: readonly TensorToWrite[],
  metadata?: Readonly<Record<string, string>>,
): Uint8Array[] {
  return [...prepareSafetensors(tensors, metadata).chunks()];
}

/** The whole file in one buffer (for small files, tests and in-memory use). */
export function encodeSafetensors(
  tensors: readonly TensorToWrite[],
  metadata?: Readonly<Record<string, string>>,
): Uint8Array {
  const prepared = prepareSafetensors(tensors, metadata);
  const out = new Uint8Array(prepared.byteLength);
  let position = 0;
  for (const chunk of prepared.chunks()) {
    out.set(chunk, position);
    position += chunk.byteLength;
  }
  return out;
}

function checkTensorToWrite(tensor: TensorToWrite): void {
  const where = `tensor '${tensor.name}'`;
  if (typeof tensor.name !== 'string' || tensor.name === '' || tensor.name === '__metadata__') {
    throw new CheckpointError('bad-input', `invalid tensor name ${JSON.stringify(tensor.name)}`);
  }
  if (tensor.dtype !== undefined && tensor.dtype !== 'F32') {
    throw new CheckpointError('bad-input', `${where}: only F32 is written, got dtype ${JSON.stringify(tensor.dtype)}`);
  }
  let elements = 1;
  for (const dim of tensor.shape) {
    if (!Number.isSafeInteger(dim) || dim < 0) {
      throw new CheckpointError(
        'bad-input',
        `${where}: shape [${tensor.shape.join(', ')}] has dimension ${dim}; dimensions must be non-negative integers`,
      );
    }
    elements *= dim;
  }
  if (elements !== tensor.data.length) {
    throw new CheckpointError(
      'bad-input',
      `${where}: shape [${tensor.shape.join(', ')}] has ${elements} elements but the data has ${tensor.data.length}`,
    );
  }
}

function tensorBytes(tensor: TensorToWrite): Uint8Array {
  const data = tensor.data instanceof Float32Array ? tensor.data : Float32Array.from(tensor.data as ArrayLike<number>);
  if (data.length !== tensor.data.length) {
    // The caller resized (or detached) the array between prepare and write: the header would lie.
    throw new CheckpointError('bad-input', `tensor '${tensor.name}': data changed length while being written`);
  }
  return float32LittleEndianBytes(data);
}

function stringMapToJson(map: Readonly<Record<string, string>>): string {
  const parts: string[] = [];
  for (const key of Object.keys(map)) {
    const value = map[key];
    if (typeof value !== 'string') {
      throw new CheckpointError('bad-input', `__metadata__ '${key}': values must be strings, got ${typeof value}`);
    }
    parts.push(`${JSON.stringify(key)}:${JSON.stringify(value)}`);
  }
  return `{${parts.join(',')}}`;
}
