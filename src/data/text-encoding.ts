/**
 * Which encoding a dataset file's bytes are in, decided once from its first bytes (pure, no Node APIs):
 *
 * 1. a byte-order mark: UTF-8 (EF BB BF), UTF-16 LE (FF FE) or UTF-16 BE (FE FF), skipped;
 * 2. no mark but the NUL pattern of UTF-16 (text in Latin script has a NUL in every other byte): UTF-16 LE
 *    or BE by the side the NULs are on;
 * 3. a declaration on the first two lines, as XML, HTML and Python write it — `encoding="latin-1"`,
 *    `charset=windows-1252`, `# -*- coding: latin-1 -*-` — for UTF-8 or Latin-1/Windows-1252;
 * 4. otherwise UTF-8.
 *
 * A choice the user made (`encoding` other than `auto`) wins over 2–4; a byte-order mark of the chosen
 * encoding is still skipped. Latin-1 is read as Windows-1252 (what browsers do with a `latin-1` label):
 * the same letters, plus € ‚ „ … ‘ ’ “ ” – — ™ and the like where ISO 8859-1 has invisible control codes.
 */

import type { TextEncodingChoice } from '../protocol/dataset';

export { TEXT_ENCODING_CHOICES, type TextEncodingChoice } from '../protocol/dataset';

/** An encoding the decoders read. */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface ChosenEncoding {
  encoding: TextEncoding;
  /** Bytes of the byte-order mark at the start of the file (skipped), 0 when there is none. */
  bomLength: number;
  /** Why, in words, for messages: `a UTF-16 LE byte-order mark`, `declared on line 1`… */
  reason: string;
}

/** Bytes enough to decide: the byte-order mark, the NUL pattern and two declaration lines. */
export const ENCODING_SNIFF_BYTES = 4096;

/** Bytes of the first lines searched for a declaration. */
const DECLARATION_BYTES = 1024;

