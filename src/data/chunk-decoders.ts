/**
 * One encoding's bytes → text, chunk by chunk (pure, no Node APIs). A decoder never hands on part of a
 * code point: an incomplete UTF-8 sequence, the odd byte of a UTF-16 code unit or a high surrogate waiting
 * for its low one is held back for the next chunk, so a surrogate pair is never split between pieces (a
 * CRLF may be). Bad bytes are reported by their offset in the file, with the newlines of this chunk's
 * text before them (for the line number). Byte-order marks are the caller's to skip.
 */

import type { TextEncoding } from './text-encoding';

/** The first byte that is not valid in the encoding. */
export interface InvalidBytes {
  /** Offset of the byte in the file. */
  offset: number;
  /** Newlines in the text before it that was not handed on yet (the caller counted the rest). */
  newlinesBefore: number;
  /** What is wrong, for the message: `not valid UTF-8`, `not valid UTF-16 LE (an unpaired surrogate)`. */
  problem: string;
}

export interface ChunkDecoder {
  /** The text of `chunk`, which starts at `offset` in the file, or its first bad byte. */
  decode(chunk: Uint8Array, offset: number): string | InvalidBytes;
  /** The text held back, at the end of the file, or the bad byte that ends the file. */
  finish(): string | InvalidBytes;
}

export function chunkDecoderFor(encoding: TextEncoding): ChunkDecoder {
  switch (encoding) {
    case 'utf-8':
      return new Utf8ChunkDecoder();
    case 'utf-16le':
      return new Utf16ChunkDecoder(false);
    case 'utf-16be':
      return new Utf16ChunkDecoder(true);
    case 'windows-1252':
      return new Windows1252ChunkDecoder();
  }
}

const NOT_UTF8 = 'not valid UTF-8';

/** UTF-8 through a fatal streaming `TextDecoder`; the first bad byte is found again by `firstInvalidUtf8`. */
class Utf8ChunkDecoder implements ChunkDecoder {
  // The caller skips a byte-order mark: one further on is text (U+FEFF), kept.
  private readonly decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  /** Up to 3 last bytes of the previous chunk: an incomplete UTF-8 sequence may start there. */
  private tail: Uint8Array = new Uint8Array(0);
  private end = 0;

  decode(chunk: Uint8Array, offset: number): string | InvalidBytes {
    try {
      const text = this.decoder.decode(chunk, { stream: true });
      this.tail = lastBytes(this.tail, chunk, 3);
      this.end = offset + chunk.length;
      return text;
    } catch {
      return this.invalid(chunk, offset);
    }
  }

  finish(): string | InvalidBytes {
    try {
      return this.decoder.decode();
    } catch {
      // The file ends inside a multi-byte sequence: the bad byte is its first one, in `tail`.
      const lead = sequenceStart(this.tail);
      return { offset: this.end - this.tail.length + lead, newlinesBefore: 0, problem: NOT_UTF8 };
    }
  }

  private invalid(chunk: Uint8Array, chunkOffset: number): InvalidBytes {
    // The decoder accepted everything before this chunk except possibly a pending sequence in `tail`;
    // re-validate from the start of that sequence to find the first bad byte.
    const lead = sequenceStart(this.tail);
    const pending = this.tail.length - lead;
    const bytes = new Uint8Array(pending + chunk.length);
    bytes.set(this.tail.subarray(lead), 0);
    bytes.set(chunk, pending);
    const bad = firstInvalidUtf8(bytes);
    const index = bad < 0 ? bytes.length - 1 : bad;
    let newlinesBefore = 0;
    for (let i = 0; i < index; i++) if (bytes[i] === 0x0a) newlinesBefore++;
    return { offset: chunkOffset - pending + index, newlinesBefore, problem: NOT_UTF8 };
  }
}

/**
 * UTF-16 through a fatal `TextDecoder('utf-16le')`; big-endian units are swapped into a copy first (a
 * 'utf-16be' TextDecoder needs the full ICU data, which a Node built with small ICU lacks).
 */
class Utf16ChunkDecoder implements ChunkDecoder {
  private readonly decoder = new TextDecoder('utf-16le', { fatal: true, ignoreBOM: true });
  /** Bytes not decoded yet (an odd byte, a high surrogate), and their offset in the file. */
  private held: Uint8Array = new Uint8Array(0);
  private heldOffset = 0;

