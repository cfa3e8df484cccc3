/**
 * Reads a dataset file from disk (Node only): one pass, in chunks, through one reused buffer, so a
 * 100 MB file is read once and never held as bytes in full. `readTextFile` gives the whole text as one
 * string; `streamTextFile` hands it on piece by piece, so a corpus bigger than a string can hold is never
 * one; `readTextSample` reads the start of a file for detection. Progress goes to a callback; the
 * fingerprint is the file's SHA-256, the same as `sha256sum` prints.
 */

import { createHash } from 'node:crypto';
import { basename } from 'node:path';
import { StreamingTextDecoder, type DecodedFileFacts, type LoadedText } from './decode-text';
import { failWith, type Result } from './errors';
import type { FingerprintHasher } from './fingerprint';
import { chooseEncoding, ENCODING_SNIFF_BYTES, type TextEncoding, type TextEncodingChoice } from './text-encoding';
import { openRegularFile, type FileOpenError } from './regular-file';
import * as l10n from '../protocol/l10n';

export interface ReadTextOptions {
  /** Called after every chunk with the bytes read so far and the file size. */
  onProgress?: (bytesRead: number, totalBytes: number) => void;
  /** Bytes per read. Default 1 MiB. */
  chunkSize?: number;
  /** Name used in messages and for format detection. Default: the path's base name. */
  displayName?: string;
  /** Stops reading; the result is then an error saying the read was cancelled. */
  signal?: AbortSignal;
  /** The file's encoding, or `auto` (default): byte-order mark, UTF-16's NULs, a declaration, else UTF-8. */
  encoding?: TextEncodingChoice;
}

/** Reads a file whose text fits in memory as one string (answers, small datasets, tables). */
export async function readTextFile(path: string, options: ReadTextOptions = {}): Promise<Result<LoadedText>> {
  const parts: string[] = [];
  const streamed = await streamTextFile(path, (piece) => void parts.push(piece), options);
  if (!streamed.ok) return streamed;
  const text = parts.length === 1 ? parts[0] : parts.join('');
  return { ok: true, value: { ...streamed.value, text } };
}

/**
 * Streams a file's text through `onText` one decoded piece at a time (see `StreamingTextDecoder`: pieces
 * never split a code point, may split a CRLF), keeping none of it: memory is one chunk whatever the
 * file's size. Gives the file's size and SHA-256 fingerprint once the whole file has been read.
 */
export async function streamTextFile(
  path: string,
  onText: (piece: string) => void,
  options: ReadTextOptions = {},
): Promise<Result<DecodedFileFacts>> {
  const name = options.displayName ?? basename(path);
  let handle;
  let total: number;
  try {
    ({ handle, size: total } = await openRegularFile(path));
  } catch (error) {
    const { problem } = error as FileOpenError;
    return failWith(name, l10n.t("{0}: '{1}'", problem, path));
  }
  try {
    const buffer = new Uint8Array(Math.max(4096, options.chunkSize ?? 1 << 20));
    const decoder = new StreamingTextDecoder(name, onText, sha256Hasher(), options.encoding);
    let bytesRead = 0;
    for (;;) {
      if (options.signal?.aborted) return failWith(name, l10n.t('reading was cancelled'));
      const { bytesRead: n } = await handle.read(buffer, 0, buffer.length, null);
      if (n === 0) break;
      bytesRead += n;
      const problem = decoder.push(buffer.subarray(0, n));
      if (problem) return { ok: false, error: problem };
      options.onProgress?.(bytesRead, Math.max(total, bytesRead));
    }
    if (bytesRead === 0) options.onProgress?.(0, 0);
    return decoder.finish();
  } catch (error) {
    return failWith(name, l10n.t('could not read the file: {0}', (error as Error).message));
  } finally {
    await handle.close();
  }
}

/** The start of a file, for detection: its text up to a line end, and whether that is the whole file. */
export interface TextSample {
  name: string;
  /** The whole text (`complete`), or the text of the first `maxBytes` cut after its last line end. */
  text: string;
  /** Whether `text` is the whole file. */
  complete: boolean;
  /** Bytes the sample's text came from (the whole file when complete). */
  sampleBytes: number;
  /** Size of the file in bytes. */
  byteLength: number;
  /** SHA-256 of the sampled bytes: the file's fingerprint when `complete`. */
  fingerprint: string;
}

/** A complete sample is the whole file, read: no need to read it again. Null when the file is longer. */
export function wholeFileOf(sample: TextSample): LoadedText | null {
  if (!sample.complete) return null;
  return { name: sample.name, text: sample.text, byteLength: sample.byteLength, fingerprint: sample.fingerprint };
}

