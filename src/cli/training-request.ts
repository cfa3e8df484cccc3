/**
 * A saved configuration (`lstm-studio-config/1`) → the request that trains it. `lstm-studio train`
 * (flags and `--config` alike), the sweep command and the tests all go through `trainingRequestFor`, so a
 * configuration file, its command line and a sweep's trial train the same run.
 */

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, resolve } from 'node:path';
import type { DatasetOverrides } from '../protocol/dataset';
import {
  datasetOverridesOf,
  parseRunConfiguration,
  trainingOverrides,
  type RunConfiguration,
} from '../protocol/run-configuration';

export { EPOCHS_WHEN_STEPS_DECIDE, trainingOverrides } from '../protocol/run-configuration';
import type { StartTrainingRequest } from '../protocol/worker-messages';
import { allTaskPresentations, taskByName } from '../tasks';

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
 * A saved configuration file (`lstm-studio-config/1`), read and checked: every refusal is one line
 * starting with the file's path (unreadable, not JSON, an unknown field or task, a value out of range).
 */
export function readRunConfigurationFile(path: string): RunConfiguration {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (error) {
    throw new Error(
      `${path}: cannot read the configuration (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  const configuration = parseRunConfiguration(text, path);
  if (configuration.task !== undefined && !taskByName(configuration.task))
    throw new Error(
      `${path}: unknown task "${configuration.task}" (known: ${allTaskPresentations()
        .map((t) => t.id)
        .join(', ')})`,
    );
  return configuration;
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

/** The task (by any of its names) and the column choices as dataset overrides. */
export function datasetOverrides(configuration: RunConfiguration): DatasetOverrides {
  return datasetOverridesOf(configuration, (name) => taskByName(name)?.id);
}