  constructor(private readonly bigEndian: boolean) {}

  private get name(): string {
    return this.bigEndian ? 'UTF-16 BE' : 'UTF-16 LE';
  }

  decode(chunk: Uint8Array, offset: number): string | InvalidBytes {
    const bytes = this.held.length === 0 ? chunk : concat(this.held, chunk);
    const start = this.held.length === 0 ? offset : this.heldOffset;
    let end = bytes.length & ~1;
    // A high surrogate at the end waits for its low surrogate in the next chunk.
    if (end >= 2 && isHighSurrogate(this.unitAt(bytes, end - 2))) end -= 2;
    const units = this.littleEndian(bytes.subarray(0, end));
    this.held = bytes.slice(end);
    this.heldOffset = start + end;
    try {
      return this.decoder.decode(units);
    } catch {
      return this.invalid(units, start);
    }
  }

  finish(): string | InvalidBytes {
    if (this.held.length === 0) return '';
    const problem =
      this.held.length % 2 === 1
        ? `not valid ${this.name} (the file ends in the middle of a character: its size is odd)`
        : `not valid ${this.name} (it ends with half a surrogate pair)`;
    return { offset: this.heldOffset, newlinesBefore: 0, problem };
  }

  private unitAt(bytes: Uint8Array, i: number): number {
    return this.bigEndian ? (bytes[i] << 8) | bytes[i + 1] : bytes[i] | (bytes[i + 1] << 8);
  }

  private littleEndian(bytes: Uint8Array): Uint8Array {
    if (!this.bigEndian) return bytes;
    const swapped = new Uint8Array(bytes.length);
    for (let i = 0; i + 1 < bytes.length; i += 2) {
      swapped[i] = bytes[i + 1];
      swapped[i + 1] = bytes[i];
    }
    return swapped;
  }

  /** The first unpaired surrogate of little-endian `units` starting at file offset `start`. */
  private invalid(units: Uint8Array, start: number): InvalidBytes {
    let newlinesBefore = 0;
    for (let i = 0; i + 1 < units.length; i += 2) {
      const unit = units[i] | (units[i + 1] << 8);
      if (isHighSurrogate(unit)) {
        const next = i + 3 < units.length ? units[i + 2] | (units[i + 3] << 8) : -1;
        if (next >= 0xdc00 && next <= 0xdfff) {
          i += 2;
          continue;
        }
      }
      if (unit >= 0xd800 && unit <= 0xdfff)
        return { offset: start + i, newlinesBefore, problem: `not valid ${this.name} (an unpaired surrogate)` };
      if (unit === 0x0a) newlinesBefore++;
    }
    return { offset: start + units.length - 2, newlinesBefore, problem: `not valid ${this.name}` };
  }
}

function isHighSurrogate(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

/** Windows-1252's bytes 0x80–0x9f (the rest is Latin-1, byte = code point); undefined ones stay C1 codes. */
const WINDOWS_1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

/** Windows-1252 (Latin-1 as browsers read it): one byte, one character; no byte is invalid. */
class Windows1252ChunkDecoder implements ChunkDecoder {
  private units = new Uint16Array(0);

  decode(chunk: Uint8Array): string {
    if (this.units.length < chunk.length) this.units = new Uint16Array(chunk.length);
    const units = this.units;
    for (let i = 0; i < chunk.length; i++) {
      const b = chunk[i];
      units[i] = b >= 0x80 && b < 0xa0 ? WINDOWS_1252_HIGH[b - 0x80] : b;
    }
    // In blocks: fromCharCode takes its units as arguments, and engines cap the count.
    let text = '';
    for (let at = 0; at < chunk.length; at += 8192)
      text += String.fromCharCode(...units.subarray(at, Math.min(chunk.length, at + 8192)));
    return text;
  }

  finish(): string {
    return '';
  }
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const joined = new Uint8Array(a.length + b.length);
  joined.set(a, 0);
  joined.set(b, a.length);
  return joined;
}

function lastBytes(previous: Uint8Array, chunk: Uint8Array, n: number): Uint8Array {
  if (chunk.length >= n) return chunk.slice(chunk.length - n);
  const joined = concat(previous, chunk);
  return joined.slice(Math.max(0, joined.length - n));
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
