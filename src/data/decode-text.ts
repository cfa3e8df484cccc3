/**
 * Bytes → text, pure (no Node APIs): the same code decodes a file streamed from disk by `read-text.ts`
 * and a `File` in the browser. It reads UTF-8, UTF-16 and Latin-1/Windows-1252 (which one: text-encoding.ts),
 * skips a byte-order mark, refuses binary files and bytes not valid in the encoding with the byte offset
 * and line of the first bad one, and fingerprints the file's bytes, as they are, on the way (see
 * fingerprint.ts for which hash): a UTF-8 file's fingerprint does not depend on how it is decoded.
 */

import { chunkDecoderFor, type ChunkDecoder, type InvalidBytes } from './chunk-decoders';
import { dataError, fail, ok, type DataError, type Result } from './errors';
import { fingerprintBytes, fnv1a64Hasher, type FingerprintHasher } from './fingerprint';
import {
  chooseEncoding,
  describeEncoding,
  ENCODING_SNIFF_BYTES,
  type ChosenEncoding,
  type TextEncodingChoice,
} from './text-encoding';
import * as l10n from '../protocol/l10n';

export { firstInvalidUtf8 } from './chunk-decoders';

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

/** What to do about text that is not UTF-8 and did not say what it is. */
const NOT_UTF8_HINT =
  're-save it as UTF-8, or, if it is Latin-1 or Windows-1252, choose that encoding (--encoding latin-1)';

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
 * the one place the checks on a dataset's bytes live (its encoding — text-encoding.ts —, binary, bytes
 * not valid in the encoding with the offset and line of the first bad one, empty or blank). The first
 * `ENCODING_SNIFF_BYTES` are held until the encoding is known (or the file ends). A piece never ends
 * inside a code point (chunk-decoders.ts), so a surrogate pair is never split; a CRLF may be. Each chunk
 * may be reused by the caller after `push` returns.
 */
export class StreamingTextDecoder {
  private bytesSeen = 0;
  private bytesDecoded = 0;
  private newlines = 0;
  private decodedLength = 0;
  private blank = true;
  /** The first bytes, held until the encoding is chosen. */
  private head: Uint8Array | null = new Uint8Array(0);
  private chosen: ChosenEncoding | null = null;
  private decoder: ChunkDecoder | null = null;
  private failed: DataError | null = null;

  constructor(
    readonly name: string,
    private readonly onText: (piece: string) => void,
    private readonly hash: FingerprintHasher = fnv1a64Hasher(),
    private readonly encoding: TextEncodingChoice = 'auto',
  ) {}

  get byteLength(): number {
    return this.bytesSeen;
  }

  /** The encoding the file is read in, once chosen (after the first 4 KiB or at the end). */
  get encodingChosen(): ChosenEncoding | null {
    return this.chosen;
  }

  /** Decodes one chunk; returns the first problem found (and keeps returning it), or null. */
  push(chunk: Uint8Array): DataError | null {
    if (this.failed) return this.failed;
    this.hash.update(chunk);
    this.bytesSeen += chunk.length;
    if (this.head) {
      const head = new Uint8Array(this.head.length + chunk.length);
      head.set(this.head, 0);
      head.set(chunk, this.head.length);
      this.head = head;
      if (head.length < ENCODING_SNIFF_BYTES) return null;
      return this.start();
    }
    return this.decode(chunk);
  }

  /** Ends the stream: flushes the decoder and checks the text is not empty. */
  finish(): Result<DecodedFileFacts> {
    if (this.head) this.start();
    if (this.failed) return fail(this.failed);
    const rest = this.decoder!.finish();
    if (typeof rest !== 'string') return fail(this.invalidBytes(rest));
    this.accept(rest);
    if (this.decodedLength === 0) return fail(dataError(this.name, l10n.t('the file is empty')));
    if (this.blank) return fail(dataError(this.name, l10n.t('the file holds only whitespace')));
    return ok({ name: this.name, byteLength: this.bytesSeen, fingerprint: this.hash.digest() });
  }

  /** Chooses the encoding from the bytes held, skips a byte-order mark, and decodes them. */
  private start(): DataError | null {
    const head = this.head!;
    this.head = null;
    const chosen = chooseEncoding(head, this.encoding);
    if (!chosen.ok) return (this.failed = dataError(this.name, chosen.problem));
    this.chosen = chosen.value;
    this.decoder = chunkDecoderFor(chosen.value.encoding);
    this.bytesDecoded = chosen.value.bomLength;
    return this.decode(head.subarray(chosen.value.bomLength));
  }

  private decode(chunk: Uint8Array): DataError | null {
    const start = this.bytesDecoded;
    // NUL is a character in UTF-16 text (the high byte of every ASCII letter), a sign of binary data in the rest.
    const utf16 = this.chosen!.encoding.startsWith('utf-16');
    if (start < BINARY_SNIFF_BYTES && !utf16) {
      const nul = chunk.subarray(0, BINARY_SNIFF_BYTES - start).indexOf(0);
      if (nul >= 0) {
        return (this.failed = dataError(
          this.name,
          l10n.t('this looks like a binary file (a NUL byte at offset {0}); {1}', start + nul, HINT_FORMATS),
        ));
      }
    }
    const piece = this.decoder!.decode(chunk, start);
    if (typeof piece !== 'string') return (this.failed = this.invalidBytes(piece));
    if (start < BINARY_SNIFF_BYTES && utf16 && piece.slice(0, BINARY_SNIFF_BYTES).includes('\0'))
      return (this.failed = dataError(
        this.name,
        l10n.t(
          'this looks like a binary file (a NUL character read as {0}); {1}',
          describeEncoding(this.chosen!.encoding),
          HINT_FORMATS,
        ),
      ));
    this.bytesDecoded += chunk.length;
    this.accept(piece);
    return null;
  }

  private accept(piece: string): void {
    if (piece.length === 0) return;
    this.decodedLength += piece.length;
    this.newlines += countNewlines(piece);
    if (this.blank && /\S/.test(piece)) this.blank = false;
    this.onText(piece);
  }

  private invalidBytes(bad: InvalidBytes): DataError {
    const { encoding, reason } = this.chosen!;
    const line = this.newlines + bad.newlinesBefore + 1;
    const found = `the file is ${bad.problem} (first invalid byte at offset ${bad.offset})`;
    if (encoding !== 'utf-8')
      return dataError(this.name, l10n.t('{0}; it was read as {1} ({2})', found, describeEncoding(encoding), reason), {
        line,
      });
    return dataError(this.name, l10n.t('{0}; {1}', found, NOT_UTF8_HINT), { line });
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
    encoding: TextEncodingChoice = 'auto',
  ) {
    this.decoder = new StreamingTextDecoder(name, (piece) => this.parts.push(piece), hash, encoding);
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
    return fail(
      dataError(name, l10n.t('this looks like binary data (a NUL character at offset {0}); {1}', nul, HINT_FORMATS)),
    );
  const stripped = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const empty = checkNotEmpty(name, stripped);
  if (empty) return fail(empty);
  return ok({ name, text: stripped, byteLength: bytes.length, fingerprint: fingerprintBytes(bytes) });
}

function checkNotEmpty(name: string, text: string): DataError | null {
  if (text.length === 0) return dataError(name, l10n.t('the file is empty'));
  if (!/\S/.test(text)) return dataError(name, l10n.t('the file holds only whitespace'));
  return null;
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
