/**
 * A user's text as the model will read it, token by token, with where each token sits in the original
 * text (UTF-16 offsets, so the editor can decorate it) and whether the vocabulary knows it. Tokenises
 * exactly like `data/tokenize.ts` (words: the lowercased words of `data/word-split.ts`, by the rule the
 * vocabulary was built with; characters: code points).
 *
 * Characters outside a character vocabulary are first mapped to a near equivalent the model knows —
 * the same letter without its accent, the other case, ASCII punctuation for typographic punctuation —
 * and only then to `<unk>`; every mapping is reported so the panel can say what the model read.
 */

import type { TokenUnit } from '../data/tokenize';
import { UNK_ID, UNK_TOKEN, type Vocabulary } from '../data/vocabulary';
import { forEachWord } from '../data/word-split';

export interface TextToken {
  /** The token as the vocabulary spells it (words lowercased; a mapped character's replacement). */
  token: string;
  /** As written in the text. */
  text: string;
  /** UTF-16 offsets in the text: `[start, end)`. */
  start: number;
  end: number;
  id: number;
}

/** A token outside the vocabulary and what the model read instead (a known token, or `<unk>`). */
export interface UnknownToken {
  text: string;
  readAs: string;
  count: number;
}

export interface ReadText {
  tokens: TextToken[];
  unknown: UnknownToken[];
}

/** Typographic characters and their plain equivalents, tried when a vocabulary lacks the original. */
const PLAIN: Record<string, string> = {
  '\u2018': "'",
  '\u2019': "'",
  '\u201a': "'",
  '\u2032': "'",
  '\u201c': '"',
  '\u201d': '"',
  '\u201e': '"',
  '\u2033': '"',
  '\u00ab': '"',
  '\u00bb': '"',
  '\u2013': '-',
  '\u2014': '-',
  '\u2212': '-',
  '\u2010': '-',
  '\u2011': '-',
  '\u00a0': ' ',
  '\u2009': ' ',
  '\u202f': ' ',
  '\u2007': ' ',
  '\t': ' ',
  '\u2026': '.',
  '\u2022': '*',
  '\r': '\n',
};

/** Splits `text` into the vocabulary's tokens with their offsets and ids. */
export function readText(text: string, vocab: Vocabulary, unit: TokenUnit = vocab.unit): ReadText {
  const tokens: TextToken[] = [];
  const unknown = new Map<string, UnknownToken>();
  const note = (written: string, readAs: string) => {
    const seen = unknown.get(written);
    if (seen) seen.count++;
    else unknown.set(written, { text: written, readAs, count: 1 });
  };
  if (unit === 'word') {
    forEachWord(text, vocab.words, (start, end) => {
      const written = text.slice(start, end);
      const token = written.toLowerCase();
      const id = vocab.idOf(token);
      if (id === UNK_ID && token !== UNK_TOKEN) note(token, UNK_TOKEN);
      tokens.push({ token, text: written, start, end, id });
    });
  } else {
    let offset = 0;
    for (const char of text) {
      const start = offset;
      offset += char.length;
      // A Windows line ending is one newline to a model trained on "\n" text: skip the "\r".
      if (char === '\r' && text[offset] === '\n' && !vocab.has('\r')) continue;
      const token = vocab.has(char) ? char : nearestKnownChar(char, vocab);
      if (token !== char) note(char, token);
      tokens.push({ token, text: char, start, end: offset, id: vocab.idOf(token) });
    }
  }
  return { tokens, unknown: [...unknown.values()] };
}

/** A character the vocabulary knows that stands for `char`, or `<unk>`. */
export function nearestKnownChar(char: string, vocab: Vocabulary): string {
  const candidates = [
    PLAIN[char],
    char.normalize('NFKD').replace(/\p{M}+/gu, ''),
    char.toLowerCase(),
    char.toUpperCase(),
    char
      .normalize('NFKD')
      .replace(/\p{M}+/gu, '')
      .toLowerCase(),
  ];
  for (const candidate of candidates) {
    if (candidate && candidate !== char && vocab.has(candidate)) return candidate;
  }
  return UNK_TOKEN;
}

/**
 * Describes the unknown tokens for a message: `"é" → "e", "€" → <unk> (×2)`; `unkAs` replaces `<unk>`
 * (e.g. `(left out)`).
 */
export function describeUnknown(unknown: readonly UnknownToken[], max = 8, unkAs = UNK_TOKEN): string {
  const show = (s: string) => (s === UNK_TOKEN ? unkAs : JSON.stringify(s));
  const parts = unknown
    .slice(0, max)
    .map((u) => `${show(u.text)} → ${show(u.readAs)}${u.count > 1 ? ` (×${u.count})` : ''}`);
  if (unknown.length > max) parts.push(`and ${unknown.length - max} more`);
  return parts.join(', ');
}