/** The declaration forms: XML/HTML `encoding=`/`charset=` and Python's `coding:`/`coding=`. */
const DECLARATION = /(?:\bencoding|\bcharset|\bcoding)\s*[:=]\s*["']?([A-Za-z0-9][A-Za-z0-9_.:-]*)/i;

/** Encoding names as people write them → the encoding read; `null`: a name of an encoding we do not read. */
function encodingNamed(label: string): TextEncoding | 'utf-16' | null {
  const name = label.toLowerCase().replace(/_/g, '-');
  if (name === 'utf-8' || name === 'utf8' || name === 'utf-8-sig') return 'utf-8';
  if (['utf-16', 'utf16', 'ucs-2'].includes(name)) return 'utf-16';
  if (name === 'utf-16le' || name === 'utf-16-le') return 'utf-16le';
  if (name === 'utf-16be' || name === 'utf-16-be') return 'utf-16be';
  const latin1 = ['latin-1', 'latin1', 'l1', 'iso-8859-1', 'iso8859-1', 'iso-latin-1', 'cp819', 'ascii', 'us-ascii'];
  const windows = ['windows-1252', 'cp1252', 'x-cp1252'];
  if (latin1.includes(name) || windows.includes(name)) return 'windows-1252';
  return null;
}

/** The encoding of a file starting with `head` (its first bytes, or all of it), or a reason it cannot be read. */
export function chooseEncoding(
  head: Uint8Array,
  choice: TextEncodingChoice = 'auto',
): { ok: true; value: ChosenEncoding } | { ok: false; problem: string } {
  const bom = byteOrderMark(head);
  const withBom = (encoding: TextEncoding, reason: string) =>
    ({ ok: true, value: { encoding, bomLength: bom?.encoding === encoding ? bom.length : 0, reason } }) as const;
  switch (choice) {
    case 'utf-8':
    case 'utf-16le':
    case 'utf-16be':
      return withBom(choice, `the encoding chosen (${choice})`);
    case 'latin-1':
      return withBom('windows-1252', 'the encoding chosen (latin-1)');
    case 'utf-16': {
      const encoding = bom?.encoding.startsWith('utf-16') ? bom.encoding : (utf16ByNuls(head) ?? 'utf-16le');
      return withBom(encoding, `the encoding chosen (utf-16, ${encoding === 'utf-16le' ? 'LE' : 'BE'})`);
    }
    case 'auto':
      break;
  }
  if (bom) return { ok: true, value: { ...bom, bomLength: bom.length } };
  const byNuls = utf16ByNuls(head);
  if (byNuls) {
    const side = byNuls === 'utf-16le' ? 'LE' : 'BE';
    return { ok: true, value: { encoding: byNuls, bomLength: 0, reason: `UTF-16 ${side} without a byte-order mark` } };
  }
  const declared = declaration(head);
  if (declared) {
    const encoding = encodingNamed(declared.label);
    // UTF-16 declared on a line readable as ASCII is not UTF-16: the declaration is stale.
    if (encoding === 'utf-8' || encoding === 'windows-1252')
      return {
        ok: true,
        value: { encoding, bomLength: 0, reason: `'${declared.label}' declared on line ${declared.line}` },
      };
    if (encoding === null)
      return {
        ok: false,
        problem: `line ${declared.line} declares the encoding '${declared.label}', which LSTM Studio does not read; save the file as UTF-8 (or UTF-16, or say latin-1 if it is Latin-1)`,
      };
  }
  return { ok: true, value: { encoding: 'utf-8', bomLength: 0, reason: 'UTF-8 (the default)' } };
}

function byteOrderMark(head: Uint8Array): { encoding: TextEncoding; length: number; reason: string } | null {
  if (head.length >= 3 && head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf)
    return { encoding: 'utf-8', length: 3, reason: 'a UTF-8 byte-order mark' };
  if (head.length >= 2 && head[0] === 0xff && head[1] === 0xfe)
    return { encoding: 'utf-16le', length: 2, reason: 'a UTF-16 LE byte-order mark' };
  if (head.length >= 2 && head[0] === 0xfe && head[1] === 0xff)
    return { encoding: 'utf-16be', length: 2, reason: 'a UTF-16 BE byte-order mark' };
  return null;
}

/**
 * UTF-16 without a byte-order mark, recognised by its NULs: the high byte of every character below
 * U+0100 is 0, so text in a Latin script has NULs on one side of each byte pair and almost none on the
 * other. A binary file has them on both sides (and is refused as binary later); text in a script far from
 * Latin (Chinese, say) has too few NULs to be recognised and must carry a byte-order mark.
 */
export function utf16ByNuls(head: Uint8Array): 'utf-16le' | 'utf-16be' | null {
  const pairs = head.length >> 1;
  if (pairs === 0) return null;
  let nulsEven = 0;
  let nulsOdd = 0;
  for (let i = 0; i + 1 < head.length; i += 2) {
    if (head[i] === 0) nulsEven++;
    if (head[i + 1] === 0) nulsOdd++;
  }
  // Two NULs at least: three bytes `41 00 42` are binary, not one letter and a half.
  const looksLike = (many: number, few: number) => many >= 2 && many * 4 >= pairs && few * 16 <= many;
  if (looksLike(nulsOdd, nulsEven)) return 'utf-16le';
  if (looksLike(nulsEven, nulsOdd)) return 'utf-16be';
  return null;
}

/** An encoding declared on the first two lines (as PEP 263 allows a shebang first), read as ASCII. */
function declaration(head: Uint8Array): { label: string; line: number } | null {
  let line = 1;
  let start = 0;
  const end = Math.min(head.length, DECLARATION_BYTES);
  for (let i = 0; i <= end && line <= 2; i++) {
    if (i === end || head[i] === 0x0a) {
      let text = '';
      for (let k = start; k < i; k++) text += head[k] < 0x80 ? String.fromCharCode(head[k]) : ' ';
      const match = DECLARATION.exec(text);
      if (match) return { label: match[1], line };
      line++;
      start = i + 1;
    }
  }
  return null;
}

/** The encoding's name for people: `UTF-16 LE`, `Windows-1252 (Latin-1)`. */
export function describeEncoding(encoding: TextEncoding): string {
  switch (encoding) {
    case 'utf-8':
      return 'UTF-8';
    case 'utf-16le':
      return 'UTF-16 LE';
    case 'utf-16be':
      return 'UTF-16 BE';
    case 'windows-1252':
      return 'Windows-1252 (Latin-1)';
  }
}
