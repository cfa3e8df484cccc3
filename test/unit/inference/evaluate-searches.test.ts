/**
 * The Evaluate view's pure searches over hand-built states: the match search finds a planted on/off
 * pattern first, ahead of spans where every unit fires, and ranks and bounds its answer; the unit search
 * finds a planted unit (one that follows a regular expression's matches) first, with its peak as the
 * example; the catalogue lists each unit's best contexts one per sequence; pattern signals map
 * characters to steps and refuse a pattern that backtracks without end.
 */

import { describe, expect, it } from 'vitest';
import type { StateAddress } from '../../../src/protocol/evaluate-view';
import { encodeFloat16 } from '../../../src/inference/float16';
import { matchQueryProblem, matchSearch } from '../../../src/inference/match-search';
import {
  columnStepSignal,
  compileBoundedRegex,
  joinedText,
  MatchBudget,
  positionStepSignal,
  regexStepSignal,
} from '../../../src/inference/pattern-signals';
import { spanOf } from '../../../src/inference/sequence-spans';
import type { StateReader } from '../../../src/inference/state-reader';
import { ConstantPattern, activationRun, rankUnits, unitCatalogue } from '../../../src/inference/unit-search';

const H: StateAddress = { layer: 0, direction: 'forward', signal: 'h' };

/** States held as plain arrays: per sequence `[T, W]`. */
class HandStates implements StateReader {
  constructor(
    private readonly W: number,
    private readonly data: Float32Array[],
  ) {}
  get sequences(): number {
    return this.data.length;
  }
  width(address: StateAddress): number {
    if (address.signal !== 'h' || address.layer !== 0) throw new Error('not cached');
    return this.W;
  }
  steps(sequence: number): number {
    return this.data[sequence].length / this.W;
  }
  read(_address: StateAddress, sequence: number): Float32Array {
    return this.data[sequence];
  }
}

/** A deterministic noise in (−0.3, 0.3). */
function noise(k: number): number {
  return (((Math.sin(k * 12.9898) * 43758.5453) % 1) - 0.5) * 0.6;
}

describe('match search', () => {
  // 8 units, 5 sequences of 40 steps, low noise; planted: units 2 and 5 at 0.9 in sequence 3 steps 10…16,
  // and in sequence 1 steps 20…24 units 2, 5 AND every other unit at 0.9 (on, but not the pattern).
  const W = 8;
  const data = Array.from({ length: 5 }, (_, s) => {
    const x = new Float32Array(40 * W);
    for (let k = 0; k < x.length; k++) x[k] = noise(s * 1000 + k) * 0.5;
    return x;
  });
  for (let t = 10; t < 16; t++) for (const u of [2, 5]) data[3][t * W + u] = 0.9;
  for (let t = 20; t < 24; t++) for (let u = 0; u < W; u++) data[1][t * W + u] = 0.9;
  const states = new HandStates(W, data);

  it('finds the planted pattern first, its exact span, ahead of a span where every unit fires', () => {
    const spans = matchSearch(states, { address: H, units: [2, 5], threshold: 0.5, topK: 5 });
    expect(spans[0]).toMatchObject({ sequence: 3, start: 10, end: 16 });
    expect(spans[0].score).toBeCloseTo(0.4, 6); // (0.9 − 0.5) − 0: the other units are all below 0.5
    expect(spans[1]).toMatchObject({ sequence: 1, start: 20, end: 24 });
    expect(spans[1].score).toBeCloseTo(0, 6); // the others fire as much as the selection
    expect(spans.length).toBe(2);
  });

  it('float16 states (read as bits, decoded only where looked at) give the same spans', () => {
    class BitsStates extends HandStates {
      readBits(address: StateAddress, sequence: number): Uint16Array {
        const x = this.read(address, sequence);
        const bits = new Uint16Array(x.length);
        encodeFloat16(x, 0, x.length, bits, 0);
        return bits;
      }
    }
    const query = { address: H, units: [2, 5], threshold: 0.5, topK: 5 };
    const fromBits = matchSearch(new BitsStates(W, data), query);
    const fromFloats = matchSearch(states, query);
    expect(fromBits.map(({ sequence, start, end }) => [sequence, start, end])).toEqual(
      fromFloats.map(({ sequence, start, end }) => [sequence, start, end]),
    );
    fromBits.forEach((span, k) => expect(span.score).toBeCloseTo(fromFloats[k].score, 3));
  });

  it('answers at most top-k, best first, and refuses bad queries in one line', () => {
    const spans = matchSearch(states, { address: H, units: [0], threshold: 0, topK: 3 });
    expect(spans.length).toBe(3);
    expect(spans[0].score).toBeGreaterThanOrEqual(spans[1].score);
    expect(spans[1].score).toBeGreaterThanOrEqual(spans[2].score);
    expect(matchQueryProblem(states, { address: H, units: [8], threshold: 0, topK: 3 })).toMatch(
      /unit 8 is not in 0 … 7/,
    );
    expect(matchQueryProblem(states, { address: H, units: [], threshold: 0, topK: 3 })).toMatch(/at least one unit/);
    expect(matchQueryProblem(states, { address: H, units: [1], threshold: 0, topK: 101 })).toMatch(/top-k/);
    expect(() => matchSearch(states, { address: H, units: [1], threshold: NaN, topK: 3 })).toThrow(/threshold/);
  });
});

