import { describe, expect, it } from 'vitest';
import { thinIndices } from '../../../webview/training/thinning';

/** A long noisy-free decaying series with x = 1…n. */
function series(n: number, y: (i: number) => number = (i) => Math.exp(-i / 1000)) {
  const xs = Array.from({ length: n }, (_, i) => i + 1);
  const ys = xs.map((_, i) => y(i));
  return { xs, ys };
}

describe('thinIndices (drawing a long series)', () => {
  it('leaves a series with no more points than buckets untouched', () => {
    const { xs, ys } = series(500);
    expect(thinIndices(xs, ys, 500)).toEqual(xs.map((_, i) => i));
    expect(thinIndices(xs, ys, 2000)).toHaveLength(500);
  });

  it('bounds the number of points drawn to four per bucket', () => {
    const { xs, ys } = series(100_000, (i) => Math.sin(i) + i * 1e-5);
    const kept = thinIndices(xs, ys, 1000);
    expect(kept.length).toBeLessThanOrEqual(4 * 1000);
    expect(kept.length).toBeGreaterThanOrEqual(1000);
  });

  it('keeps the points in series order, without duplicates', () => {
    const { xs, ys } = series(20_000, (i) => Math.cos(i / 7));
    const kept = thinIndices(xs, ys, 300);
    for (let k = 1; k < kept.length; k++) expect(kept[k]).toBeGreaterThan(kept[k - 1]);
  });

  it('keeps single-step spikes up and down, however many points share their pixel', () => {
    const { xs, ys } = series(50_000, () => 1);
    ys[12_345] = 40; // a loss spike
    ys[33_333] = -5; // a dip
    const kept = thinIndices(xs, ys, 200);
    expect(kept).toContain(12_345);
    expect(kept).toContain(33_333);
    const drawn = kept.map((i) => ys[i]);
    expect(Math.max(...drawn)).toBe(40);
    expect(Math.min(...drawn)).toBe(-5);
  });

  it('keeps the first and the last point, so the line spans the whole x range', () => {
    const { xs, ys } = series(10_000);
    const kept = thinIndices(xs, ys, 100);
    expect(kept[0]).toBe(0);
    expect(kept[kept.length - 1]).toBe(9_999);
  });

  it('buckets by x, not by index: a dense stretch of x does not crowd out a sparse one', () => {
    // 9 000 points in x ∈ [0, 1), then 1 000 points spread over [1, 100].
    const xs = [
      ...Array.from({ length: 9000 }, (_, i) => i / 9000),
      ...Array.from({ length: 1000 }, (_, i) => 1 + (i * 99) / 999),
    ];
    const ys = xs.map((x) => x);
    const kept = thinIndices(xs, ys, 500);
    const inDense = kept.filter((i) => i < 9000).length;
    // The dense stretch is ~1 % of the x range: a handful of buckets, not 90 % of the points.
    expect(inDense).toBeLessThan(40);
    expect(kept.length).toBeLessThanOrEqual(2000);
  });

  it('still returns series order when x goes back (e.g. wall time after a clock change)', () => {
    const xs = Array.from({ length: 5000 }, (_, i) => (i < 2500 ? i : i - 2000));
    const ys = xs.map((_, i) => Math.sin(i / 10));
    const kept = thinIndices(xs, ys, 100);
    for (let k = 1; k < kept.length; k++) expect(kept[k]).toBeGreaterThan(kept[k - 1]);
    expect(kept.length).toBeLessThanOrEqual(400);
  });

  it('handles empty series, one x value, and non-finite y', () => {
    expect(thinIndices([], [], 10)).toEqual([]);
    const same = thinIndices(
      new Array(1000).fill(5),
      Array.from({ length: 1000 }, (_, i) => i),
      10,
    );
    expect(same).toEqual([0, 999]);
    const ys = Array.from({ length: 1000 }, (_, i) => (i % 3 === 0 ? NaN : i));
    const kept = thinIndices(
      Array.from({ length: 1000 }, (_, i) => i),
      ys,
      10,
    );
    expect(kept.length).toBeLessThanOrEqual(40);
    expect(kept).toContain(998); // the bucket maxima are finite values
  });

  it('accepts typed arrays', () => {
    const xs = Float64Array.from({ length: 4000 }, (_, i) => i);
    const ys = Float32Array.from({ length: 4000 }, (_, i) => (i === 1234 ? 9 : 1));
    expect(thinIndices(xs, ys, 50)).toContain(1234);
  });
});

describe('thinIndices with points that cannot be placed', () => {
  it('leaves out points with a non-finite x and thins the rest', () => {
    const xs = Array.from({ length: 3000 }, (_, i) => (i === 10 ? Infinity : i === 20 ? NaN : i));
    const kept = thinIndices(
      xs,
      xs.map(() => 1),
      100,
    );
    expect(kept).not.toContain(10);
    expect(kept).not.toContain(20);
    expect(kept[kept.length - 1]).toBe(2999);
  });
});
