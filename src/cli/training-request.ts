/**
 * A saved configuration (`lstm-studio-config/1`) → the request that trains it. `lstm-studio train`
 * (flags and `--config` alike), the sweep command and the tests all go through `trainingRequestFor`, so a
 * configuration file, its command line and a sweep's trial train the same run.
 */

import { dirname, isAbsolute, resolve } from 'node:path';
import type { DatasetOverrides } from '../protocol/dataset';
import type { RunConfiguration } from '../protocol/run-configuration';
import type { TrainingConfig } from '../protocol/training-config';
import type { StartTrainingRequest } from '../protocol/worker-messages';
import { taskByName } from '../tasks';

/**
 * The epochs a run bounded only by its steps is given, so the steps decide (`--steps 30` without
 * `--epochs`): the preset's epochs would otherwise stop it first.
 */
export const EPOCHS_WHEN_STEPS_DECIDE = 1_000_000;

/**
 * The request that trains `configuration` on `datasetPath` (resolved against the working directory when
 * relative; see `configurationDatasetPath` for the file's own `dataset`) into a run folder under
 * `runsRoot`. Throws naming an unknown task.
 */
export function trainingRequestFor(
  configuration: RunConfiguration,
  datasetPath: string,
  runsRoot: string,
): StartTrainingRequest {
  return {
    datasetPath: resolve(datasetPath),
    runsRoot: resolve(runsRoot),
    config: trainingOverrides(configuration.settings),
    dataset: datasetOverrides(configuration),
  };
}

/**
 * The configuration's own dataset as a path: a relative one is relative to the folder of the file it
 * was read from (as tsconfig's paths are), or undefined when the configuration names none.
 */
export function configurationDatasetPath(
  configuration: RunConfiguration,
  configurationFile: string,
): string | undefined {
  if (configuration.dataset === undefined) return undefined;
  return isAbsolute(configuration.dataset)
    ? configuration.dataset
    : resolve(dirname(resolve(configurationFile)), configuration.dataset);
}

/**
 * The settings as training-config overrides, with the two rules the CLI has always applied: `tokenUnit`
 * also chooses both sides of sequence-to-sequence pairs unless they are given, and steps without epochs
 * let the steps decide.
 */
export function trainingOverrides(settings: Partial<TrainingConfig>): Partial<TrainingConfig> {
  const config: Partial<TrainingConfig> = Object.fromEntries(
    Object.entries(settings).filter(([, value]) => value !== undefined),
  );
  if (config.tokenUnit !== undefined) {
    config.sourceTokens ??= config.tokenUnit;
    config.targetTokens ??= config.tokenUnit;
  }
  if (config.maxSteps !== undefined && config.maxSteps > 0 && config.epochs === undefined)
    config.epochs = EPOCHS_WHEN_STEPS_DECIDE;
  return config;
}

/** The task (by any of its names) and the column choices as dataset overrides. */
export function datasetOverrides(configuration: RunConfiguration): DatasetOverrides {
  const dataset: DatasetOverrides = {};
  if (configuration.task !== undefined) {
    const task = taskByName(configuration.task);
    if (!task) throw new Error(`unknown task '${configuration.task}'`);
    dataset.task = task.id;
  }
  for (const [role, value] of Object.entries(configuration.columns ?? {}))
    if (value !== undefined) (dataset as Record<string, unknown>)[role] = Array.isArray(value) ? [...value] : value;
  return dataset;
}