describe('unit search', () => {
  // Texts with quoted parts; unit 4 is 0.8 inside quotes (noise outside), the rest noise.
  const texts = ['he said "go away" and left', 'no quotes here at all', 'a "b" c "dd" e', 'x'.repeat(30)];
  const W = 6;
  const tokens = texts.map((text) => Array.from(text));
  const quoteRegex = compileBoundedRegex('"[^"]*"', false);
  if (!quoteRegex.ok) throw new Error(quoteRegex.message);
  const budget = new MatchBudget();
  const inside = tokens.map((t) => regexStepSignal(t, '', quoteRegex.regex, budget));
  const data = texts.map((text, s) => {
    const x = new Float32Array(text.length * W);
    for (let t = 0; t < text.length; t++)
      for (let u = 0; u < W; u++)
        x[t * W + u] = u === 4 && inside[s][t] ? 0.8 + noise(t) * 0.1 : noise(s * 100 + t * W + u);
    return x;
  });
  const states = new HandStates(W, data);

  it('marks the steps inside matches', () => {
    expect(Array.from(inside[2]).join('')).toBe('00111000111100');
  });

  it('finds the planted unit first, with a strong correlation and its peak run as the example', () => {
    const ranked = rankUnits(states, [H], (s) => inside[s], 3);
    expect(ranked[0].unit).toBe(4);
    // Pearson's r of unit 4 with the signal over every step, by the two-pass textbook formula.
    const xs: number[] = [];
    const ys: number[] = [];
    data.forEach((x, s) => inside[s].forEach((y, t) => (xs.push(x[t * W + 4]), ys.push(y))));
    const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
    const [mx, my] = [mean(xs), mean(ys)];
    const cov = xs.reduce((a, x, k) => a + (x - mx) * (ys[k] - my), 0);
    const r = cov / Math.sqrt(xs.reduce((a, x) => a + (x - mx) ** 2, 0) * ys.reduce((a, y) => a + (y - my) ** 2, 0));
    expect(ranked[0].correlation).toBeCloseTo(r, 6);
    expect(ranked[0].correlation).toBeGreaterThan(0.7);
    expect(Math.abs(ranked[1].correlation)).toBeLessThan(0.6);
    const example = ranked[0].example;
    expect(inside[example.sequence][example.start]).toBe(1);
    // The run around the peak is the quoted part it lies in.
    const span = spanOf(tokens[example.sequence], '', example.sequence, example.start, example.end);
    expect(span.text.startsWith('"')).toBe(true);
  });

  it('refuses a pattern that never varies (a regex matching nothing) instead of listing every unit at r = 0', () => {
    const never = (_s: number, steps: number) => new Float32Array(steps);
    expect(() => rankUnits(states, [H], never, 3)).toThrow(ConstantPattern);
    const always = (_s: number, steps: number) => new Float32Array(steps).fill(1);
    expect(() => rankUnits(states, [H], always, 3)).toThrow(/same value at every evaluated step/);
  });

  it('catalogue: mean, max and the best contexts, one per sequence, highest first', () => {
    const units = unitCatalogue(states, H, 5);
    expect(units.length).toBe(W);
    const planted = units[4];
    expect(planted.top.length).toBe(4);
    expect(new Set(planted.top.map((r) => r.sequence)).size).toBe(4);
    expect(
      planted.top
        .slice(0, 2)
        .map((r) => r.sequence)
        .sort(),
    ).toEqual([0, 2]);
    let max = -Infinity;
    let sum = 0;
    let n = 0;
    for (const x of data)
      for (let t = 0; t < x.length / W; t++) {
        max = Math.max(max, x[t * W + 4]);
        sum += x[t * W + 4];
        n++;
      }
    expect(planted.max).toBeCloseTo(max, 6);
    expect(planted.mean).toBeCloseTo(sum / n, 6);
  });

  it('an activation run stops where the unit falls below half its peak', () => {
    const run = activationRun(states, H, 4, 0, 10);
    expect(texts[0].slice(run.start, run.end)).toBe('"go away"');
  });
});

