/**
 * How the trainer takes one optimizer step: on this thread (the engine's trainStep), or data-parallel
 * over several threads (parallel/parallel-step-runner.ts). The trainer only sees `step` and `close`, so
 * its exact-resume logic does not depend on the thread count.
 */

import { availableParallelism } from 'node:os';
import type { Batch } from '../engine/batch';
import type { TrainableModel } from '../engine/trainable-model';
import type { Optimizer } from '../engine/optimizers';
import { trainStep, type TrainStepOptions, type TrainStepResult } from '../engine/train-step';
import { ParallelStepRunner } from './parallel/parallel-step-runner';
import type { StepRunner } from './step-runner-types';

export type { StepRunner } from './step-runner-types';

/** The engine's trainStep on this thread. */
export class SingleThreadStepRunner implements StepRunner {
  readonly threads = 1;

  constructor(
    private readonly model: TrainableModel,
    private readonly optimizer: Optimizer,
  ) {}

  step(batch: Batch, options: TrainStepOptions): TrainStepResult {
    return trainStep(this.model, batch, this.optimizer, options);
  }

  async close(): Promise<void> {}
}

/** `threads` from the config: 0 = automatic (the cores this process may use, less one for the rest, at least 1). */
export function resolveThreadCount(threads: number): number {
  return threads > 0 ? threads : Math.max(1, availableParallelism() - 1);
}

export interface StepRunnerOptions {
  /** Training threads (0 = automatic, see resolveThreadCount). */
  threads: number;
  /**
   * The `train-thread` bundle helper threads start from. Without it training stays on this thread
   * when the thread count is automatic, and more than one explicit thread is an error.
   */
  threadScript?: string;
}

export async function createStepRunner(
  model: TrainableModel,
  optimizer: Optimizer,
  options: StepRunnerOptions,
): Promise<StepRunner> {
  const threads = options.threadScript === undefined && options.threads === 0 ? 1 : resolveThreadCount(options.threads);
  if (threads === 1) return new SingleThreadStepRunner(model, optimizer);
  if (options.threadScript === undefined)
    throw new Error(
      `training on ${threads} threads needs the train-thread bundle (dist/train-thread.js); this host did not provide it`,
    );
  return ParallelStepRunner.start(model, optimizer, threads, options.threadScript);
}
