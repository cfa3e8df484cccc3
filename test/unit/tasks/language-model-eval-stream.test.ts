/**
 * `eval` of a language model draws its windows one batch at a time: the metrics are exactly those of
 * the batches built whole (as `eval` did before), and evaluating a multi-MiB text holds one batch, not
 * about 8 bytes per character of batches.
 */

import { describe, expect, it } from 'vitest';
import type { TargetBatch } from '../../../src/data/batcher';
import { prepareEvaluation } from '../../../src/tasks/prepare-evaluation';
import { evaluate } from '../../../src/train/evaluate';
import { unwrap } from '../data/helpers';
import { characterModel } from '../inference/helpers';

function text(length: number): string {
  const words = ['once ', 'upon ', 'a ', 'time, ', 'the ', 'fox', '.\n', 'jumped ', 'over.\n'];
  const parts: string[] = [];
  let total = 0;
  for (let k = 0; total < length; k++) {
    const word = words[(k * 7 + (k >> 3)) % words.length];
    parts.push(word);
    total += word.length;
  }
  return parts.join('').slice(0, length);
}

function evaluationOf(name: string, content: string) {
  const lm = characterModel();
  const { dataset, vocab, normalization } = lm.metadata;
  return { lm, data: unwrap(prepareEvaluation({ name, text: content }, { dataset, vocab, normalization })) };
}

/** Live JavaScript heap and typed-array memory. */
function memoryInUse(): number {
  const { heapUsed, arrayBuffers } = process.memoryUsage();
  return heapUsed + arrayBuffers;
}

describe('eval of a language model streams its windows', () => {
  it('gives exactly the metrics of the batches built whole, for several batch shapes', () => {
    const { lm, data } = evaluationOf('story.txt', text(4321));
    const context = { task: 'language-model' as const };
    for (const [batchSize, seqLen] of [
      [16, 64],
      [3, 7],
      [64, 5000],
    ]) {
      const streamed = evaluate(lm.model, data.streamBatches(batchSize, seqLen), context);
      const whole = evaluate(lm.model, data.makeBatches(batchSize, seqLen), context);
      expect(streamed).toEqual(whole);
      expect(Number.isFinite(streamed.loss)).toBe(true);
    }
  });

  it('draws the same batches, in the same order, as the whole-text windows', () => {
    const { data } = evaluationOf('story.txt', text(1000));
    const drawn: TargetBatch[] = [];
    // Each streamed batch is copied: the stream refills its arrays for the next one.
    for (const batch of data.streamBatches(4, 9))
      drawn.push({
        ...batch,
        tokens: batch.tokens!.slice(),
        lengths: batch.lengths!.slice(),
        targets: batch.targets.slice(),
      });
    expect(drawn).toEqual(data.makeBatches(4, 9));
  });

  it('holds one batch on a multi-MiB text, not its whole batch array', () => {
    const length = 6 * 1024 * 1024;
    const { data } = evaluationOf('long.txt', text(length));
    const before = memoryInUse();
    let peak = before;
    let windows = 0;
    for (const batch of data.streamBatches(64, 64)) {
      windows += batch.batchSize;
      peak = Math.max(peak, memoryInUse());
    }
    const growth = peak - before;
    console.log(
      `streamed ${windows} windows of ${length} characters: memory grew ${(growth / 2 ** 20).toFixed(1)} MiB`,
    );
    expect(windows).toBe(Math.ceil((length - 1) / 64));
    // The batches built whole take 8 bytes per character (48 MiB here); one batch is 32 KiB.
    expect(growth).toBeLessThan(length);
  });
});
