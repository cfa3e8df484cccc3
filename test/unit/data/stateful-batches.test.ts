/**
 * Stateful language-model batches (truncated BPTT): B contiguous streams, one per row; each batch is the
 * next window of every stream; every character of the epoch's span predicted exactly once; rows reset
 * only where their stream starts; epochs move the window boundaries; validation predicts every
 * character once, the last windows holding only the streams that still have characters.
 */

import { describe, expect, it } from 'vitest';
import { StatefulLanguageModelBatcher, StatefulLanguageModelValidation } from '../../../src/data/batches';
import { validateBatch } from '../../../src/engine/batch';
import { Random } from '../../../src/engine/random';

/** ids[k] = k (a text whose every position is recognisable). */
const text = (n: number) => Int32Array.from({ length: n }, (_, k) => k);

describe('StatefulLanguageModelBatcher', () => {
  it('reads B contiguous streams window after window, each position predicted once, resets at stream starts', () => {
    const n = 1000;
    const batcher = new StatefulLanguageModelBatcher(text(n), 900, 4, 32, new Random(1));
    // 899 predictions, 31 left for the offset: (899 − 31) / 4 = 217 per stream, 7 windows (6 × 32 + 25).
    expect(batcher.streamLength).toBe(217);
    expect(batcher.batchesPerEpoch).toBe(7);
    expect(batcher.examplesPerEpoch).toBe(28);
    batcher.startEpoch();
    const starts = [0, 1, 2, 3].map((b) => batcher.streamStart(b));
    const predicted = new Map<number, number>();
    const lastTarget = new Int32Array(4).fill(-1);
    let windows = 0;
    for (let batch = batcher.nextBatch(); batch; batch = batcher.nextBatch()) {
      validateBatch(batch, { hasEmbedding: true, inputSize: 0 });
      const T = batch.steps;
      expect(batch.batchSize).toBe(4);
      expect(T).toBe(windows < 6 ? 32 : 25);
      for (let b = 0; b < 4; b++) {
        expect(batch.resets[b]).toBe(windows === 0 ? 1 : 0);
        // The row continues its stream: its first input is the previous window's last target.
        const first = batch.tokens![b * T];
        expect(first).toBe(windows === 0 ? starts[b] : lastTarget[b]);
        for (let t = 0; t < T; t++) {
          expect(batch.targets[b * T + t]).toBe(batch.tokens![b * T + t] + 1);
          if (t > 0) expect(batch.tokens![b * T + t]).toBe(batch.tokens![b * T + t - 1] + 1);
          const target = batch.targets[b * T + t];
          predicted.set(target, (predicted.get(target) ?? 0) + 1);
        }
        lastTarget[b] = batch.targets[b * T + T - 1];
      }
      windows++;
    }
    expect(windows).toBe(7);
    // Every position of (offset, offset + 4·217] once, nothing outside the training part.
    const offset = starts[0];
    expect([...predicted.values()].every((count) => count === 1)).toBe(true);
    expect(predicted.size).toBe(4 * 217);
    expect(Math.min(...predicted.keys())).toBe(offset + 1);
    expect(Math.max(...predicted.keys())).toBe(offset + 4 * 217);
    expect(Math.max(...predicted.keys())).toBeLessThan(900);
    expect(batcher.nextBatch()).toBeNull();
  });

  it('draws a new start offset per epoch from the generator, the same for the same seed, with a fixed batch count', () => {
    const offsets = (seed: number) => {
      const batcher = new StatefulLanguageModelBatcher(text(5000), 5000, 8, 50, new Random(seed));
      return Array.from({ length: 6 }, () => {
        batcher.startEpoch();
        let count = 0;
        while (batcher.nextBatch()) count++;
        expect(count).toBe(batcher.batchesPerEpoch);
        return batcher.streamStart(0);
      });
    };
    const first = offsets(3);
    expect(offsets(3)).toEqual(first);
    expect(new Set(first).size).toBeGreaterThan(1);
    for (const offset of first) expect(offset).toBeLessThanOrEqual(4999 - 8 * 618);
  });

  it('a text shorter than a window per stream gives one short window; too few characters for the streams is an error', () => {
    const batcher = new StatefulLanguageModelBatcher(text(20), 20, 4, 64, new Random(2));
    // 19 predictions, at most (19 − 4) / 2 = 7 of them left for the offset: 3 per stream.
    expect(batcher.streamLength).toBe(3);
    expect(batcher.steps).toBe(3);
    expect(batcher.batchesPerEpoch).toBe(1);
    expect(() => new StatefulLanguageModelBatcher(text(4), 4, 4, 8, new Random(2))).toThrow(/lower the batch size/);
  });
});

describe('StatefulLanguageModelValidation', () => {
  it('predicts every character but the first exactly once, in streams whose windows continue each other', () => {
    // 1001 characters from position 300: 1000 predictions in 6 streams (4 of 167, 2 of 166), windows of 50.
    const validation = new StatefulLanguageModelValidation(text(1400), 300, 1001, 6, 50);
    expect(validation.streams).toBe(6);
    expect(validation.length).toBe(4);
    const predicted: number[] = [];
    const rows: number[] = [];
    const next = new Int32Array(6).fill(-1);
    let window = 0;
    for (const batch of validation) {
      validateBatch(batch, { hasEmbedding: true, inputSize: 0 });
      rows.push(batch.batchSize);
      for (let b = 0; b < batch.batchSize; b++) {
        expect(batch.resets[b]).toBe(window === 0 ? 1 : 0);
        const at = b * batch.steps;
        if (window > 0) expect(batch.tokens![at]).toBe(next[b]);
        for (let t = 0; t < batch.lengths![b]; t++) predicted.push(batch.targets[at + t]);
        next[b] = batch.targets[at + batch.lengths![b] - 1];
      }
      window++;
    }
    // 167 = 3 × 50 + 17 and 166 = 3 × 50 + 16: every stream reads in the last window.
    expect(rows).toEqual([6, 6, 6, 6]);
    expect(predicted.sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, k) => 301 + k));
    // Read again: the same batches from the beginning.
    const again = [...validation].map((b) => b.batchSize);
    expect(again).toEqual(rows);
  });

  it('a last window where only the longer streams have a character left holds those rows only', () => {
    // 22 predictions in 4 streams: 6, 6, 5, 5; windows of 5 → the second window has rows 0 and 1 only.
    const validation = new StatefulLanguageModelValidation(text(23), 0, 23, 4, 5);
    const batches = [...validation].map((b) => ({
      rows: b.batchSize,
      lengths: Array.from(b.lengths!),
      tokens: Array.from(b.tokens!),
      resets: Array.from(b.resets),
    }));
    expect(batches.map((b) => b.rows)).toEqual([4, 2]);
    expect(batches[1]).toEqual({ rows: 2, lengths: [1, 1], tokens: [5, 0, 0, 0, 0, 11, 0, 0, 0, 0], resets: [0, 0] });
  });

  it('has no batches for a validation text of fewer than 2 characters, and fewer streams than rows for a short one', () => {
    expect(new StatefulLanguageModelValidation(text(10), 9, 1, 4, 8).length).toBe(0);
    const short = new StatefulLanguageModelValidation(text(10), 0, 4, 8, 8);
    expect(short.streams).toBe(3);
    expect([...short].map((b) => b.batchSize)).toEqual([3]);
  });
});
