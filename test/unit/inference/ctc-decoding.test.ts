/**
 * CTC decoding on hand-made per-frame distributions: best path (argmax, repeats merged, blanks dropped),
 * prefix beam search finding a labelling more probable than the best path's, and the beam's probability
 * of each labelling against the brute-force sum over every alignment of a tiny case.
 */

import { describe, expect, it } from 'vitest';
import {
  bestPathOf,
  collapseCtcPath,
  greedyCtcDecode,
  logSoftmaxFrames,
  prefixBeamSearch,
} from '../../../src/inference/ctc-decoding';
import { Random } from '../../../src/engine';

/** logProbs (T, C) from rows of probabilities. */
const logOf = (rows: number[][]) => Float64Array.from(rows.flat().map(Math.log));

describe('best path', () => {
  it('merges repeats and drops blanks, keeping a repeat separated by a blank', () => {
    expect(collapseCtcPath([1, 1, 0, 1, 2, 2, 0, 0, 3])).toEqual([1, 1, 2, 3]);
    expect(collapseCtcPath([0, 0])).toEqual([]);
  });

  it('takes the argmax of every frame and scores that one alignment', () => {
    const rows = [
      [0.1, 0.7, 0.2],
      [0.2, 0.6, 0.2],
      [0.8, 0.1, 0.1],
      [0.1, 0.3, 0.6],
    ];
    const logProbs = logOf(rows);
    expect(Array.from(bestPathOf(logProbs, 4, 3))).toEqual([1, 1, 0, 2]);
    const decoded = greedyCtcDecode(logProbs, 4, 3);
    expect(decoded.labels).toEqual([1, 2]);
    expect(decoded.logProbability).toBeCloseTo(Math.log(0.7 * 0.6 * 0.8 * 0.6), 12);
  });

  it('logSoftmaxFrames normalises each frame', () => {
    const lp = logSoftmaxFrames([1, 2, 3, 0, 0, 0], 2, 3);
    for (let t = 0; t < 2; t++)
      expect(Math.exp(lp[t * 3]) + Math.exp(lp[t * 3 + 1]) + Math.exp(lp[t * 3 + 2])).toBeCloseTo(1, 14);
  });
});

describe('prefix beam search', () => {
  it('finds a labelling more probable than the best path', () => {
    // Two frames, blank 0.6 and "a" 0.4 in each: the best path is blank blank (labelling "", p 0.36), but
    // "a" has three alignments (a·, ·a, aa): 0.24 + 0.24 + 0.16 = 0.64.
    const logProbs = logOf([
      [0.6, 0.4],
      [0.6, 0.4],
    ]);
    expect(greedyCtcDecode(logProbs, 2, 2).labels).toEqual([]);
    const nbest = prefixBeamSearch(logProbs, 2, 2, 4);
    expect(nbest[0].labels).toEqual([1]);
    expect(nbest[0].logProbability).toBeCloseTo(Math.log(0.64), 12);
    expect(nbest[1].labels).toEqual([]);
    expect(nbest[1].logProbability).toBeCloseTo(Math.log(0.36), 12);
  });

  it('keeps "a a" (a blank between) apart from "a" (a repeat merged)', () => {
    const logProbs = logOf([
      [0.2, 0.8],
      [0.5, 0.5],
      [0.2, 0.8],
    ]);
    const nbest = prefixBeamSearch(logProbs, 3, 2, 8);
    const aa = nbest.find((h) => h.labels.length === 2)!;
    // only a · a
    expect(aa.logProbability).toBeCloseTo(Math.log(0.8 * 0.5 * 0.8), 12);
  });

  it("a labelling's probability equals the brute-force sum over its alignments (no pruning)", () => {
    const T = 4;
    const C = 3;
    const rng = new Random(7);
    const logits = Float64Array.from({ length: T * C }, () => 1.5 * rng.normal());
    const logProbs = logSoftmaxFrames(logits, T, C);
    const brute = new Map<string, number>();
    for (let code = 0; code < C ** T; code++) {
      const path: number[] = [];
      let p = 1;
      for (let t = 0, rest = code; t < T; t++, rest = Math.floor(rest / C)) {
        path.push(rest % C);
        p *= Math.exp(logProbs[t * C + (rest % C)]);
      }
      const key = collapseCtcPath(path).join(',');
      brute.set(key, (brute.get(key) ?? 0) + p);
    }
    const nbest = prefixBeamSearch(logProbs, T, C, 1000);
    expect(nbest.length).toBe(brute.size);
    let total = 0;
    for (const h of nbest) {
      const expected = brute.get(h.labels.join(','))!;
      expect(Math.abs(Math.exp(h.logProbability) - expected)).toBeLessThan(1e-14);
      total += Math.exp(h.logProbability);
    }
    expect(total).toBeCloseTo(1, 13);
    // best first
    for (let k = 1; k < nbest.length; k++)
      expect(nbest[k].logProbability).toBeLessThanOrEqual(nbest[k - 1].logProbability);
  });

  it('with beam 1 and a peaked distribution agrees with best path; refuses a bad beam', () => {
    const logProbs = logOf([
      [0.05, 0.9, 0.05],
      [0.9, 0.05, 0.05],
      [0.05, 0.05, 0.9],
    ]);
    expect(prefixBeamSearch(logProbs, 3, 3, 1)[0].labels).toEqual(greedyCtcDecode(logProbs, 3, 3).labels);
    expect(() => prefixBeamSearch(logProbs, 3, 3, 0)).toThrow(/beam must be a positive integer/);
  });
});
