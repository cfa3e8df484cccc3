import { validateBatch } from '../../../src/engine/batch';
import { Random } from '../../../src/engine/random';
import {
  ClassificationBatcher,
  classificationHead,
  classificationValidationBatches,
  ForecastBatcher,
  forecastValidationBatches,
  LanguageModelBatcher,
  languageModelValidationBatches,
  type NormalizedSeries,
  type TokenSequences,
} from '../../../src/data/batches';
import type { Batch } from '../../../src/engine/batch';

function drain(batcher: { nextBatch(): Batch | null }, copy = true): Batch[] {
  const out: Batch[] = [];
  for (let b = batcher.nextBatch(); b; b = batcher.nextBatch()) {
    out.push(
      copy
        ? {
            ...b,
            tokens: b.tokens?.slice(),
            features: b.features?.slice(),
            lengths: b.lengths?.slice(),
            targets: b.targets!.slice(),
          }
        : b,
    );
  }
  return out;
}

describe('classificationHead', () => {
  it('one logit with bce for two classes, softmax over classes otherwise', () => {
    expect(classificationHead(2)).toEqual({ loss: 'bce', outputSize: 1 });
    expect(classificationHead(5)).toEqual({ loss: 'softmax-ce', outputSize: 5 });
    expect(() => classificationHead(1)).toThrow('at least 2 classes');
  });
});

describe('classification batches', () => {
  // 7 examples of lengths 1…7; example i holds ids 10i+1 … 10i+len, class i % 2
  const lengths = [3, 1, 7, 2, 5, 4, 6];
  const offsets = new Int32Array(8);
  lengths.forEach((n, i) => (offsets[i + 1] = offsets[i] + n));
  const ids = new Int32Array(offsets[7]);
  lengths.forEach((n, i) => {
    for (let t = 0; t < n; t++) ids[offsets[i] + t] = 10 * i + t + 1;
  });
  const data: TokenSequences = { ids, offsets, labels: Int32Array.from(lengths, (_, i) => i % 2) };
  const all = Int32Array.of(0, 1, 2, 3, 4, 5, 6);

  it('builds [B,T] right-padded tokens, lengths and class targets; T = longest in batch, capped', () => {
    const [first, second] = classificationValidationBatches(data, Int32Array.of(0, 1, 3, 2), 3, 5);
    expect([first.batchSize, first.steps]).toEqual([3, 3]);
    expect(Array.from(first.tokens!)).toEqual([1, 2, 3, 11, 0, 0, 31, 32, 0]);
    expect(Array.from(first.lengths!)).toEqual([3, 1, 2]);
    expect(Array.from(first.targets!)).toEqual([0, 1, 1]);
    // example 2 has 7 tokens: cut to seqLen 5, keeping the start
    expect([second.batchSize, second.steps, Array.from(second.tokens!)]).toEqual([1, 5, [21, 22, 23, 24, 25]]);
    const kept = classificationValidationBatches(data, Int32Array.of(2), 1, 5, 'end')[0];
    expect(Array.from(kept.tokens!)).toEqual([23, 24, 25, 26, 27]);
    for (const b of [first, second]) validateBatch(b, { hasEmbedding: true, inputSize: 0 });
  });

  it('visits every training example once per epoch, reshuffled each epoch, reproducibly', () => {
    const batcher = new ClassificationBatcher(data, all, 3, 8, new Random(5));
    expect([batcher.examplesPerEpoch, batcher.batchesPerEpoch]).toEqual([7, 3]);
    const firstTokens = (bs: Batch[]) =>
      bs.flatMap((b) => Array.from({ length: b.batchSize }, (_, r) => b.tokens![r * b.steps]));
    const epoch1 = drain(batcher);
    expect(epoch1.map((b) => b.batchSize)).toEqual([3, 3, 1]);
    expect(firstTokens(epoch1).sort((a, b) => a - b)).toEqual([1, 11, 21, 31, 41, 51, 61]);
    batcher.startEpoch();
    const epoch2 = drain(batcher);
    expect(firstTokens(epoch2)).not.toEqual(firstTokens(epoch1));
    const again = new ClassificationBatcher(data, all, 3, 8, new Random(5));
    expect(firstTokens(drain(again))).toEqual(firstTokens(epoch1));
  });

  it('reuses its arrays from batch to batch', () => {
    const batcher = new ClassificationBatcher(data, all, 3, 8, new Random(1));
    const a = batcher.nextBatch()!;
    const b = batcher.nextBatch()!;
    expect(a.targets!.buffer).toBe(b.targets!.buffer);
    expect(a.tokens!.buffer).toBe(b.tokens!.buffer);
  });
});

