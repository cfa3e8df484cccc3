import { describe, expect, it } from 'vitest';
import {
  categoryColors,
  centralPoint,
  dataBounds,
  GridIndex,
  mixRgb,
  pointInPolygon,
  pointsInPolygon,
  projectToScreen,
  quantile,
  rasterizePoints,
  sequentialColors,
  stepCursor,
} from '../../../webview/evaluate/scatter';

/** A repeatable pseudo-random sequence (Park–Miller), so a failure can be replayed. */
function random(seed: number): () => number {
  let state = seed;
  return () => (state = (state * 16807) % 2147483647) / 2147483647;
}

function randomScreen(count: number, width: number, height: number, seed: number): Float32Array {
  const next = random(seed);
  const screen = new Float32Array(count * 2);
  for (let n = 0; n < count; n++) {
    screen[2 * n] = next() * width;
    screen[2 * n + 1] = next() * height;
  }
  return screen;
}

function bruteNearest(screen: Float32Array, x: number, y: number, radius: number): number {
  let best = -1;
  let bestDistance = radius * radius;
  for (let n = 0; n < screen.length / 2; n++) {
    const d = (screen[2 * n] - x) ** 2 + (screen[2 * n + 1] - y) ** 2;
    if (d < bestDistance) {
      best = n;
      bestDistance = d;
    }
  }
  return best;
}

describe('scatter geometry', () => {
  it('bounds the finite points and widens a degenerate axis', () => {
    expect(dataBounds(new Float32Array([1, 5, -2, 3, NaN, 100, 4, Infinity]))).toEqual({
      minX: -2,
      maxX: 1,
      minY: 3,
      maxY: 5,
    });
    expect(dataBounds(new Float32Array([2, 7, 2, 9]))).toEqual({ minX: 1, maxX: 3, minY: 7, maxY: 9 });
    expect(dataBounds(new Float32Array([]))).toEqual({ minX: -1, maxX: 1, minY: -1, maxY: 1 });
  });

  it('maps the data box onto the frame with y pointing down', () => {
    const points = new Float32Array([0, 0, 10, 5, 5, 2.5]);
    const out = new Float32Array(6);
    projectToScreen(points, dataBounds(points), { left: 10, top: 20, width: 100, height: 50 }, out);
    // (0, 0) is the bottom-left corner, (10, 5) the top-right, the middle the middle.
    expect(Array.from(out)).toEqual([10, 70, 110, 20, 60, 45]);
  });

  it('finds the same nearest point through the grid as a scan of every point', () => {
    const screen = randomScreen(5000, 800, 500, 11);
    const grid = new GridIndex(screen, 800, 500, 16);
    const next = random(99);
    for (let q = 0; q < 500; q++) {
      const x = next() * 820 - 10;
      const y = next() * 520 - 10;
      const radius = 2 + next() * 30;
      expect(grid.nearest(x, y, radius)).toBe(bruteNearest(screen, x, y, radius));
    }
  });

  it('answers −1 when no point is within the radius, and skips points that are not finite', () => {
    const screen = new Float32Array([100, 100, NaN, 5, 5, NaN]);
    const grid = new GridIndex(screen, 200, 200, 16);
    expect(grid.nearest(5, 5, 10)).toBe(-1);
    expect(grid.nearest(108, 100, 10)).toBe(0);
    expect(grid.nearest(111, 100, 10)).toBe(-1);
  });

  it('tells inside from outside a concave polygon (an L)', () => {
    // The L: the square 0…20 without its top-right quarter 10…20 × 0…10 (screen y down).
    const l = [0, 0, 10, 0, 10, 10, 20, 10, 20, 20, 0, 20];
    expect(pointInPolygon(5, 5, l)).toBe(true);
    expect(pointInPolygon(15, 15, l)).toBe(true);
    expect(pointInPolygon(15, 5, l)).toBe(false);
    expect(pointInPolygon(25, 15, l)).toBe(false);
    expect(pointInPolygon(-1, 5, l)).toBe(false);
  });

  it('selects with the lasso exactly the points a test of each point selects', () => {
    const screen = randomScreen(3000, 400, 400, 5);
    const star: number[] = [];
    for (let k = 0; k < 10; k++) {
      const radius = k % 2 === 0 ? 180 : 70;
      const angle = (k * Math.PI) / 5;
      star.push(200 + radius * Math.cos(angle), 200 + radius * Math.sin(angle));
    }
    const expected: number[] = [];
    for (let n = 0; n < 3000; n++) if (pointInPolygon(screen[2 * n], screen[2 * n + 1], star)) expected.push(n);
    expect(pointsInPolygon(screen, star)).toEqual(expected);
    expect(expected.length).toBeGreaterThan(100);
    expect(expected.length).toBeLessThan(2900);
    expect(pointsInPolygon(screen, [0, 0, 10, 10])).toEqual([]);
  });

  it('moves the keyboard cursor to the nearest point along the arrow', () => {
    // A 3 × 3 grid 10 px apart, point 4 in the middle; a point slightly off the row to the right, far.
    const screen = new Float32Array([0, 0, 10, 0, 20, 0, 0, 10, 10, 10, 20, 10, 0, 20, 10, 20, 20, 20, 60, 11]);
    expect(stepCursor(screen, 4, 'right')).toBe(5);
    expect(stepCursor(screen, 4, 'left')).toBe(3);
    expect(stepCursor(screen, 4, 'up')).toBe(1);
    expect(stepCursor(screen, 4, 'down')).toBe(7);
    expect(stepCursor(screen, 5, 'right')).toBe(9);
    expect(stepCursor(screen, 9, 'right')).toBe(-1);
    expect(centralPoint(screen, { left: 0, top: 0, width: 20, height: 20 })).toBe(4);
  });
});

