/**
 * The batches a run trains and validates on, and how a step uses them: independent random windows, each
 * from a zero state (the default), or — `config.stateful` — streams read window after window, each
 * batch starting from the state the previous one ended in (truncated backpropagation through time;
 * see src/data/batch-stateful-language-model.ts and carried-state.ts).
 */

import type { Batch } from '../engine/batch';
import type { TrainStepOptions, TrainStepResult } from '../engine/train-step';
import type { TrainBatcher } from '../data/batcher';
import { CarriedState } from './carried-state';
import type { TrainingSetup } from './setup';
import type { StepRunner } from './step-runner-types';

export interface TrainingData {
  batcher: TrainBatcher;
  /** Validation batches (a stateful run's are a stream, read again at every evaluation). */
  validation: Iterable<Batch> & { readonly length: number };
  /** Stateful runs: validation's own carried state (every evaluation starts its streams from zero). */
  validationState: CarriedState | null;
}

export function openTrainingData(setup: Omit<TrainingSetup, 'resumed'>): TrainingData {
  const { prepared, config, dataRng, model } = setup;
  if (!config.stateful) {
    return {
      batcher: prepared.makeTrainBatcher(config.batchSize, config.seqLen, dataRng),
      validation: prepared.makeValidationBatches(config.batchSize, config.seqLen),
      validationState: null,
    };
  }
  if (!prepared.stateful) throw new Error(`stateful training: the ${prepared.task} data has no streams to read`);
  const validation = prepared.stateful.makeValidation(config.batchSize, config.seqLen);
  return {
    batcher: prepared.stateful.makeTrainBatcher(config.batchSize, config.seqLen, dataRng),
    validation,
    validationState: validation.length > 0 ? new CarriedState(model.config, config.batchSize) : null,
  };
}

/** One training step; with a carried state (stateful runs) the batch starts from it and leaves its final state in it. */
export function stepCarryingState(
  runner: StepRunner,
  batch: Batch,
  options: TrainStepOptions,
  carried: CarriedState | null,
): TrainStepResult {
  if (!carried) return runner.step(batch, options);
  const state = carried.before(batch);
  const result = runner.step(batch, { ...options, state });
  carried.after(batch);
  return result;
}
