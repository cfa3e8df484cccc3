/**
 * Bytes → text, pure (no Node APIs): the same code decodes a file streamed from disk by `read-text.ts`
 * and a `File` in the browser. It refuses binary files and text that is not UTF-8, with the byte offset
 * and line of the first bad byte, strips a UTF-8 byte-order mark, and fingerprints the bytes on the way
 * (see fingerprint.ts for which hash).
 */

import { dataError, fail, ok, type DataError, type Result } from './errors';
import { fingerprintBytes, fnv1a64Hasher, type FingerprintHasher } from './fingerprint';

/** A dataset file's text, decoded once. */
export interface LoadedText {
  /** File name (used for messages and to detect the format from the extension). */
  name: string;
  /** The text, without a byte-order mark. */
  text: string;
  /** Size of the file in bytes. */
  byteLength: number;
  /** Hash of the file's bytes with its algorithm: `sha256:…` (files) or `fnv1a64:…` (in memory). */
  fingerprint: string;
}

/** How many leading bytes are searched for NUL to call a file binary (as git and grep do). */
export const BINARY_SNIFF_BYTES = 8192;

const HINT_FORMATS = 'choose a UTF-8 text, CSV, TSV or JSON Lines file';

/** What a streamed decode learned about the file, once it has ended without a problem. */
export interface DecodedFileFacts {
  name: string;
  /** Size of the file in bytes. */
  byteLength: number;
  /** Hash of the file's bytes with its algorithm (see `LoadedText.fingerprint`). */
  fingerprint: string;
}

/**
 * Decodes a file pushed chunk by chunk and hands each decoded piece to `onText` at once, keeping none:
 * the one place the checks on a dataset's bytes live (binary, UTF-16, invalid UTF-8 with the offset and
 * line of the first bad byte, empty or blank). A piece never ends inside a code point (the decoder holds
 * an incomplete UTF-8 sequence back for the next chunk), so a surrogate pair is never split; a CRLF may
 * be. Each chunk may be reused by the caller after `push` returns.
 */
export class StreamingTextDecoder {
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  private bytesSeen = 0;
  private newlines = 0;
  private decodedLength = 0;
  private blank = true;
  /** Up to 3 last bytes of the previous chunk: an incomplete UTF-8 sequence may start there. */
  private tail: Uint8Array = new Uint8Array(0);
  private failed: DataError | null = null;

  constructor(
    readonly name: string,
    private readonly onText: (piece: string) => void,
    private readonly hash: FingerprintHasher = fnv1a64Hasher(),
  ) {}

  get byteLength(): number {
    return this.bytesSeen;
  }

  /** Decodes one chunk; returns the first problem found (and keeps returning it), or null. */
  push(chunk: Uint8Array): DataError | null {
    if (this.failed) return this.failed;
    const start = this.bytesSeen;
    if (
      start === 0 &&
      chunk.length >= 2 &&
      ((chunk[0] === 0xff && chunk[1] === 0xfe) || (chunk[0] === 0xfe && chunk[1] === 0xff))
    ) {
      return (this.failed = dataError(
        this.name,
        `the file is UTF-16 text (it starts with a UTF-16 byte-order mark); save it as UTF-8`,
      ));
    }
    if (start < BINARY_SNIFF_BYTES) {
      const nul = chunk.subarray(0, BINARY_SNIFF_BYTES - start).indexOf(0);
      if (nul >= 0) {
        return (this.failed = dataError(
          this.name,
          `this looks like a binary file (a NUL byte at offset ${start + nul}); ${HINT_FORMATS}`,
        ));
      }
    }
    this.hash.update(chunk);
    let piece: string;
    try {
      piece = this.decoder.decode(chunk, { stream: true });
    } catch {
      return (this.failed = this.invalidUtf8(chunk, start));
    }
    this.bytesSeen += chunk.length;
    this.tail = lastBytes(this.tail, chunk, 3);
    this.accept(piece);
    return null;
  }

  /** Ends the stream: flushes the decoder and checks the text is not empty. */
  finish(): Result<DecodedFileFacts> {
    if (this.failed) return fail(this.failed);
    let piece: string;
    try {
      piece = this.decoder.decode();
    } catch {
      // The file ends inside a multi-byte sequence: the bad byte is its first one, in `tail`.
      const lead = sequenceStart(this.tail);
      const offset = this.bytesSeen - this.tail.length + lead;
      return fail(invalidUtf8Error(this.name, offset, this.newlines + 1));
    }
    this.accept(piece);
    // TextDecoder drops a leading byte-order mark by itself (ignoreBOM defaults to false).
    if (this.decodedLength === 0) return fail(dataError(this.name, 'the file is empty'));
    if (this.blank) return fail(dataError(this.name, 'the file holds only whitespace'));
    return ok({ name: this.name, byteLength: this.bytesSeen, fingerprint: this.hash.digest() });
  }

  private accept(piece: string): void {
    if (piece.length === 0) return;
    this.decodedLength += piece.length;
    this.newlines += countNewlines(piece);
    if (this.blank && /\S/.test(piece)) this.blank = false;
    this.onText(piece);
  }