describe('language-model batches', () => {
  // ids 0…99 stand for a 100-character text: training 0…89, validation 90…99
  const ids = Uint8Array.from({ length: 100 }, (_, i) => i);

  it('windows at random offsets; targets are the next character; nothing read past the training part', () => {
    const batcher = new LanguageModelBatcher(ids, 90, 5, 8, new Random(3));
    expect([batcher.examplesPerEpoch, batcher.batchesPerEpoch]).toEqual([12, 3]); // ceil(90 / 8) windows
    const batches = drain(batcher);
    expect(batches.map((b) => b.batchSize)).toEqual([5, 5, 2]);
    const starts = new Set<number>();
    for (const b of batches) {
      validateBatch(b, { hasEmbedding: true, inputSize: 0 });
      expect(b.steps).toBe(8);
      expect(b.targets!.length).toBe(b.batchSize * 8);
      for (let r = 0; r < b.batchSize; r++) {
        const start = b.tokens![r * 8];
        starts.add(start);
        for (let t = 0; t < 8; t++) {
          expect(b.tokens![r * 8 + t]).toBe(start + t);
          expect(b.targets![r * 8 + t]).toBe(start + t + 1);
        }
        expect(start + 8).toBeLessThanOrEqual(89);
      }
    }
    expect(starts.size).toBeGreaterThan(5);
  });

  it('shortens the window when the training text is shorter than seqLen + 1', () => {
    const batch = new LanguageModelBatcher(ids, 5, 2, 64, new Random(0)).nextBatch()!;
    expect(batch.steps).toBe(4);
    expect(Array.from(batch.tokens!.subarray(0, 4))).toEqual([0, 1, 2, 3]);
  });

  it('validation: consecutive non-overlapping windows, the last padded with its length', () => {
    const batches = languageModelValidationBatches(ids, 90, 10, 2, 4); // 9 predictions: windows of 4, 4, 1
    expect(batches.map((b) => b.batchSize)).toEqual([2, 1]);
    expect(Array.from(batches[0].tokens!)).toEqual([90, 91, 92, 93, 94, 95, 96, 97]);
    expect(Array.from(batches[0].targets!)).toEqual([91, 92, 93, 94, 95, 96, 97, 98]);
    expect(Array.from(batches[1].tokens!)).toEqual([98, 0, 0, 0]);
    expect(Array.from(batches[1].targets!)).toEqual([99, 0, 0, 0]);
    expect(Array.from(batches[1].lengths!)).toEqual([1]);
    expect(languageModelValidationBatches(ids, 99, 1, 2, 4)).toEqual([]);
  });
});

describe('forecasting batches', () => {
  // 50 rows × 2 columns; value = 10 × row + column, so every value tells its row
  const rows = 50;
  const values = Float32Array.from({ length: rows * 2 }, (_, k) => 10 * Math.floor(k / 2) + (k % 2));
  const series = (horizon: number): NormalizedSeries => ({ values, rows, columns: 2, targetIndices: [1], horizon });
  const rowOf = (v: number) => Math.floor(v / 10);

  it('features [B,W,D] are W consecutive rows; the target is the next row’s target column', () => {
    const batch = forecastValidationBatches(series(1), 45, 8, 3)[0];
    validateBatch(batch, { hasEmbedding: false, inputSize: 2 });
    expect([batch.batchSize, batch.steps]).toEqual([5, 3]);
    expect(Array.from(batch.features!.subarray(0, 6))).toEqual([420, 421, 430, 431, 440, 441]);
    expect(Array.from(batch.targets!)).toEqual([451, 461, 471, 481, 491]);
  });

  it('horizon > 1: targets [B, horizon], the next values in order', () => {
    const batch = new ForecastBatcher(series(3), 45, 1, 4, new Random(0)).nextBatch()!;
    const start = rowOf(batch.features![0]);
    expect(Array.from(batch.targets!)).toEqual([1, 2, 3].map((h) => 10 * (start + 3 + h) + 1));
  });

  it('training targets never come from validation rows; validation targets always do', () => {
    for (const horizon of [1, 4]) {
      const batcher = new ForecastBatcher(series(horizon), 40, 7, 6, new Random(9));
      expect(batcher.examplesPerEpoch).toBe(40 - 6 - horizon + 1);
      const trainTargets = drain(batcher).flatMap((b) => Array.from(b.targets!, rowOf));
      expect(Math.max(...trainTargets)).toBe(39);
      const validation = forecastValidationBatches(series(horizon), 40, 7, 6);
      const validationTargets = validation.flatMap((b) => Array.from(b.targets!, rowOf));
      expect(Math.min(...validationTargets)).toBe(40);
      expect(Math.max(...validationTargets)).toBe(49);
      // the first validation window reads the last 6 training rows as history
      expect(rowOf(validation[0].features![0])).toBe(34);
    }
  });

  it('explains a window too long for the training part', () => {
    expect(() => new ForecastBatcher(series(1), 10, 4, 12, new Random(0))).toThrow(
      'the training part has 10 rows, too few for a window of 12 plus 1 row(s) ahead; use a window of at most 9 or more data',
    );
  });
});
