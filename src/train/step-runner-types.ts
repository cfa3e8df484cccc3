/**
 * What the trainer sees of a training step, one-thread or data-parallel. Types only, so the parallel
 * runner (parallel/) and the factory that chooses it (step-runner.ts) import this instead of each other.
 */

import type { Batch } from '../engine/batch';
import type { TrainStepOptions, TrainStepResult } from '../engine/train-step';

export interface StepRunner {
  /** Threads computing each step (1 = this thread only). */
  readonly threads: number;
  /**
   * Zero the gradients, forward + backward on the batch, clip, one optimizer step. With `options.state`
   * (stateful runs) the batch starts from it and its final state is left in it.
   */
  step(batch: Batch, options: TrainStepOptions): TrainStepResult;
  /** Ends helper threads, if any. */
  close(): Promise<void>;
}
