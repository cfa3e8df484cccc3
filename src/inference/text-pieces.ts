/**
 * A long text cut into pieces that tokenise, one after the other, into exactly the tokens of the whole
 * text, so a prompt of any length can be read piece by piece instead of as millions of tokens at once.
 *
 * A cut never falls between the two halves of a surrogate pair (a character is a code point), between
 * the "\r" and "\n" of a Windows line ending (read as one newline), nor — for a word vocabulary — between
 * two characters of a word (a run of `\p{L}\p{N}\p{M}`, as data/tokenize.ts splits words).
 */

import type { TokenUnit } from '../data/tokenize';

const WORD_CHAR = /^[\p{L}\p{N}\p{M}]$/u;

/** Pieces of about `size` UTF-16 units (longer only where a single word is), in order, covering `text`. */
export function* textPieces(text: string, unit: TokenUnit, size: number): Generator<string> {
  if (!(size >= 2)) throw new Error('textPieces: size must be at least 2');
  let from = 0;
  while (from < text.length) {
    let end = from + size;
    if (end >= text.length) {
      yield text.slice(from);
      return;
    }
    // Back from the target to the nearest cut that splits no token; a word longer than a piece is kept
    // whole by looking forward instead.
    let cut = end;
    while (cut > from && !canCut(text, cut, unit)) cut--;
    if (cut === from) {
      cut = end + 1;
      while (cut < text.length && !canCut(text, cut, unit)) cut++;
    }
    end = cut;
    yield text.slice(from, end);
    from = end;
  }
}

/** Whether `text` may be cut before index `at` (0 < at < length). */
function canCut(text: string, at: number, unit: TokenUnit): boolean {
  const before = text.charCodeAt(at - 1);
  const after = text.charCodeAt(at);
  if (isHighSurrogate(before) && isLowSurrogate(after)) return false;
  if (before === 0x0d && after === 0x0a) return false;
  if (unit === 'char') return true;
  return !(isWordChar(codePointBefore(text, at)) && isWordChar(text.codePointAt(at)!));
}

function codePointBefore(text: string, at: number): number {
  const low = text.charCodeAt(at - 1);
  if (at >= 2 && isLowSurrogate(low) && isHighSurrogate(text.charCodeAt(at - 2))) return text.codePointAt(at - 2)!;
  return low;
}

function isWordChar(codePoint: number): boolean {
  return WORD_CHAR.test(String.fromCodePoint(codePoint));
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
