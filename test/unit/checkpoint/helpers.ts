/** Test helpers: hand-built safetensors bytes (so hostile files can say anything) and temp directories. */

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'vitest';
import { CheckpointError, type CheckpointErrorCode } from '../../../src/checkpoint';

/**
 * A file from a header (a string is used verbatim, an object is JSON.stringified) and a data section.
 * `headerLength` overrides the 8-byte length prefix, to lie about the header.
 */
export function rawSafetensors(
  header: string | object,
  data: Uint8Array | number = 0,
  options: { headerLength?: bigint; pad?: boolean } = {},
): Uint8Array {
  let json = typeof header === 'string' ? header : JSON.stringify(header);
  if (options.pad !== false) json += ' '.repeat((8 - (json.length % 8)) % 8);
  const jsonBytes = new TextEncoder().encode(json);
  const dataBytes = typeof data === 'number' ? new Uint8Array(data) : data;
  const out = new Uint8Array(8 + jsonBytes.length + dataBytes.length);
  new DataView(out.buffer).setBigUint64(0, options.headerLength ?? BigInt(jsonBytes.length), true);
  out.set(jsonBytes, 8);
  out.set(dataBytes, 8 + jsonBytes.length);
  return out;
}

/** Little-endian bytes from a DataView writer, e.g. `leBytes(4, (v) => v.setFloat32(0, 1.5, true))`. */
export function leBytes(length: number, write: (view: DataView) => void): Uint8Array {
  const out = new Uint8Array(length);
  write(new DataView(out.buffer));
  return out;
}

/** Runs `fn` (sync or async) and checks it fails with a CheckpointError of `code` whose message matches. */
export async function expectCheckpointError(
  fn: () => unknown,
  code: CheckpointErrorCode,
  message: RegExp | string,
): Promise<CheckpointError> {
  let thrown: unknown;
  try {
    await fn();
  } catch (error) {
    thrown = error;
  }
  expect(thrown, 'expected a CheckpointError').toBeInstanceOf(CheckpointError);
  const error = thrown as CheckpointError;
  expect(error.message).toMatch(message);
  expect(error.code).toBe(code);
  return error;
}

/** A fresh directory under the OS temp dir; call the returned `remove` in afterEach. */
export async function makeTempDir(): Promise<{ dir: string; remove: () => Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'lstm-studio-checkpoint-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/** Values that break careless float handling: signed zeros, subnormals, infinities, extremes. */
export const SPECIAL_F32_BITS = [
  0x00000000,
  0x80000000, // +0, -0
  0x00000001,
  0x807fffff, // smallest and largest-magnitude negative subnormal
  0x7f800000,
  0xff800000, // +Infinity, -Infinity
  0x7f7fffff,
  0x00800000, // largest finite, smallest normal
  0x7fc00000,
  0xffc00001,
  0x7f800001,
  0x7fbfffff, // quiet NaN, negative NaN with payload, signalling NaNs
];
