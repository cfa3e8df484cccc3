/**
 * `evaluate-project` on hand-built sessions (evaluation-session-double.ts): states planted on two known
 * directions (PCA must give each point's planted coordinates back, up to sign, and their variance shares),
 * even sampling to `MAX_POINTS`, `last` (and step 0 of a backward direction), the colourings, UMAP's
 * determinism and its separation of two clusters, and the sampling helpers themselves.
 */

import { describe, expect, it } from 'vitest';
import {
  CharacterClass,
  UMAP_MAX_POINTS,
  characterClass,
  evenSample,
  locateSteps,
} from '../../../src/inference/projection-points';
import { MAX_POINTS, SPAN_CONTEXT, type StateAddress } from '../../../src/protocol/evaluate-view';
import { projectStates } from '../../../src/worker/inference/evaluate-project';
import { MemoryStates, classifierSession, statesSession } from './evaluation-session-double';

const context = { partial: () => {}, throwIfCancelled: () => {} };
const H0: StateAddress = { layer: 0, direction: 'forward', signal: 'h' };

/** Sequence s, step t: coordinates (a, b) on the planted plane. */
const planeA = (s: number, t: number) => Math.sin(0.37 * s + 1.3 * t) * 2;
const planeB = (s: number, t: number) => Math.cos(0.11 * s * t + t) * 0.5;

/** States x = 0.2 + a·u + b·v (u, v orthonormal in width W), for sequences of the given lengths. */
function plantedStates(lengths: number[], W: number, address = H0) {
  const u = Float64Array.from({ length: W }, (_, i) => (i % 2 === 0 ? 1 : -1) / Math.sqrt(W));
  const v = Float64Array.from({ length: W }, (_, i) => (i < W / 2 ? 1 : -1) / Math.sqrt(W));
  const perSequence = lengths.map((T, s) => {
    const x = new Float32Array(T * W);
    for (let t = 0; t < T; t++)
      for (let i = 0; i < W; i++) x[t * W + i] = 0.2 + planeA(s, t) * u[i] + planeB(s, t) * v[i];
    return x;
  });
  return MemoryStates.of([{ address, width: W, perSequence }], lengths);
}

describe('projection sampling helpers', () => {
  it('samples evenly and deterministically, all points when there are few', () => {
    expect(Array.from(evenSample(10, 4))).toEqual([0, 2, 5, 7]);
    expect(Array.from(evenSample(3, 5))).toEqual([0, 1, 2]);
    expect(evenSample(0, 5).length).toBe(0);
    const big = evenSample(1_000_003, MAX_POINTS);
    expect(big.length).toBe(MAX_POINTS);
    for (let i = 1; i < big.length; i++) expect(big[i] - big[i - 1]).toBeGreaterThanOrEqual(50);
  });

  it('locates global step indices in their sequences (empty sequences skipped)', () => {
    const lengths = [3, 0, 2, 4];
    const { sequence, step } = locateSteps(Int32Array.of(0, 2, 3, 4, 5, 8), 4, (s) => lengths[s]);
    expect(Array.from(sequence)).toEqual([0, 0, 2, 2, 3, 3]);
    expect(Array.from(step)).toEqual([0, 2, 0, 1, 0, 3]);
    expect(() => locateSteps(Int32Array.of(9), 4, (s) => lengths[s])).toThrow(/past the last sequence/);
  });

  it('classifies characters: letter, digit, space, punctuation, newline, other', () => {
    expect(['a', 'É', 'ж', 'word'].map(characterClass)).toEqual(Array(4).fill(CharacterClass.letter));
    expect(['7', '٣'].map(characterClass)).toEqual([CharacterClass.digit, CharacterClass.digit]);
    expect([' ', '\t'].map(characterClass)).toEqual([CharacterClass.space, CharacterClass.space]);
    expect(['.', '"', '$', '—'].map(characterClass)).toEqual(Array(4).fill(CharacterClass.punctuation));
    expect(characterClass('\n')).toBe(CharacterClass.newline);
    expect(characterClass('\u0007')).toBe(CharacterClass.other);
  });
});

