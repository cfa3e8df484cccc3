/** What every training batcher offers the training loop (see batches.ts for the three kinds). */

import type { Batch } from '../engine/batch';

/** A batch with its targets (batches built from a dataset always have them; prediction inputs do not). */
export type TargetBatch = Batch & { targets: NonNullable<Batch['targets']>; seriesScale?: SeriesScale };

/**
 * Many series: each window's series' mean and standard deviation of each target `[B, K]`, so a
 * forecaster's errors are scored in that series' units rather than a pooled std (src/tasks/forecasting/
 * metrics.ts). Validation batches carry it; the engine never reads it.
 */
export interface SeriesScale {
  mean: Float64Array;
  std: Float64Array;
}

export interface TrainBatcher {
  /** Sequences in a full batch (the last batch of an epoch may hold fewer). */
  readonly batchSize: number;
  /** Training sequences (language models: windows) per epoch. */
  readonly examplesPerEpoch: number;
  /** `ceil(examplesPerEpoch / batchSize)`. */
  readonly batchesPerEpoch: number;
  /** Begins an epoch: a new shuffle (or new random windows) from the generator. */
  startEpoch(): void;
  /**
   * The next batch of the current epoch, or null when it is over (call `startEpoch()` for the next).
   * The first call starts the first epoch. The returned arrays are overwritten by the next call.
   */
  nextBatch(): TargetBatch | null;
}

/** Checks batch size and sequence length; throws with a message naming the bad value. */
export function checkBatchArguments(batchSize: number, seqLen: number, seqLenName = 'sequence length'): void {
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`batch size must be a positive integer, got ${batchSize}`);
  if (!Number.isInteger(seqLen) || seqLen < 1)
    throw new Error(`${seqLenName} must be a positive integer, got ${seqLen}`);
}
