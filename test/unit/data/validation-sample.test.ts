/**
 * The validation sample and the units it is drawn from: a sample is a fixed, ordered subset of the
 * split, of the size asked, the same for the same seed; every task's units, streamed whole, are the
 * batches its `makeValidationBatches` builds, and a chosen unit streams exactly as it does in the whole.
 */

import type { TargetBatch } from '../../../src/data/batcher';
import type { PreparedDataset } from '../../../src/data/prepared-dataset';
import { chooseValidationSample } from '../../../src/data/validation-sample';
import { prepareDataset } from '../../../src/tasks/prepare-dataset';
import { fixtureText, unwrap } from './helpers';

const prepare = (name: string, options = {}) => unwrap(prepareDataset({ name, text: fixtureText(name) }, options));

/** A streamed batch copied out of its reused arrays. */
function copy(batch: TargetBatch): TargetBatch {
  return structuredClone(batch);
}

/** Each unit of a stream of batches as its own one-row batch (rows are padded to the batch's steps). */
function rowsOf(
  batches: Iterable<TargetBatch>,
): { tokens?: number[]; features?: number[]; targets: number[]; length?: number }[] {
  const rows = [];
  for (const batch of batches) {
    const B = batch.batchSize;
    const slice = (a: ArrayLike<number> | undefined, b: number) => {
      if (!a) return undefined;
      const width = a.length / B;
      return Array.from(a).slice(b * width, (b + 1) * width);
    };
    for (let b = 0; b < B; b++)
      rows.push({
        tokens: slice(batch.tokens, b),
        features: slice(batch.features, b),
        targets: slice(batch.targets, b)!,
        length: batch.lengths?.[b],
      });
  }
  return rows;
}

describe('chooseValidationSample', () => {
  it('is the whole split (null) when the split is no larger than the bound', () => {
    expect(chooseValidationSample(10, 10, 1)).toBeNull();
    expect(chooseValidationSample(3, 100, 1)).toBeNull();
    expect(chooseValidationSample(0, 1, 1)).toBeNull();
  });

  it('draws exactly the bound, without replacement, in the split order, inside the split', () => {
    for (const [count, max] of [
      [11, 10],
      [1000, 1],
      [1000, 999],
      [81_920, 2048],
    ]) {
      const sample = chooseValidationSample(count, max, 42)!;
      expect(sample).toHaveLength(max);
      for (let i = 1; i < sample.length; i++) expect(sample[i]).toBeGreaterThan(sample[i - 1]);
      expect(sample[0]).toBeGreaterThanOrEqual(0);
      expect(sample[sample.length - 1]).toBeLessThan(count);
    }
  });

  it('is the same for the same seed and another for another seed', () => {
    expect(chooseValidationSample(5000, 100, 7)).toEqual(chooseValidationSample(5000, 100, 7));
    expect(chooseValidationSample(5000, 100, 7)).not.toEqual(chooseValidationSample(5000, 100, 8));
  });

  it('covers the split evenly: every part of it is drawn about as often', () => {
    // 400 samples of 10 of 100 units: each tenth of the split gets 400 on average.
    const perTenth = new Array<number>(10).fill(0);
    for (let seed = 0; seed < 400; seed++)
      for (const u of chooseValidationSample(100, 10, seed)!) perTenth[Math.floor(u / 10)]++;
    for (const n of perTenth) expect(n).toBeGreaterThan(300);
  });

  it('refuses a bound below 1 and a count that is not a count', () => {
    expect(() => chooseValidationSample(10, 0, 1)).toThrow(/bound must be an integer ≥ 1, got 0/);
    expect(() => chooseValidationSample(-1, 5, 1)).toThrow(/unit count/);
  });
});

describe.each([
  ['a language model (windows)', () => prepare('poem.txt', { validationFraction: 0.5 }), 'windows', 8],
  ['classification (examples)', () => prepare('reviews.csv', { validationFraction: 0.5 }), 'examples', 12],
  ['forecasting (windows)', () => prepare('sales.csv', { task: 'forecasting', validationFraction: 0.5 }), 'windows', 3],
] as [string, () => PreparedDataset, string, number][])('validation units of %s', (_, make, unit, seqLen) => {
  it('streamed whole, are the batches makeValidationBatches builds', () => {
    const p = make();
    const units = p.validationUnits!(seqLen);
    expect(units.unit).toBe(unit);
    for (const batchSize of [1, 3, 64]) {
      const whole = p.makeValidationBatches(batchSize, seqLen);
      expect(whole.length).toBeGreaterThan(0);
      expect([...units.batches(batchSize, null)].length).toBe(whole.length);
      expect(Array.from(units.batches(batchSize, null), copy)).toEqual(whole);
      expect(whole.reduce((n, b) => n + b.batchSize, 0)).toBe(units.count);
    }
  });

  it('a chosen unit streams as it does in the whole, and only the chosen ones', () => {
    const p = make();
    const units = p.validationUnits!(seqLen);
    const all = rowsOf(p.makeValidationBatches(1, seqLen));
    const chosen = Int32Array.from({ length: Math.ceil(units.count / 2) }, (_, i) => i * 2);
    const rows = rowsOf(units.batches(2, chosen));
    expect(rows).toHaveLength(chosen.length);
    rows.forEach((row, i) => {
      const expected = all[chosen[i]];
      // Rows batched with a longer one are padded further: compare the unit's own steps.
      const n = expected.tokens?.length ?? 0;
      expect(row.tokens?.slice(0, n)).toEqual(expected.tokens);
      expect(row.features).toEqual(expected.features);
      expect(row.length).toEqual(expected.length);
      if (unit === 'windows' && expected.tokens) expect(row.targets.slice(0, n)).toEqual(expected.targets);
      else expect(row.targets).toEqual(expected.targets);
    });
  });
});

it('no validation part: no units', () => {
  expect(prepare('poem.txt', { validationFraction: 0 }).validationUnits!(16).count).toBe(0);
  expect(prepare('sales.csv', { task: 'forecasting', validationFraction: 0 }).validationUnits!(3).count).toBe(0);
});