describe('evaluate-project: PCA', () => {
  it('every step: gives back each point’s planted coordinates (up to sign) and the variance shares', () => {
    const lengths = Array.from({ length: 60 }, (_, s) => 5 + (s % 9));
    const states = plantedStates(lengths, 24);
    const session = statesSession(states);
    const projection = projectStates(session, { address: H0, steps: 'every', method: 'pca' }, context);
    const n = states.totalSteps;
    expect(projection.sampledFrom).toBe(n);
    expect(projection.sequence.length).toBe(n); // fewer than MAX_POINTS: every state
    // Planted coordinates of every state, centred.
    const a = Array.from({ length: n }, (_, k) => planeA(projection.sequence[k], projection.step[k]));
    const b = Array.from({ length: n }, (_, k) => planeB(projection.sequence[k], projection.step[k]));
    const centre = (xs: number[]) => {
      const m = xs.reduce((s, x) => s + x, 0) / xs.length;
      return xs.map((x) => x - m);
    };
    const [ca, cb] = [centre(a), centre(b)];
    // The exact answer: the eigenvectors of the planted coordinates' 2 × 2 covariance (closed form).
    const mean2 = (xs: number[], ys: number[]) => xs.reduce((sum, x, k) => sum + x * ys[k], 0) / xs.length;
    const [saa, sab, sbb] = [mean2(ca, ca), mean2(ca, cb), mean2(cb, cb)];
    const half = Math.hypot((saa - sbb) / 2, sab);
    const lambda1 = (saa + sbb) / 2 + half;
    const lambda2 = (saa + sbb) / 2 - half;
    const angle = 0.5 * Math.atan2(2 * sab, saa - sbb);
    const [e1x, e1y] = [Math.cos(angle), Math.sin(angle)];
    const first = ca.map((x, k) => e1x * x + e1y * cb[k]);
    const second = ca.map((x, k) => -e1y * x + e1x * cb[k]);
    const largest = (xs: number[]) => xs.reduce((best, x, k) => (Math.abs(x) > Math.abs(xs[best]) ? k : best), 0);
    const signX = Math.sign(projection.points[2 * largest(first)] * first[largest(first)]);
    const signY = Math.sign(projection.points[2 * largest(second) + 1] * second[largest(second)]);
    for (let k = 0; k < n; k++) {
      expect(projection.points[2 * k] * signX).toBeCloseTo(first[k], 4);
      expect(projection.points[2 * k + 1] * signY).toBeCloseTo(second[k], 4);
    }
    expect(projection.explained![0]).toBeCloseTo(lambda1 / (lambda1 + lambda2), 5);
    expect(projection.explained![1]).toBeCloseTo(lambda2 / (lambda1 + lambda2), 5);
    expect(lambda1).toBeGreaterThan(lambda2 * 2);
    expect(projection.method).toBe('pca');
  });

  it(`samples at most MAX_POINTS (${MAX_POINTS}) evenly, the same points every time`, () => {
    const lengths = Array.from({ length: 500 }, (_, s) => 40 + (s % 11)); // ≈ 22 500 states
    const session = statesSession(plantedStates(lengths, 8));
    const query = { address: H0, steps: 'every', method: 'pca' } as const;
    const first = projectStates(session, query, context);
    const again = projectStates(session, query, context);
    expect(first.sequence.length).toBe(MAX_POINTS);
    expect(first.sampledFrom).toBe(session.states.totalSteps);
    expect(Array.from(again.points)).toEqual(Array.from(first.points));
    // Even: the sampled global indices are ⌊i · total / MAX_POINTS⌋.
    const offsets = [0];
    lengths.forEach((T) => offsets.push(offsets.at(-1)! + T));
    const expected = evenSample(session.states.totalSteps, MAX_POINTS);
    for (let k = 0; k < MAX_POINTS; k += 997) expect(offsets[first.sequence[k]] + first.step[k]).toBe(expected[k]);
  });

  it('last: one point per non-empty sequence at its last step, or step 0 for a backward direction', () => {
    const lengths = [4, 0, 6, 3, 5, 2];
    for (const direction of ['forward', 'backward'] as const) {
      const address: StateAddress = { layer: 1, direction, signal: 'c' };
      const session = statesSession(plantedStates(lengths, 6, address));
      const projection = projectStates(session, { address, steps: 'last', method: 'pca' }, context);
      expect(Array.from(projection.sequence)).toEqual([0, 2, 3, 4, 5]);
      expect(Array.from(projection.step)).toEqual(direction === 'forward' ? [3, 5, 2, 4, 1] : [0, 0, 0, 0, 0]);
      expect(projection.sampledFrom).toBe(5);
    }
  });

  it('colours by label, prediction, sequence loss and the character class of each step', () => {
    const { session } = classifierSession();
    const projection = projectStates(session, { address: H0, steps: 'every', method: 'pca' }, context);
    const n = projection.sequence.length;
    expect(n).toBe(session.states.totalSteps);
    for (let k = 0; k < n; k++) {
      const s = projection.sequence[k];
      expect(projection.label![k]).toBe(session.actual[s]);
      expect(projection.predicted![k]).toBe(session.predicted[s]);
      expect(projection.error![k]).toBe(session.sequenceLoss[s]);
      expect(projection.characterClass![k]).toBe(characterClass(session.tokens(s)[projection.step[k]]));
      // Hover's context: the characters read up to and including the point's step, at most SPAN_CONTEXT.
      const read = session.tokens(s).slice(0, projection.step[k] + 1);
      expect(projection.context![k]).toBe(read.slice(-SPAN_CONTEXT).join(''));
    }
    expect(new Set(projection.characterClass)).toEqual(
      new Set([CharacterClass.letter, CharacterClass.space, CharacterClass.punctuation]),
    );
    // Series models have no character classes; a model without labels no label colouring.
    const rows = statesSession(plantedStates([3, 4], 4), { input: 'rows' });
    const plain = projectStates(rows, { address: H0, steps: 'every', method: 'pca' }, context);
    expect(plain.characterClass).toBeUndefined();
    expect(plain.context).toBeUndefined();
    expect(plain.label).toBeUndefined();
    expect(plain.error!.length).toBe(7);
  });

  it('carries a chosen unit’s activation at each point: the state it projects, sampled or last, PCA or UMAP', () => {
    const lengths = Array.from({ length: 40 }, (_, s) => 3 + (s % 7));
    const W = 10;
    const cases = [
      { direction: 'forward', steps: 'every', method: 'pca', unit: 3 },
      { direction: 'backward', steps: 'last', method: 'pca', unit: 9 },
      { direction: 'forward', steps: 'every', method: 'umap', unit: 0 },
    ] as const;
    for (const { direction, steps, method, unit } of cases) {
      const address: StateAddress = { layer: 0, direction, signal: 'h' };
      const session = statesSession(plantedStates(lengths, W, address));
      // Fewer points than states: the values must follow the sampled points, not the first n states.
      const query = { address, steps, method, colourUnit: unit };
      const projection = projectStates(session, query, context, { maxPoints: 97, umapMaxPoints: 60 });
      const n = projection.sequence.length;
      expect(projection.unitValues!.length).toBe(n);
      for (let k = 0; k < n; k++) {
        const state = session.states.read(address, projection.sequence[k]);
        expect(projection.unitValues![k]).toBe(state[projection.step[k] * W + unit]);
      }
      // The unit's values vary (the test would pass on a constant column otherwise).
      expect(new Set(projection.unitValues).size).toBeGreaterThan(n / 2);
    }
    const session = statesSession(plantedStates(lengths, W));
    expect(projectStates(session, { address: H0, steps: 'last', method: 'pca' }, context).unitValues).toBeUndefined();
    expect(() => projectStates(session, { address: H0, steps: 'last', method: 'pca', colourUnit: W }, context)).toThrow(
      /^colour unit 10 is not one of the layer's 10 units$/,
    );
  });

  it('refuses an address the cache does not hold, and a bad method, in one line', () => {
    const session = statesSession(plantedStates([3, 4], 4));
    expect(() =>
      projectStates(session, { address: { ...H0, layer: 5 }, steps: 'every', method: 'pca' }, context),
    ).toThrow(/not cached/);
    expect(() => projectStates(session, { address: H0, steps: 'every', method: 'tsne' as 'pca' }, context)).toThrow(
      /^projection method must be pca or umap, not tsne$/,
    );
  });
});

