/**
 * The characters a speech-to-text model writes: symbol 0 is the CTC blank, then every character of the
 * training transcripts in code-point order. Transcripts are normalised first — Unicode NFKC, lower case
 * (a recording does not say whether a word was capitalised, so case would only be noise for the model to
 * guess), whitespace runs as one space, trimmed — and the same normalisation is applied to a reference
 * before an error rate is computed, so the model is not charged for case or spacing.
 */

import { CTC_BLANK } from '../../engine/ctc';

/** How the blank is shown (the Audio view's alignment, the symbol list stored in the checkpoint). */
export const BLANK_SYMBOL = '·';

/** A transcript as the model learns it: NFKC, lower case, single spaces, trimmed. */
export function normalizeTranscript(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/\s+/gu, ' ').trim();
}

/** `[blank, c₁, c₂, …]`: every character of the (normalised) transcripts, sorted by code point. */
export function buildTranscriptSymbols(transcripts: Iterable<string>): string[] {
  const seen = new Set<string>();
  for (const text of transcripts) for (const character of text) seen.add(character);
  const characters = [...seen].sort((a, b) => a.codePointAt(0)! - b.codePointAt(0)!);
  return [BLANK_SYMBOL, ...characters];
}

/** Character → symbol id (1…C−1). */
export function symbolIds(symbols: readonly string[]): Map<string, number> {
  return new Map(symbols.map((symbol, id) => [symbol, id] as [string, number]).filter(([, id]) => id !== CTC_BLANK));
}

/** A normalised transcript's label ids, or the first character the symbols lack. */
export function encodeTranscript(
  text: string,
  ids: ReadonlyMap<string, number>,
): { ok: true; labels: Int32Array } | { ok: false; missing: string } {
  const characters = Array.from(text);
  const labels = new Int32Array(characters.length);
  for (let k = 0; k < characters.length; k++) {
    const id = ids.get(characters[k]);
    if (id === undefined) return { ok: false, missing: characters[k] };
    labels[k] = id;
  }
  return { ok: true, labels };
}

/** Label ids back to text. */
export function decodeLabels(labels: ArrayLike<number>, symbols: readonly string[]): string {
  let text = '';
  for (let k = 0; k < labels.length; k++) text += symbols[labels[k]] ?? '';
  return text;
}

/**
 * The fewest frames a CTC alignment of these labels needs: one per label, plus a blank between each pair
 * of equal neighbours (`ll` in "hello" cannot be one run of `l`).
 */
export function ctcFramesNeeded(labels: ArrayLike<number>): number {
  let frames = labels.length;
  for (let k = 1; k < labels.length; k++) if (labels[k] === labels[k - 1]) frames++;
  return frames;
}