/** Default size of a detection sample: enough rows to profile a table's columns, read in milliseconds. */
export const SAMPLE_BYTES = 1 << 20;

/**
 * Reads at most `maxBytes` from the start of a file, with the same checks as a whole read (encoding,
 * binary, bytes not valid in the encoding within the sample). A sample shorter than the file is cut after its last line
 * end, so it holds whole lines (whole rows of a table), or — a single huge line — at the last complete
 * code point.
 */
export async function readTextSample(
  path: string,
  maxBytes = SAMPLE_BYTES,
  options: Pick<ReadTextOptions, 'displayName' | 'encoding'> = {},
): Promise<Result<TextSample>> {
  const name = options.displayName ?? basename(path);
  let handle;
  let size: number;
  try {
    ({ handle, size } = await openRegularFile(path));
  } catch (error) {
    const { problem } = error as FileOpenError;
    return failWith(name, l10n.t("{0}: '{1}'", problem, path));
  }
  try {
    const buffer = new Uint8Array(Math.min(Math.max(size, 1), Math.max(4096, maxBytes)));
    let filled = 0;
    while (filled < buffer.length) {
      const { bytesRead } = await handle.read(buffer, filled, buffer.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    const complete = filled >= size;
    let bytes = buffer.subarray(0, filled);
    if (!complete) {
      const chosen = chooseEncoding(bytes.subarray(0, ENCODING_SNIFF_BYTES), options.encoding);
      // A declaration the decoder refuses: cut anywhere, the decoder says what is wrong.
      bytes = bytes.subarray(0, sampleEnd(bytes, chosen.ok ? chosen.value.encoding : 'utf-8'));
    }
    const parts: string[] = [];
    const decoder = new StreamingTextDecoder(name, (piece) => void parts.push(piece), sha256Hasher(), options.encoding);
    const problem = decoder.push(bytes);
    if (problem) return { ok: false, error: problem };
    const finished = decoder.finish();
    if (!finished.ok) return finished;
    const { fingerprint } = finished.value;
    return {
      ok: true,
      value: { name, text: parts.join(''), complete, sampleBytes: bytes.length, byteLength: size, fingerprint },
    };
  } catch (error) {
    return failWith(name, l10n.t('could not read the file: {0}', (error as Error).message));
  } finally {
    await handle.close();
  }
}

/** Where a sample of `bytes` in `encoding` ends: after its last line end, else after its last whole character. */
function sampleEnd(bytes: Uint8Array, encoding: TextEncoding): number {
  switch (encoding) {
    case 'utf-8': {
      const lineEnd = bytes.lastIndexOf(0x0a);
      return lineEnd >= 0 ? lineEnd + 1 : completeUtf8Prefix(bytes);
    }
    case 'windows-1252':
      return bytes.lastIndexOf(0x0a) + 1 || bytes.length;
    case 'utf-16le':
    case 'utf-16be':
      return utf16SampleEnd(bytes, encoding === 'utf-16be');
  }
}

/** After the last `\n` code unit (0A 00 little-endian, 00 0A big-endian), else the last whole character. */
function utf16SampleEnd(bytes: Uint8Array, bigEndian: boolean): number {
  const unit = (i: number) => (bigEndian ? (bytes[i] << 8) | bytes[i + 1] : bytes[i] | (bytes[i + 1] << 8));
  let end = bytes.length & ~1;
  for (let i = end - 2; i >= 0; i -= 2) if (unit(i) === 0x0a) return i + 2;
  // One huge line: whole code units, and not half a surrogate pair.
  if (end >= 2 && unit(end - 2) >= 0xd800 && unit(end - 2) <= 0xdbff) end -= 2;
  return end;
}

/** Length of the longest prefix of `bytes` that does not end inside a UTF-8 sequence. */
function completeUtf8Prefix(bytes: Uint8Array): number {
  for (let i = bytes.length - 1; i >= Math.max(0, bytes.length - 4); i--) {
    const b = bytes[i];
    if ((b & 0xc0) === 0x80) continue; // a continuation byte: its lead is further back
    const need = b < 0x80 ? 1 : b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2;
    return i + need <= bytes.length ? bytes.length : i;
  }
  return bytes.length;
}

function sha256Hasher(): FingerprintHasher {
  const hash = createHash('sha256');
  return { update: (bytes) => void hash.update(bytes), digest: () => `sha256:${hash.digest('hex')}` };
}
