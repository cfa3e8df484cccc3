/**
 * Which tokens of a model's output differ from the reference: a token-level alignment by the longest
 * common subsequence. Between two tokens both sides share, the output's tokens pair with the reference's
 * in order as substitutions; what is left over is inserted (output only) or deleted (reference only).
 * Pure: the Training panel's example table draws from it and the unit tests check it.
 */

export type TokenMark = 'same' | 'inserted' | 'substituted' | 'deleted';

/** One token of the marked output, in reading order; a deleted one is the reference's, shown where it went missing. */
export interface MarkedToken {
  text: string;
  mark: TokenMark;
  /** A substituted token: the reference token it stands in for. */
  reference?: string;
}

/**
 * Above this many cells (reference × output tokens) the table of common-subsequence lengths is not built
 * (16 MB of Uint32): the tokens are compared position by position instead. Examples in a table are short.
 */
export const MAX_ALIGNMENT_CELLS = 4_000_000;

// marked (≤ R + O tokens) ← reference (R tokens), output (O tokens)
export function markOutputTokens(reference: readonly string[], output: readonly string[]): MarkedToken[] {
  const r = reference.length;
  const o = output.length;
  if ((r + 1) * (o + 1) > MAX_ALIGNMENT_CELLS) return markByPosition(reference, output);
  // lcs[i * (o + 1) + j]: length of the longest common subsequence of reference[i:] and output[j:].
  const width = o + 1;
  const lcs = new Uint32Array((r + 1) * width);
  for (let i = r - 1; i >= 0; i--) {
    for (let j = o - 1; j >= 0; j--) {
      lcs[i * width + j] =
        reference[i] === output[j]
          ? lcs[(i + 1) * width + j + 1] + 1
          : Math.max(lcs[(i + 1) * width + j], lcs[i * width + j + 1]);
    }
  }
  const marked: MarkedToken[] = [];
  // The tokens of one side only since the last shared token, paired up when the next shared one (or the end) comes.
  let deleted: string[] = [];
  let inserted: string[] = [];
  const flush = () => {
    pairGap(deleted, inserted, marked);
    deleted = [];
    inserted = [];
  };
  let i = 0;
  let j = 0;
  while (i < r || j < o) {
    if (i < r && j < o && reference[i] === output[j]) {
      flush();
      marked.push({ text: output[j], mark: 'same' });
      i++;
      j++;
    } else if (j >= o || (i < r && lcs[(i + 1) * width + j] >= lcs[i * width + j + 1])) {
      deleted.push(reference[i++]);
    } else {
      inserted.push(output[j++]);
    }
  }
  flush();
  return marked;
}

/** The fallback for very long sequences: token k of the output against token k of the reference. */
function markByPosition(reference: readonly string[], output: readonly string[]): MarkedToken[] {
  const marked: MarkedToken[] = [];
  const n = Math.max(reference.length, output.length);
  for (let k = 0; k < n; k++) {
    if (k >= output.length) marked.push({ text: reference[k], mark: 'deleted' });
    else if (k >= reference.length) marked.push({ text: output[k], mark: 'inserted' });
    else if (reference[k] === output[k]) marked.push({ text: output[k], mark: 'same' });
    else marked.push({ text: output[k], mark: 'substituted', reference: reference[k] });
  }
  return marked;
}

/** A gap between shared tokens: the first min(D, I) output tokens substitute reference tokens in order. */
function pairGap(deleted: readonly string[], inserted: readonly string[], marked: MarkedToken[]): void {
  const paired = Math.min(deleted.length, inserted.length);
  for (let k = 0; k < paired; k++) marked.push({ text: inserted[k], mark: 'substituted', reference: deleted[k] });
  for (let k = paired; k < inserted.length; k++) marked.push({ text: inserted[k], mark: 'inserted' });
  for (let k = paired; k < deleted.length; k++) marked.push({ text: deleted[k], mark: 'deleted' });
}

/** How many tokens differ: substitutions, insertions and deletions of this alignment (Levenshtein's may be fewer). */
export function differenceCount(marked: readonly MarkedToken[]): number {
  let count = 0;
  for (const token of marked) if (token.mark !== 'same') count++;
  return count;
}
