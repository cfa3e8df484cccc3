/**
 * The New Training Run form's time estimate: a few real training steps of the described run, on a model
 * built for the estimate alone (the run itself starts from its own fresh model), timed after one warm-up
 * step. Bounded in time so the form hears back within about two seconds even for a large model.
 */

import { setKernelBackend } from '../engine/kernels/backend';
import type { PreparedDataset } from '../data/prepare';
import type { DatasetOverrides } from '../protocol/dataset';
import type { TrainingConfig } from '../protocol/training-config';
import type { StepTiming } from '../protocol/worker-messages';
import { setupForPreparedData } from '../train/setup';
import { SingleThreadStepRunner } from '../train/step-runner';
import { openTrainingData, stepCarryingState } from '../train/training-data';

/** Timed steps at most, and the time after which no further one starts. */
export const MAX_TIMED_STEPS = 5;
export const TIMING_BUDGET_SECONDS = 2;

/** Times up to MAX_TIMED_STEPS steps of one thread (after one warm-up step) on the prepared data. */
export function timeTrainingSteps(
  datasetPath: string,
  overrides: DatasetOverrides,
  prepared: PreparedDataset,
  config: Partial<TrainingConfig>,
): StepTiming {
  const setup = setupForPreparedData(datasetPath, overrides, prepared, config);
  setKernelBackend(setup.config.kernelBackend);
  const { batcher } = openTrainingData(setup);
  const runner = new SingleThreadStepRunner(setup.model, setup.optimizer);
  const options = {
    clipNorm: setup.config.clipNorm,
    rng: setup.dropoutRng,
    teacherForcing: setup.config.teacherForcing,
  };
  batcher.startEpoch();
  const step = (): boolean => {
    let batch = batcher.nextBatch();
    if (batch === null) {
      batcher.startEpoch();
      batch = batcher.nextBatch();
    }
    if (batch === null) return false;
    stepCarryingState(runner, batch, options, setup.carriedState);
    return true;
  };
  if (!step()) throw new Error('the training split has no batch to time');
  const started = performance.now();
  let timed = 0;
  while (timed < MAX_TIMED_STEPS && (performance.now() - started) / 1000 < TIMING_BUDGET_SECONDS && step()) timed++;
  const secondsPerStep = timed === 0 ? 0 : (performance.now() - started) / 1000 / timed;
  const stepsPerEpoch = batcher.batchesPerEpoch;
  return { secondsPerStep, stepsPerEpoch, secondsPerEpoch: secondsPerStep * stepsPerEpoch, stepsTimed: timed };
}
