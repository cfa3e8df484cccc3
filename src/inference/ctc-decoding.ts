/**
 * Decoding a CTC model's per-frame output distributions into labels (blank = 0): greedy best path, and
 * prefix beam search (Hannun et al. 2014, "First-pass large vocabulary continuous speech recognition
 * using bi-directional recurrent DNNs", without a language model). Log space throughout.
 *
 * Best path takes the most likely symbol of each frame, merges repeats and drops blanks: fast, but it
 * scores one alignment, while a labelling's probability is the sum over all its alignments — so a
 * labelling spread over many alignments can beat the best path's. Prefix beam search keeps, per
 * prefix, the probability of its alignments so far ending in a blank and ending in its last label (the
 * two extend differently: a repeated label needs a blank between), and keeps the `beam` most probable.
 */

import { CTC_BLANK } from '../engine/ctc';

/** A decoded labelling. */
export interface CtcHypothesis {
  /** Symbol ids (1…C−1), blanks and repeats removed. */
  labels: number[];
  /**
   * Log-probability: for prefix beam search, log p(labels | x) summed over the alignments the beam kept
   * (exact when nothing was pruned); for best path, the log-probability of that single alignment.
   */
  logProbability: number;
}

/** logProbs (T, C) ← logits (T, C): a log-softmax per frame, in float64. */
export function logSoftmaxFrames(logits: ArrayLike<number>, T: number, C: number): Float64Array {
  const out = new Float64Array(T * C);
  for (let t = 0; t < T; t++) {
    const row = t * C;
    // subtract the max only for numerical stability
    let max = -Infinity;
    for (let c = 0; c < C; c++) max = Math.max(max, logits[row + c]);
    let sum = 0;
    for (let c = 0; c < C; c++) sum += Math.exp(logits[row + c] - max);
    const logZ = max + Math.log(sum);
    for (let c = 0; c < C; c++) out[row + c] = logits[row + c] - logZ;
  }
  return out;
}

/** The most likely symbol of each frame: bestPath (T) ← logProbs (T, C) from `offset` (logits give the same path). */
export function bestPathOf(logProbs: ArrayLike<number>, T: number, C: number, offset = 0): Int32Array {
  const path = new Int32Array(T);
  for (let t = 0; t < T; t++) {
    const row = offset + t * C;
    let best = 0;
    for (let c = 1; c < C; c++) if (logProbs[row + c] > logProbs[row + best]) best = c;
    path[t] = best;
  }
  return path;
}

/** A frame path's labels: repeats merged, then blanks dropped (`a a · a b` → `a a b`). */
export function collapseCtcPath(path: ArrayLike<number>): number[] {
  const labels: number[] = [];
  let previous = -1;
  for (let t = 0; t < path.length; t++) {
    const symbol = path[t];
    if (symbol !== previous && symbol !== CTC_BLANK) labels.push(symbol);
    previous = symbol;
  }
  return labels;
}

/** Greedy (best path) decoding of logProbs (T, C). */
export function greedyCtcDecode(logProbs: ArrayLike<number>, T: number, C: number): CtcHypothesis {
  const path = bestPathOf(logProbs, T, C);
  let logProbability = 0;
  for (let t = 0; t < T; t++) logProbability += logProbs[t * C + path[t]];
  return { labels: collapseCtcPath(path), logProbability };
}

interface Prefix {
  labels: number[];
  /** log p(alignments of frames 0…t ending in a blank) */
  blank: number;
  /** log p(alignments of frames 0…t ending in the prefix's last label) */
  label: number;
}

/**
 * Prefix beam search over logProbs (T, C), keeping `beam` prefixes per frame; returns up to `nbest`
 * labellings (default all kept), most probable first. Deterministic: ties go to the shorter, then the
 * lexicographically smaller labelling.
 */
export function prefixBeamSearch(
  logProbs: ArrayLike<number>,
  T: number,
  C: number,
  beam: number,
  nbest = beam,
): CtcHypothesis[] {
  if (!(Number.isInteger(beam) && beam >= 1))
    throw new Error(`prefix beam search: beam must be a positive integer, got ${beam}`);
  let prefixes: Prefix[] = [{ labels: [], blank: 0, label: -Infinity }];
  for (let t = 0; t < T; t++) {
    const next = new Map<string, Prefix>();
    const entry = (labels: number[]): Prefix => {
      const key = labels.join(',');
      let found = next.get(key);
      if (!found) next.set(key, (found = { labels, blank: -Infinity, label: -Infinity }));
      return found;
    };
    const row = t * C;
    for (const prefix of prefixes) {
      const total = logAddExp(prefix.blank, prefix.label);
      const last = prefix.labels.length > 0 ? prefix.labels[prefix.labels.length - 1] : -1;
      const same = entry(prefix.labels);
      // A blank keeps the prefix, ending in a blank.
      same.blank = logAddExp(same.blank, total + logProbs[row + CTC_BLANK]);
      for (let c = 1; c < C; c++) {
        const p = logProbs[row + c];
        if (p === -Infinity) continue;
        const extended = entry([...prefix.labels, c]);
        if (c === last) {
          // Repeating the last label merges into it, unless a blank separated them (then it is a new label).
          same.label = logAddExp(same.label, prefix.label + p);
          extended.label = logAddExp(extended.label, prefix.blank + p);
        } else {
          extended.label = logAddExp(extended.label, total + p);
        }
      }
    }
    prefixes = [...next.values()].sort(byProbability).slice(0, beam);
  }
  return prefixes
    .slice(0, nbest)
    .map((prefix) => ({ labels: prefix.labels, logProbability: logAddExp(prefix.blank, prefix.label) }))
    .filter((hypothesis) => hypothesis.logProbability > -Infinity);
}

function byProbability(a: Prefix, b: Prefix): number {
  const difference = logAddExp(b.blank, b.label) - logAddExp(a.blank, a.label);
  if (difference !== 0 && !Number.isNaN(difference)) return difference;
  if (a.labels.length !== b.labels.length) return a.labels.length - b.labels.length;
  for (let k = 0; k < a.labels.length; k++) if (a.labels[k] !== b.labels[k]) return a.labels[k] - b.labels[k];
  return 0;
}

/** log(eᵃ + eᵇ) without overflow; −∞ when both are −∞. */
function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}