describe('scatter drawing and colours', () => {
  it('writes each point as a square of its colour, skips transparent ones and clips at the edges', () => {
    const width = 6;
    const height = 5;
    const pixels = new Uint8ClampedArray(width * height * 4);
    const screen = new Float32Array([2, 2, 0, 0, 4, 1]);
    const colors = new Uint8Array([10, 20, 30, 255, 40, 50, 60, 255, 1, 1, 1, 0]);
    rasterizePoints(pixels, width, height, screen, colors, 3, 1);
    const at = (x: number, y: number) => Array.from(pixels.slice((y * width + x) * 4, (y * width + x) * 4 + 4));
    // Point 0: the 3 × 3 square 1…3 × 1…3; point 1 at the corner, clipped to 0…1 × 0…1, drawn later over (1, 1).
    expect(at(2, 2)).toEqual([10, 20, 30, 255]);
    expect(at(3, 3)).toEqual([10, 20, 30, 255]);
    expect(at(1, 1)).toEqual([40, 50, 60, 255]);
    expect(at(0, 0)).toEqual([40, 50, 60, 255]);
    expect(at(4, 2)).toEqual([0, 0, 0, 0]);
    // Point 2 has alpha 0: nothing at (4, 1).
    expect(at(4, 1)).toEqual([0, 0, 0, 0]);
    let painted = 0;
    for (let k = 3; k < pixels.length; k += 4) if (pixels[k] > 0) painted++;
    expect(painted).toBe(9 + 4 - 1);
  });

  it('scales CSS pixels to device pixels', () => {
    const pixels = new Uint8ClampedArray(10 * 10 * 4);
    rasterizePoints(pixels, 10, 10, new Float32Array([2, 3]), new Uint8Array([9, 9, 9, 255]), 2, 2);
    // (2, 3) CSS → (4, 6) device, a 2-pixel square from (3, 5).
    const painted: number[] = [];
    for (let k = 0; k < 100; k++) if (pixels[4 * k + 3]) painted.push(k);
    expect(painted).toEqual([53, 54, 63, 64]);
  });

  it('colours categories from the palette, cycling, and unknown ones grey', () => {
    const colors = categoryColors(
      new Int32Array([0, 1, 2, -1]),
      [
        [1, 2, 3],
        [4, 5, 6],
      ],
      [7, 7, 7],
    );
    expect(Array.from(colors)).toEqual([1, 2, 3, 255, 4, 5, 6, 255, 1, 2, 3, 255, 7, 7, 7, 255]);
  });

  it('takes quantiles by nearest rank over the finite values', () => {
    const values = new Float32Array([5, 1, NaN, 3, 2, 4]);
    expect(quantile(values, 0)).toBe(1);
    expect(quantile(values, 0.5)).toBe(3);
    expect(quantile(values, 0.95)).toBe(5);
    expect(quantile(new Float32Array([NaN]), 0.5)).toBeNaN();
  });

  it('maps a continuous value onto a two-colour scale, clamped at both ends', () => {
    expect(mixRgb([0, 0, 0], [100, 200, 50], 0.5)).toEqual([50, 100, 25]);
    const colors = sequentialColors(
      new Float32Array([-1, 0, 5, 10, 20, NaN]),
      0,
      10,
      [0, 0, 0],
      [100, 100, 100],
      [9, 9, 9],
    );
    expect(Array.from(colors.filter((_, k) => k % 4 === 0))).toEqual([0, 0, 50, 100, 100, 9]);
  });
});