describe('pattern signals', () => {
  it('joins word tokens with spaces and maps each character to its step', () => {
    const { text, stepOf } = joinedText(['the', 'fox'], ' ');
    expect(text).toBe('the fox');
    expect(Array.from(stepOf)).toEqual([0, 0, 0, -1, 1, 1, 1]);
    const budget = new MatchBudget();
    const compiled = compileBoundedRegex('e f', false);
    if (!compiled.ok) throw new Error(compiled.message);
    expect(Array.from(regexStepSignal(['the', 'fox', 'ran'], ' ', compiled.regex, budget))).toEqual([1, 1, 0]);
  });

  it('position in line counts characters since the last newline', () => {
    expect(Array.from(positionStepSignal(Array.from('ab\ncd'), ''))).toEqual([0, 1, 2, 0, 1]);
  });

  it('a column condition in data units', () => {
    expect(Array.from(columnStepSignal(Float32Array.of(1, 10, 2, 20, 3, 30), 2, 1, '>=', 20))).toEqual([0, 1, 1]);
  });

  it('refuses, quickly and in one line, a pattern that backtracks without end, and one that does not compile', () => {
    for (const source of ['(a+)+$', '(x+x+)+y', '(\\w+\\s?)+$']) {
      const started = performance.now();
      const compiled = compileBoundedRegex(source, false);
      expect(compiled.ok, source).toBe(false);
      if (!compiled.ok) expect(compiled.message).toMatch(/backtracks/);
      expect(performance.now() - started).toBeLessThan(3000);
    }
    const bad = compileBoundedRegex('[a-', false);
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.message).toMatch(/^not a regular expression/);
    expect(compileBoundedRegex('x'.repeat(501), false).ok).toBe(false);
    expect(compileBoundedRegex('\\d+', true).ok).toBe(true);
  });

  it('matches a 10 MB text in bounded chunks within its budget', () => {
    const compiled = compileBoundedRegex('\\d+', false);
    if (!compiled.ok) throw new Error(compiled.message);
    const tokens = Array.from('ab12 '.repeat(2_000_000));
    const started = performance.now();
    const signal = regexStepSignal(tokens, '', compiled.regex, new MatchBudget());
    expect(signal.length).toBe(10_000_000);
    expect(Array.from(signal.subarray(0, 10)).join('')).toBe('0011000110');
    expect(performance.now() - started).toBeLessThan(30_000);
  });
});
