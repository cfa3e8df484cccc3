/**
 * Tokens of one side of a sequence-to-sequence pair, and back. Unlike a classifier's words (lowercased,
 * punctuation dropped: src/data/tokenize.ts), a seq2seq model's output is printed, so its tokens keep
 * enough to be read back:
 * - characters: code points, every one kept (spaces too) — `detokenize` joins them, exactly reversible;
 * - words: runs of letters, digits and combining marks (`\p{L}\p{N}\p{M}`, case kept; a Chinese, Japanese
 *   or Thai run cut into words under the `segmented` rule, word-split.ts) and every other non-space
 *   character alone (`"Don't!"` → `Don ' t !`); spaces are dropped. `detokenize` puts one space
 *   between tokens except before closing punctuation (`.,!?;:%)]}»…` and the like), after opening
 *   punctuation (`([{¿¡«` and the like), around an apostrophe, hyphen or slash between two words, and
 *   around `.`, `,` or `:` between two numbers.
 *   So "Hello, world!" and "It's 3.5 km-long (or so)." come back as written; unusual spacing
 *   ("a , b", French "Va !") comes back normalised — simple and documented, not exact.
 */

import type { TokenUnit } from '../protocol/tokens';
import { countWords } from './cells';
import { forEachWord, NEW_WORD_SPLIT, type WordSplit } from './word-split';

/** A run of letters, digits and marks (split into words by word-split.ts), or one other non-space character. */
const RUN_OR_MARK = /[\p{L}\p{N}\p{M}]+|[^\s\p{L}\p{N}\p{M}]/gu;
const RUN_START = /^[\p{L}\p{N}\p{M}]/u;
const WORD_RUN = /^[\p{L}\p{N}\p{M}]+$/u;

/** No space before these (closing marks, sentence punctuation). */
const NO_SPACE_BEFORE = new Set([...'.,!?;:%)]}»›…、。，！？；：）」』']);
/** No space after these (opening marks). */
const NO_SPACE_AFTER = new Set([...'([{¿¡«‹「『（']);
/** Glue the words on both sides: `don't`, `km-long`, `and/or`. */
const WORD_JOINERS = new Set([..."'’-‐/"]);
/** Glue the numbers on both sides: `3.5`, `1,000`, `10:30`. */
const NUMBER_JOINERS = new Set([...'.,:']);
const DIGITS = /^\p{N}+$/u;

/** One side's text as tokens (see the module comment); `words`: the word rule (word-split.ts). */
export function pairTokens(text: string, unit: TokenUnit, words: WordSplit = NEW_WORD_SPLIT): string[] {
  if (unit === 'char') return Array.from(text);
  if (words === 'letter-runs') return text.match(RUN_OR_MARK) ?? [];
  return pairTokenSpans(text, unit, words).map((span) => span.token);
}

/** `pairTokens` with each token's UTF-16 offsets `[start, end)` in the text (to show what was read where). */
export function pairTokenSpans(
  text: string,
  unit: TokenUnit,
  words: WordSplit = NEW_WORD_SPLIT,
): { token: string; start: number; end: number }[] {
  const spans: { token: string; start: number; end: number }[] = [];
  if (unit === 'char') {
    let start = 0;
    for (const token of text) {
      spans.push({ token, start, end: start + token.length });
      start += token.length;
    }
    return spans;
  }
  for (const match of text.matchAll(RUN_OR_MARK)) {
    const start = match.index;
    const token = match[0];
    if (!RUN_START.test(token)) spans.push({ token, start, end: start + token.length });
    else
      forEachWord(token, words, (from, to) =>
        spans.push({ token: token.slice(from, to), start: start + from, end: start + to }),
      );
  }
  return spans;
}

/** Tokens back to text: characters joined; words spaced as the module comment says. */
export function detokenize(tokens: readonly string[], unit: TokenUnit): string {
  if (unit === 'char') return tokens.join('');
  let text = '';
  for (let i = 0; i < tokens.length; i++) {
    if (i > 0 && needsSpace(tokens, i)) text += ' ';
    text += tokens[i];
  }
  return text;
}

/** Whether a space goes between `tokens[i - 1]` and `tokens[i]`. */
function needsSpace(tokens: readonly string[], i: number): boolean {
  const previous = tokens[i - 1];
  const token = tokens[i];
  if (joins(previous, token, tokens[i + 1]) || joins(tokens[i - 2], previous, token)) return false;
  return !NO_SPACE_BEFORE.has(token) && !NO_SPACE_AFTER.has(previous);
}

/** `mark` glues `left` and `right` into one written word. */
function joins(left: string | undefined, mark: string, right: string | undefined): boolean {
  if (left === undefined || right === undefined) return false;
  if (WORD_JOINERS.has(mark)) return WORD_RUN.test(left) && WORD_RUN.test(right);
  if (NUMBER_JOINERS.has(mark)) return DIGITS.test(left) && DIGITS.test(right);
  return false;
}

/** Mean whitespace-separated words and characters of a side's texts (for choosing its unit). */
export interface SideShape {
  meanWords: number;
  meanChars: number;
}

/** At most this many words on average, or characters below, and a side is read as characters. */
export const CHAR_SIDE_MAX_MEAN_WORDS = 2;
export const CHAR_SIDE_MAX_MEAN_CHARS = 24;

/**
 * `auto` tokens for a side: characters for short strings (dates, names, words to transliterate: at most
 * 2 words or 24 characters on average), words for sentences. A choice of `word` or `char` is kept.
 */
export function chooseSideUnit(choice: 'auto' | TokenUnit, shape: SideShape): TokenUnit {
  if (choice !== 'auto') return choice;
  return shape.meanWords <= CHAR_SIDE_MAX_MEAN_WORDS || shape.meanChars <= CHAR_SIDE_MAX_MEAN_CHARS ? 'char' : 'word';
}

/** How a side's unit was chosen, in words: "characters (short strings, mean 2.4 words)". */
export function describeSideUnit(unit: TokenUnit, choice: 'auto' | TokenUnit, shape: SideShape): string {
  const name = unit === 'char' ? 'characters' : 'words';
  if (choice !== 'auto') return `${name} (chosen)`;
  const why = unit === 'char' ? 'short strings' : 'sentences';
  return `${name} (${why}, mean ${shape.meanWords.toFixed(1)} words, ${shape.meanChars.toFixed(1)} characters)`;
}

/** Accumulates `SideShape` over texts as they arrive. */
export class SideShapeCounter {
  private texts = 0;
  private words = 0;
  private chars = 0;

  add(text: string): void {
    this.texts++;
    this.words += countWords(text);
    for (let i = 0; i < text.length; i++) if (!isLowSurrogate(text.charCodeAt(i))) this.chars++;
  }

  shape(): SideShape {
    const n = Math.max(1, this.texts);
    return { meanWords: this.words / n, meanChars: this.chars / n };
  }
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff;
}
