/**
 * The data order across epochs and resumes. An epoch's order is drawn from the data generator when it
 * begins; the generator's state at that moment is kept in the position, so a resumed run rewinds to it
 * and replays the epoch in progress up to where it stopped — the same batches, bit for bit.
 */

import type { TrainBatcher } from '../data/batcher';
import type { Random } from '../engine/random';
import type { TrainerPosition } from './setup';

/**
 * Prepares a resumed run's data order (after the batcher was built, in case building it drew numbers).
 * Returns true when the run stopped inside an epoch, whose order is then replayed up to that batch.
 */
export function rewindForResume(position: TrainerPosition, batcher: TrainBatcher, dataRng: Random): boolean {
  dataRng.setState(position.epochStartDataRng);
  if (position.batchInEpoch === 0) return false;
  batcher.startEpoch();
  for (let k = 0; k < position.batchInEpoch; k++) batcher.nextBatch();
  return true;
}

/** Begins a new epoch: its order drawn now, its counters at zero. */
export function beginEpoch(position: TrainerPosition, batcher: TrainBatcher, dataRng: Random): void {
  position.epochStartDataRng = dataRng.getState();
  position.batchInEpoch = 0;
  position.epochLossSum = 0;
  position.epochLossCount = 0;
  batcher.startEpoch();
}

/** Counts a trained step in the position. */
export function countStep(position: TrainerPosition, loss: number): void {
  position.step++;
  position.batchInEpoch++;
  position.epochLossSum += loss;
  position.epochLossCount++;
}

/** The epoch's mean training loss so far. */
export function epochTrainLoss(position: TrainerPosition): number {
  return position.epochLossSum / Math.max(1, position.epochLossCount);
}

/** Moves past the epoch just trained and reported; the next one's order is drawn from here. */
export function advanceEpoch(position: TrainerPosition, dataRng: Random): void {
  position.epoch++;
  position.batchInEpoch = 0;
  position.epochStartDataRng = dataRng.getState();
}
