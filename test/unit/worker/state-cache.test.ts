/**
 * The Evaluate view's state cache (src/worker/inference/state-cache.ts): sequences read back as stored
 * (to float16 precision) from memory slices and from slices spilled to disk past the memory budget; the
 * disk budget caches only the first sequences; dispose deletes the session's files.
 */

import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { StateLayer } from '../../../src/protocol/evaluate-view';
import { StateCache } from '../../../src/worker/inference/state-cache';
import { float16Bits, float16Value } from '../../../src/inference/float16';

const root = mkdtempSync(join(tmpdir(), 'lstm-state-cache-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const layers: StateLayer[] = [
  { layer: 0, direction: 'forward', signal: 'h', width: 3 },
  { layer: 0, direction: 'forward', signal: 'c', width: 3 },
  { layer: 1, direction: 'forward', signal: 'h', width: 2 },
];

/** Value of sequence s, address a, step t, unit j: distinct and exactly representable in float16. */
function value(s: number, a: number, t: number, j: number): number {
  return ((s * 7 + a * 3 + t * 5 + j) % 64) / 16 - 2;
}

function fill(cache: StateCache, sequences: number, lengthOf: (s: number) => number): boolean[] {
  const accepted: boolean[] = [];
  for (let s = 0; s < sequences; s++) {
    const T = lengthOf(s);
    // Batch-major sources with a leading offset, as a recording row of a batch gives them.
    const sources = layers.map((layer, a) => {
      const values = new Float32Array(5 + T * layer.width);
      for (let t = 0; t < T; t++)
        for (let j = 0; j < layer.width; j++) values[5 + t * layer.width + j] = value(s, a, t, j);
      return values;
    });
    accepted.push(
      cache.append(
        T,
        sources.map((values, a) => ({ values, start: 5, stride: layers[a].width })),
      ),
    );
  }
  cache.finish();
  return accepted;
}

function expectStored(cache: StateCache, s: number, T: number): void {
  layers.forEach((layer, a) => {
    const got = cache.read(layer, s);
    expect(got.length).toBe(T * layer.width);
    for (let t = 0; t < T; t++)
      for (let j = 0; j < layer.width; j++) expect(got[t * layer.width + j]).toBe(value(s, a, t, j));
  });
}

describe('state cache', () => {
  it('keeps everything in memory under the budget and reads each sequence back', async () => {
    const dir = join(root, 'memory');
    const cache = new StateCache(layers, { dir });
    fill(cache, 20, (s) => 1 + (s % 7));
    expect(cache.sequences).toBe(20);
    expect(cache.totalSteps).toBe(Array.from({ length: 20 }, (_, s) => 1 + (s % 7)).reduce((x, y) => x + y));
    for (let s = 0; s < 20; s++) {
      expect(cache.steps(s)).toBe(1 + (s % 7));
      expectStored(cache, s, 1 + (s % 7));
    }
    // 8 values per step, 2 bytes each, trimmed to what is held.
    expect(cache.memoryBytes).toBe(cache.totalSteps * 8 * 2);
    expect(cache.diskBytes).toBe(0);
    expect(existsSync(dir)).toBe(false);
    expect(() => cache.read({ layer: 1, direction: 'forward', signal: 'c' }, 0)).toThrow(
      /no states cached for layer 2/,
    );
    expect(() => cache.read(layers[0], 20)).toThrow(/sequence 20 is not cached/);
    await cache.dispose();
  });

  it('spills slices past the memory budget to files, reads them back, and deletes them on dispose', async () => {
    const dir = join(root, 'spill');
    // 8 values × 10 steps × 2 bytes = 160 bytes per sequence; slices of 400 bytes (2 sequences), 1 KB in memory.
    const cache = new StateCache(layers, { dir, memoryBudgetBytes: 1000, sliceBytes: 400 });
    fill(cache, 30, () => 10);
    expect(cache.sequences).toBe(30);
    expect(cache.memoryBytes).toBeLessThanOrEqual(1000);
    expect(cache.diskBytes).toBeGreaterThan(0);
    expect(cache.memoryBytes + cache.diskBytes).toBe(30 * 160);
    expect(readdirSync(dir).length).toBeGreaterThan(5);
    for (let s = 29; s >= 0; s--) expectStored(cache, s, 10);
    // A reused output buffer is filled and a view of its length answered.
    const out = new Float32Array(100);
    const view = cache.read(layers[2], 17, out);
    expect(view.buffer).toBe(out.buffer);
    expect(view.length).toBe(20);
    await cache.dispose();
    expect(existsSync(dir)).toBe(false);
  });

  it('past the disk budget caches only the first sequences', async () => {
    const dir = join(root, 'capped');
    const cache = new StateCache(layers, { dir, memoryBudgetBytes: 320, diskBudgetBytes: 960, sliceBytes: 320 });
    const accepted = fill(cache, 20, () => 10);
    expect(cache.truncated).toBe(true);
    const kept = accepted.indexOf(false);
    expect(kept).toBeGreaterThan(0);
    expect(accepted.slice(kept).every((a) => !a)).toBe(true);
    expect(cache.sequences).toBe(kept);
    expect(cache.diskBytes).toBeLessThanOrEqual(960);
    for (let s = 0; s < kept; s++) expectStored(cache, s, 10);
    await cache.dispose();
    expect(existsSync(dir)).toBe(false);
  });

  it('reads rows from a time-major [T+1, B, W] buffer, forward and (negative stride) backward', async () => {
    const layer: StateLayer = { layer: 0, direction: 'backward', signal: 'h', width: 2 };
    const cache = new StateCache([layer], { dir: join(root, 'strided') });
    // B = 2, T = 3, W = 2: slot k (0 … 3), row b at (k·2 + b)·2; the value is 10k + b (unit 0) and −(10k + b) (unit 1).
    const buffer = new Float32Array(4 * 2 * 2);
    for (let k = 0; k < 4; k++) for (let b = 0; b < 2; b++) buffer.set([10 * k + b, -(10 * k + b)], (k * 2 + b) * 2);
    // Row 1 of length 2 walked backward: step t is slot L − t (slot 2, then slot 1).
    cache.append(2, [{ values: buffer, start: (2 * 2 + 1) * 2, stride: -2 * 2 }]);
    cache.append(3, [{ values: buffer, start: (1 * 2 + 0) * 2, stride: 2 * 2 }]);
    cache.finish();
    expect(Array.from(cache.read(layer, 0))).toEqual([21, -21, 11, -11]);
    expect(Array.from(cache.read(layer, 1))).toEqual([10, -10, 20, -20, 30, -30]);
    await cache.dispose();
  });

  it('stores float16: values round to the nearest half, means come from the values given', async () => {
    const cache = new StateCache([layers[2]], { dir: join(root, 'rounding') });
    const values = Float32Array.of(0.1, -0.3, 1 / 3, 2);
    cache.append(2, [{ values, start: 0, stride: 2 }]);
    cache.finish();
    expect(Array.from(cache.read(layers[2], 0))).toEqual(Array.from(values, (v) => float16Value(float16Bits(v))));
    const means = cache.unitMeans(layers[2]);
    expect(means[0]).toBeCloseTo((0.1 + 1 / 3) / 2, 6);
    expect(means[1]).toBeCloseTo((-0.3 + 2) / 2, 6);
    await cache.dispose();
  });
});
