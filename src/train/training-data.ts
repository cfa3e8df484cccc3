/**
 * The batches a run trains and validates on, and how a step uses them: independent random windows, each
 * from a zero state (the default), or — `config.stateful` — streams read window after window, each
 * batch starting from the state the previous one ended in (truncated backpropagation through time;
 * see src/data/batch-stateful-language-model.ts and carried-state.ts).
 */

import type { Batch } from '../engine/batch';
import type { TrainStepOptions, TrainStepResult } from '../engine/train-step';
import type { TrainBatcher } from '../data/batcher';
import type { StatefulBatch } from '../data/batches';
import type { TrainingConfig } from './config';
import { validationBound, validationSetFor, type ValidationSet } from './validation-set';
import { CarriedState } from './carried-state';
import type { TrainingSetup } from './setup';
import type { StepRunner } from './step-runner-types';

export interface TrainingData {
  batcher: TrainBatcher;
  /** What each evaluation scores and its batches (a stateful run's are its streams, read from their start). */
  validation: ValidationSet;
  /** Stateful runs: validation's own carried state (every evaluation starts its streams from zero). */
  validationState: CarriedState | null;
}

export function openTrainingData(setup: Omit<TrainingSetup, 'resumed'>): TrainingData {
  const { prepared, config, dataRng, model } = setup;
  if (!config.stateful) {
    return {
      batcher: prepared.makeTrainBatcher(config.batchSize, config.seqLen, dataRng),
      validation: validationSetFor(prepared, config),
      validationState: null,
    };
  }
  if (!prepared.stateful) throw new Error(`stateful training: the ${prepared.task} data has no streams to read`);
  const streams = prepared.stateful.makeValidation(config.batchSize, config.seqLen);
  return {
    batcher: prepared.stateful.makeTrainBatcher(config.batchSize, config.seqLen, dataRng),
    validation: statefulValidationSet(streams, config),
    validationState: streams.length > 0 ? new CarriedState(model.config, config.batchSize) : null,
  };
}

/**
 * A stateful run's validation: every stream read from its start, window after window. Within the bound
 * (`validationBound`, in windows) each evaluation reads the same first windows of every stream — a fixed
 * sample that keeps the state carried within each stream; `--full-validation` reads them to the end.
 */
function statefulValidationSet(
  streams: Iterable<StatefulBatch> & { readonly length: number; readonly streams: number },
  config: Pick<TrainingConfig, 'validationMax' | 'fullValidation' | 'seqLen'>,
): ValidationSet {
  if (streams.length === 0) return { scope: null, batches: () => [] };
  const windows = streams.length;
  const perStream = Math.min(windows, Math.max(1, Math.ceil(validationBound(config) / streams.streams)));
  return {
    scope: {
      units: perStream * streams.streams,
      total: windows * streams.streams,
      unit: 'windows',
      sampled: perStream < windows,
    },
    batches: () => firstBatches(streams, perStream),
  };
}

function* firstBatches<T>(batches: Iterable<T>, count: number): Generator<T, void, undefined> {
  let taken = 0;
  if (count <= 0) return;
  for (const batch of batches) {
    yield batch;
    if (++taken >= count) return;
  }
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
