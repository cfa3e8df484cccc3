/**
 * Which validation units an evaluation scores. A unit is what a task's validation batches are made of
 * (a language model's or a forecaster's windows, a classifier's examples); each task says how many it
 * has and how to batch any of them (`ValidationUnits`), and this module alone chooses which: all of
 * them, or a fixed sample drawn without replacement from its own seeded generator, kept in the split's
 * order, so every evaluation of a run — and of the run resumed — scores the same units.
 */

import { Random } from '../engine/random';
import type { ValidationUnitKind } from '../protocol/run-manifest';
import type { TargetBatch } from './batcher';

/** One task's validation split, counted and batched in units (see each task's prepare.ts). */
export interface ValidationUnits {
  unit: ValidationUnitKind;
  /** Units in the split. */
  count: number;
  /**
   * Batches of the units `chosen` (ascending indices in [0, count); null = every unit), in that order,
   * one batch at a time: each batch is valid until the next is drawn. Scoring every unit gives exactly
   * the batches the task's `makeValidationBatches` builds.
   */
  batches(batchSize: number, chosen: Int32Array | null): Iterable<TargetBatch>;
  /**
   * A forecaster's window `unit` as the user reads its first forecast row (a backtest origin's label):
   * its date, and its series when there are several; null or absent when the rows have no dates.
   */
  originLabel?(unit: number): string | null;
}

/**
 * `max` of the units [0, count) as ascending indices, every subset of that size equally likely; null
 * when `count ≤ max` (the whole split, which needs no list). Depends only on (count, max, seed).
 */
export function chooseValidationSample(count: number, max: number, seed: number): Int32Array | null {
  if (!Number.isInteger(count) || count < 0) throw new Error(`unit count must be an integer ≥ 0, got ${count}`);
  if (!Number.isInteger(max) || max < 1) throw new Error(`the sample bound must be an integer ≥ 1, got ${max}`);
  if (count <= max) return null;
  // Selection sampling (Knuth, TAOCP vol. 2, Algorithm S): one pass keeps unit i with probability
  // (still needed) / (still left), which yields the sample already in the split's order, in O(max) memory.
  const random = new Random(seed);
  const chosen = new Int32Array(max);
  let taken = 0;
  for (let i = 0; i < count && taken < max; i++) {
    if ((count - i) * random.uniform() < max - taken) chosen[taken++] = i;
  }
  return chosen;
}
