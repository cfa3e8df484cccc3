/**
 * Levenshtein distance between two token sequences (insertions, deletions and substitutions cost 1), for
 * the token and character error rates: errors / reference length, as speech and translation toolkits
 * report them. One row of the dynamic programme at a time: O(|a|·|b|) time, O(|b|) memory.
 */

export function editDistance<T>(hypothesis: ArrayLike<T>, reference: ArrayLike<T>): number {
  const m = reference.length;
  let previous = new Int32Array(m + 1);
  let current = new Int32Array(m + 1);
  for (let j = 0; j <= m; j++) previous[j] = j;
  for (let i = 1; i <= hypothesis.length; i++) {
    current[0] = i;
    const h = hypothesis[i - 1];
    for (let j = 1; j <= m; j++) {
      const substitution = previous[j - 1] + (h === reference[j - 1] ? 0 : 1);
      current[j] = Math.min(substitution, previous[j] + 1, current[j - 1] + 1);
    }
    [previous, current] = [current, previous];
  }
  return previous[m];
}
