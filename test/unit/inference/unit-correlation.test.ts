import { describe, expect, it } from 'vitest';
import { positionInLine, regexMask, UnitCorrelation } from '../../../src/inference/unit-correlation';
import { Random } from '../../../src/engine/random';

describe('units by meaning', () => {
  it('finds a planted unit that tracks "inside quotes" first, among noisy ones', () => {
    const text = 'He said "stop here" and then "go" again.\nShe "never" did.\n'.repeat(40);
    const inside = regexMask(text, /"[^"]*"/);
    const random = new Random(3);
    const units = 32;
    const planted = 17;
    const correlation = new UnitCorrelation(units, 1);
    const state = new Float32Array(units);
    const value = new Float32Array(1);
    for (let i = 0; i < text.length; i++) {
      for (let u = 0; u < units; u++) state[u] = random.normal();
      // The planted unit: high inside quotes, plus noise as large as the others'.
      state[planted] = (inside[i] ? 2 : -2) + random.normal();
      value[0] = inside[i];
      correlation.add(state, 0, value);
    }
    const top = correlation.top(0, 3);
    expect(top[0].unit).toBe(planted);
    expect(top[0].correlation).toBeGreaterThan(0.8);
    expect(Math.abs(top[1].correlation)).toBeLessThan(0.2);
  });

  it('matches Pearson r computed directly, and gives 0 for a constant signal', () => {
    const xs = [1, 2, 3, 4, 5];
    const ys = [2, 1, 4, 3, 5];
    const correlation = new UnitCorrelation(1, 2);
    xs.forEach((x, i) => correlation.add([x], 0, [ys[i], 1]));
    // r = Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²) = 8 / √(10 · 10) = 0.8
    expect(correlation.correlation(0, 0)).toBeCloseTo(0.8, 12);
    expect(correlation.correlation(1, 0)).toBe(0);
  });

  it('marks regular-expression matches and positions in lines', () => {
    expect(Array.from(regexMask('a1b22c', /\d+/))).toEqual([0, 1, 0, 1, 1, 0]);
    expect(Array.from(regexMask('abc', /x*/))).toEqual([0, 0, 0]);
    expect(Array.from(positionInLine('ab\ncd'))).toEqual([0, 1, 2, 0, 1]);
  });
});