describe('evaluate-project: UMAP', () => {
  it(`is seeded (the same picture twice), keeps two clusters apart, and caps the points it embeds (default ${UMAP_MAX_POINTS})`, () => {
    // Two clusters of sequences: states near +1 or near −1 in every unit.
    const lengths = Array.from({ length: 40 }, () => 6);
    const W = 10;
    const perSequence = lengths.map((T, s) =>
      Float32Array.from({ length: T * W }, (_, k) => (s % 2 === 0 ? 1 : -1) + 0.05 * Math.sin(7 * k + s)),
    );
    const session = statesSession(MemoryStates.of([{ address: H0, width: W, perSequence }], lengths));
    const query = { address: H0, steps: 'every', method: 'umap' } as const;
    const first = projectStates(session, query, context);
    const again = projectStates(session, query, context);
    expect(Array.from(again.points)).toEqual(Array.from(first.points));
    const n = first.sequence.length;
    expect(n).toBe(240);
    const centroid = (parity: number) => {
      let x = 0;
      let y = 0;
      let count = 0;
      for (let k = 0; k < n; k++)
        if (first.sequence[k] % 2 === parity) {
          x += first.points[2 * k];
          y += first.points[2 * k + 1];
          count++;
        }
      return [x / count, y / count];
    };
    const centres = [centroid(0), centroid(1)];
    for (let k = 0; k < n; k++) {
      const own = centres[first.sequence[k] % 2];
      const other = centres[1 - (first.sequence[k] % 2)];
      const d = (c: number[]) => Math.hypot(first.points[2 * k] - c[0], first.points[2 * k + 1] - c[1]);
      expect(d(own)).toBeLessThan(d(other));
    }
    expect(first.explained).toBeUndefined();
    // The cap (the default, UMAP_MAX_POINTS, lowered here to keep the test short).
    const many = statesSession(
      plantedStates(
        Array.from({ length: 70 }, () => 10),
        4,
      ),
    );
    const capped = projectStates(many, { address: H0, steps: 'every', method: 'umap' }, context, {
      umapMaxPoints: 300,
    });
    expect(capped.sequence.length).toBe(300);
    expect(capped.sampledFrom).toBe(700);
    expect(UMAP_MAX_POINTS).toBeLessThanOrEqual(MAX_POINTS);
  }, 120_000);
});
