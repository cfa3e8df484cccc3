/**
 * The W7 workload is bench_torch.py's: 16 sequences of 200 frames of 80 noisy features, each frame
 * carrying +1 in the band of its label (20 labels, each held for 10 frames), trained by a 3-layer
 * bidirectional LSTM 256 with CTC over 29 symbols; one step runs under the bench's own training step.
 */

import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/engine';
import { openWorkloadTrainer, selectWorkloads } from '../../../src/cli/bench';
import type { SequenceWorkload } from '../../../src/cli/bench-workloads';

describe('W7 (speech, CTC)', () => {
  const [w7] = selectWorkloads(['w7']) as SequenceWorkload[];

  it('makes bench_torch.py’s frames and labels', () => {
    expect(w7.model).toMatchObject({
      inputSize: 80,
      hiddenSize: 256,
      numLayers: 3,
      bidirectional: true,
      outputSize: 29,
      loss: 'ctc',
    });
    const batches = w7.makeBatches(new Random(1));
    expect(batches).toHaveLength(8);
    const { batchSize: B, steps: T, features, targets, targetLengths } = batches[0];
    expect([B, T]).toEqual([16, 200]);
    expect(Array.from(targetLengths!)).toEqual(new Array(16).fill(20));
    for (let b = 0; b < B; b++)
      for (let t = 0; t < T; t += 7) {
        const label = targets![b * 20 + Math.floor((t * 20) / T)];
        expect(label).toBeGreaterThanOrEqual(1);
        expect(label).toBeLessThan(29);
        // the label's band stands out of the 0.1-scale noise
        expect(features![(b * T + t) * 80 + label]).toBeGreaterThan(0.5);
      }
  });

  it('trains a step under the bench’s step with a finite CTC loss', async () => {
    const trainer = await openWorkloadTrainer(w7, 1);
    const loss = trainer.step(0);
    // −log p of 20 labels among 29 symbols over 200 frames, per label: a few nats at initialisation
    expect(Number.isFinite(loss)).toBe(true);
    expect(loss).toBeGreaterThan(1);
    await trainer.close();
  }, 60_000);
});
