/**
 * The W4 workload is bench_torch.py's: copy-reverse pairs (the target is the first 10 source symbols
 * reversed, the decoder reads <sos> then the target shifted right), and its model learns it under the
 * bench's own training step, on one thread or data-parallel on two.
 */

import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/engine';
import { benchWorkload, openWorkloadTrainer, selectWorkloads } from '../../../src/cli/bench';
import type { PairWorkload } from '../../../src/cli/bench-workloads';
import { buildTrainThreadBundle } from '../train/thread-bundle';

describe('W4 (sequence to sequence)', () => {
  const [w4] = selectWorkloads(['w4']) as PairWorkload[];

  it('makes copy-reverse pairs of bench_torch.py’s shapes', () => {
    expect(w4.kind).toBe('pairs');
    const batches = w4.makeBatches(new Random(1));
    expect(batches).toHaveLength(8);
    for (const batch of batches) {
      const { batchSize: B, sourceSteps: S, targetSteps: T } = batch;
      expect([B, S, T]).toEqual([64, 12, 10]);
      for (let b = 0; b < B; b++) {
        for (let s = 0; s < S; s++) expect(batch.source[b * S + s]).toBeGreaterThanOrEqual(3);
        for (let t = 0; t < T; t++) {
          expect(batch.targets![b * T + t]).toBe(batch.source[b * S + (T - 1 - t)]);
          expect(batch.targetInput[b * T + t]).toBe(t === 0 ? 1 : batch.targets![b * T + t - 1]);
        }
      }
    }
  });

  it('trains under the bench’s step (the loss over the eight batches falls)', async () => {
    const trainer = await openWorkloadTrainer(w4, 1);
    const losses = Array.from({ length: 64 }, (_, i) => trainer.step(i));
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    // The same eight batches at the start and at the end: a fair comparison.
    expect(mean(losses.slice(56))).toBeLessThan(mean(losses.slice(0, 8)) - 0.05);
    await trainer.close();
  });

  it('runs on two threads: the first step’s loss is the one-thread loss up to float32 summation order', async () => {
    const { script, dispose } = await buildTrainThreadBundle();
    try {
      const one = await openWorkloadTrainer(w4, 1);
      const two = await openWorkloadTrainer(w4, 2, script);
      const first = one.step(0);
      expect(Math.abs(two.step(0) - first)).toBeLessThanOrEqual(1e-6 * first);
      for (let i = 1; i < 4; i++) expect(Number.isFinite(two.step(i))).toBe(true);
      await Promise.all([one.close(), two.close()]);
      const timed = await benchWorkload(w4, 0, 0, 2, script);
      expect(timed).toMatchObject({ workload: 'W4', threads: 2 });
    } finally {
      dispose();
    }
  }, 120_000);
});
