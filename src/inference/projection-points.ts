/**
 * Which states a projection draws and how a point is coloured, pure: an even, deterministic sample of at
 * most `count` of `total` states (the same query always draws the same points), mapping a state's index in
 * the whole set to its (sequence, step), and the character class of a token.
 */

/**
 * The most states UMAP embeds. umap-js costs far more per point than PCA: measured by `npm run bench --
 * --evaluate` on 256-unit states (2 shared cores), 1 000 points 2.4 s, 2 500 points 8.3 s, 5 000 points
 * 15.8 s on a quiet machine (5.4, 17.8, 57.6 s on a busy one); 2 500 keeps a UMAP to seconds, with progress
 * and Stop, on a quiet machine (docs/evaluation.md).
 */
export const UMAP_MAX_POINTS = 2500;

/** Indices ⌊i · total / count⌋ for i < count (all of them when total ≤ count): evenly spread, ascending, distinct. */
export function evenSample(total: number, count: number): Int32Array {
  const n = Math.max(0, Math.min(total, count));
  const out = new Int32Array(n);
  for (let i = 0; i < n; i++) out[i] = Math.floor((i * total) / n);
  return out;
}

/**
 * (sequence, step) of ascending state indices in the concatenation of every sequence's steps
 * (`stepsOf(s)` steps for sequence s, `sequences` of them).
 */
export function locateSteps(
  indices: Int32Array,
  sequences: number,
  stepsOf: (sequence: number) => number,
): { sequence: Int32Array; step: Int32Array } {
  const sequence = new Int32Array(indices.length);
  const step = new Int32Array(indices.length);
  let s = 0;
  let first = 0; // index of sequence s's step 0
  for (let k = 0; k < indices.length; k++) {
    const index = indices[k];
    while (s < sequences && index >= first + stepsOf(s)) first += stepsOf(s++);
    if (s >= sequences) throw new Error(`state ${index} is past the last sequence`);
    sequence[k] = s;
    step[k] = index - first;
  }
  return { sequence, step };
}

/** Character classes of `Projection.characterClass`. */
export const CharacterClass = { letter: 0, digit: 1, space: 2, punctuation: 3, newline: 4, other: 5 } as const;

/** The class of a token's first character (a word token: of its first letter). */
export function characterClass(token: string): number {
  const c = String.fromCodePoint(token.codePointAt(0) ?? 0);
  if (c === '\n' || c === '\r') return CharacterClass.newline;
  if (/\p{L}/u.test(c)) return CharacterClass.letter;
  if (/\p{Nd}/u.test(c)) return CharacterClass.digit;
  if (/\s/u.test(c)) return CharacterClass.space;
  if (/[\p{P}\p{S}]/u.test(c)) return CharacterClass.punctuation;
  return CharacterClass.other;
}