  private invalidUtf8(chunk: Uint8Array, chunkOffset: number): DataError {
    // The decoder accepted everything before this chunk except possibly a pending sequence in `tail`;
    // re-validate from the start of that sequence to find the first bad byte.
    const lead = sequenceStart(this.tail);
    const pending = this.tail.length - lead;
    const bytes = new Uint8Array(pending + chunk.length);
    bytes.set(this.tail.subarray(lead), 0);
    bytes.set(chunk, pending);
    const bad = firstInvalidUtf8(bytes);
    const index = bad < 0 ? bytes.length - 1 : bad;
    const offset = chunkOffset - pending + index;
    let line = this.newlines + 1;
    for (let i = 0; i < index; i++) if (bytes[i] === 0x0a) line++;
    return invalidUtf8Error(this.name, offset, line);
  }
}

/**
 * Decodes a file pushed chunk by chunk into one string (files that fit in memory as text; a corpus too
 * big for that is streamed with `StreamingTextDecoder` instead).
 */
export class TextAccumulator {
  private readonly parts: string[] = [];
  private readonly decoder: StreamingTextDecoder;

  constructor(
    readonly name: string,
    hash: FingerprintHasher = fnv1a64Hasher(),
  ) {
    this.decoder = new StreamingTextDecoder(name, (piece) => this.parts.push(piece), hash);
  }

  get byteLength(): number {
    return this.decoder.byteLength;
  }

  /** Decodes one chunk; returns the first problem found (and keeps returning it), or null. */
  push(chunk: Uint8Array): DataError | null {
    return this.decoder.push(chunk);
  }

  /** Ends the stream: flushes the decoder and checks the text is not empty. */
  finish(): Result<LoadedText> {
    const facts = this.decoder.finish();
    if (!facts.ok) {
      this.parts.length = 0;
      return facts;
    }
    const text = this.parts.length === 1 ? this.parts[0] : this.parts.join('');
    this.parts.length = 0;
    return ok({ ...facts.value, text });
  }
}

/** Text already in memory (tests, the browser, an untitled editor). Same checks as a file. */
export function fromString(name: string, text: string): Result<LoadedText> {
  const bytes = new TextEncoder().encode(text);
  const nul = text.slice(0, BINARY_SNIFF_BYTES).indexOf('\0');
  if (nul >= 0)
    return fail(dataError(name, `this looks like binary data (a NUL character at offset ${nul}); ${HINT_FORMATS}`));
  const stripped = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const empty = checkNotEmpty(name, stripped);
  if (empty) return fail(empty);
  return ok({ name, text: stripped, byteLength: bytes.length, fingerprint: fingerprintBytes(bytes) });
}

function checkNotEmpty(name: string, text: string): DataError | null {
  if (text.length === 0) return dataError(name, 'the file is empty');
  if (!/\S/.test(text)) return dataError(name, 'the file holds only whitespace');
  return null;
}

function invalidUtf8Error(name: string, offset: number, line: number): DataError {
  return dataError(
    name,
    `the file is not valid UTF-8 (first invalid byte at offset ${offset}); re-save it as UTF-8 (it may be Latin-1 or Windows-1252)`,
    { line },
  );
}

function lastBytes(previous: Uint8Array, chunk: Uint8Array, n: number): Uint8Array {
  if (chunk.length >= n) return chunk.slice(chunk.length - n);
  const joined = new Uint8Array(previous.length + chunk.length);
  joined.set(previous, 0);
  joined.set(chunk, previous.length);
  return joined.slice(Math.max(0, joined.length - n));
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

/**
 * Index in `tail` (the last ≤ 3 bytes the decoder accepted) where a possibly incomplete sequence
 * starts: the last byte that is not a continuation byte (10xxxxxx), or tail.length if there is none.
 */
function sequenceStart(tail: Uint8Array): number {
  for (let i = tail.length - 1; i >= 0; i--) if ((tail[i] & 0xc0) !== 0x80) return i;
  return tail.length;
}

/**
 * Index of the first byte that makes `bytes` invalid UTF-8 (RFC 3629: no overlongs, no surrogates,
 * nothing above U+10FFFF), or -1. A malformed or cut-short sequence is invalid at its lead byte.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    let max = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      min = b === 0xe0 ? 0xa0 : 0x80; // 0xe0 0x80..0x9f would be overlong
      if (b === 0xed) max = 0x9f; // 0xed 0xa0..0xbf would encode a surrogate
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      min = b === 0xf0 ? 0x90 : 0x80;
      if (b === 0xf4) max = 0x8f; // above U+10FFFF otherwise
    } else return i;
    // A malformed sequence is reported at its lead byte: in Latin-1 text that is the accented letter.
    if (i + need >= bytes.length) return i;
    if (bytes[i + 1] < min || bytes[i + 1] > max) return i;
    for (let k = 2; k <= need; k++) if ((bytes[i + k] & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return -1;
}
