/**
 * The New Training Run form's files: saved configurations (`.lstm-studio/configs/<name>.json` in the
 * workspace folder, the file `lstm-studio train --config` takes, its `dataset` relative to the file's own
 * folder) and the choices a finished run was trained with (its run.json), for *Train again with these
 * settings*. Node only (no VS Code API), so it is tested with temporary folders.
 */

import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import type { FormChoices, FormColumns } from '../protocol/new-run-panel';
import { CONFIGURATION_NAME } from '../protocol/new-run-panel';
import {
  COLUMN_FLAGS,
  parseRunConfiguration,
  RUN_CONFIGURATION_FORMAT,
  type RunConfiguration,
} from '../protocol/run-configuration';
import type { TrainingConfig } from '../protocol/training-config';
import { checkSetting, TRAINING_SETTINGS } from '../protocol/training-settings';
import * as l10n from './l10n';

/** Where a workspace folder keeps its saved configurations. */
export function configurationsFolder(workspaceFolder: string): string {
  return join(workspaceFolder, '.lstm-studio', 'configs');
}

/** The file of a saved configuration; the name is checked (no folder, no dot first) whoever gives it. */
export function configurationFile(workspaceFolder: string, name: string): string {
  const trimmed = name.trim();
  if (!CONFIGURATION_NAME.test(trimmed))
    throw new Error(l10n.t("'{0}' is not a configuration name (letters, digits, spaces, - _ .)", trimmed.slice(0, 64)));
  return join(configurationsFolder(workspaceFolder), `${trimmed}.json`);
}

/** The names of the saved configurations (their files without `.json`), sorted; none when the folder is missing. */
export async function listConfigurations(workspaceFolder: string): Promise<string[]> {
  const entries = await readdir(configurationsFolder(workspaceFolder)).catch(() => [] as string[]);
  return entries
    .filter((name) => name.endsWith('.json'))
    .map((name) => name.slice(0, -'.json'.length))
    .filter((name) => CONFIGURATION_NAME.test(name))
    .sort((a, b) => a.localeCompare(b));
}

/** The configuration file for the form's choices: the dataset written relative to the file's folder. */
export function configurationOf(choices: FormChoices, datasetPath: string, file: string): RunConfiguration {
  const configuration: RunConfiguration = {
    format: RUN_CONFIGURATION_FORMAT,
    dataset: portablePath(relative(dirname(file), datasetPath)),
    settings: choices.settings,
  };
  if (choices.task !== null) configuration.task = choices.task;
  if (Object.keys(choices.columns).length > 0) configuration.columns = choices.columns;
  return configuration;
}

export async function writeConfiguration(file: string, configuration: RunConfiguration): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(configuration, null, 2)}\n`);
}

/** A saved configuration as the form reopens it: the dataset (absolute; null when it names none) and the choices. */
export async function readConfiguration(file: string): Promise<{ datasetPath: string | null; choices: FormChoices }> {
  const configuration = parseRunConfiguration(await readFile(file, 'utf8'), file);
  const datasetPath =
    configuration.dataset === undefined
      ? null
      : isAbsolute(configuration.dataset)
        ? configuration.dataset
        : resolve(dirname(file), configuration.dataset);
  return {
    datasetPath,
    choices: {
      task: configuration.task ?? null,
      columns: configuration.columns ?? {},
      settings: configuration.settings,
    },
  };
}

/**
 * What a run was trained with, from its run.json: the dataset file, the task, the column overrides and
 * every setting its config holds (values that break a rule today are left to the preset).
 */
export async function readRunChoices(runDir: string): Promise<{ datasetPath: string; choices: FormChoices }> {
  const manifest = JSON.parse(await readFile(join(runDir, 'run.json'), 'utf8')) as {
    dataset?: { path?: unknown; overrides?: Record<string, unknown> };
    config?: Record<string, unknown>;
  };
  const datasetPath = manifest.dataset?.path;
  if (typeof datasetPath !== 'string' || datasetPath === '')
    throw new Error(l10n.t('{0}: run.json names no dataset', runDir));
  const overrides = manifest.dataset?.overrides ?? {};
  const columns: Record<string, unknown> = {};
  for (const key of Object.keys(COLUMN_FLAGS)) if (overrides[key] !== undefined) columns[key] = overrides[key];
  return {
    datasetPath,
    choices: {
      task: typeof overrides.task === 'string' ? overrides.task : null,
      columns: columns as FormColumns,
      settings: settingsOf(manifest.config ?? {}),
    },
  };
}

/** The training settings among `values` that keep their rules (unknown keys and broken values left out). */
export function settingsOf(values: Record<string, unknown>): Partial<TrainingConfig> {
  const settings: Record<string, unknown> = {};
  for (const setting of TRAINING_SETTINGS) {
    const value = values[setting.key];
    if (value !== undefined && value !== null && checkSetting(setting, value) === null) settings[setting.key] = value;
  }
  return settings as Partial<TrainingConfig>;
}

/** A relative path with `/` separators, as a configuration file stores it on every system. */
function portablePath(path: string): string {
  return sep === '/' ? path : path.split(sep).join('/');
}
