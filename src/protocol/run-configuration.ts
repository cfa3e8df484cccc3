/**
 * A saved training configuration: what the New Training Run form saves (`.lstm-studio/configs/<name>.json`
 * in the workspace), reopens, and what `lstm-studio train --config <file>` takes — the dataset, the task,
 * its columns and every setting the user chose (settings left out take the preset's value). Also the
 * command line that trains the same run. Pure: no Node, no DOM.
 */

import { TEXT_ENCODING_CHOICES, type DatasetOverrides, type TextEncodingChoice } from './dataset';
import type { TaskId } from './task-id';
import type { TrainingConfig } from './training-config';
import { checkSetting, settingByKey, TRAINING_SETTINGS } from './training-settings';

export const RUN_CONFIGURATION_FORMAT = 'lstm-studio-config/1';

export interface RunConfiguration {
  format: typeof RUN_CONFIGURATION_FORMAT;
  /**
   * The dataset file: relative to the configuration file's own folder (as tsconfig's paths are; the form
   * writes it so), or absolute.
   */
  dataset?: string;
  /** The task; absent = detected. */
  task?: TaskId;
  /** The columns the task reads (a dataset override each); absent = detected. */
  columns?: Omit<DatasetOverrides, 'task'>;
  /** The settings chosen; absent ones take the preset's. */
  settings: Partial<TrainingConfig>;
}

/** The CLI flag of each column override. */
export const COLUMN_FLAGS: Readonly<Record<keyof Omit<DatasetOverrides, 'task'>, string>> = {
  textColumn: 'text-column',
  labelColumn: 'label-column',
  targetColumns: 'target',
  dateColumn: 'date-column',
  seriesColumn: 'series-column',
  wide: 'wide',
  knownFutureColumns: 'known-future',
  calendar: 'calendar',
  holidays: 'holidays',
  sourceColumn: 'source-column',
  targetColumn: 'target-column',
  encoding: 'encoding',
};

/** Whether a column role's override names columns (not `wide`/`calendar`, which are on/off, nor `holidays`, a country). */
export function isColumnOverride(role: string): boolean {
  return Object.hasOwn(COLUMN_FLAGS, role) && role !== 'wide' && role !== 'calendar' && role !== 'holidays';
}

/**
 * Parses and checks a configuration file's text: unknown keys, wrong types and values out of range are
 * refused with the field named. `name` (the file's name) starts every message.
 */
export function parseRunConfiguration(text: string, name: string): RunConfiguration {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new Error(`${name}: not JSON (${(error as Error).message})`);
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new Error(`${name}: expected a JSON object`);
  const o = raw as Record<string, unknown>;
  if (o.format !== RUN_CONFIGURATION_FORMAT)
    throw new Error(`${name}: "format" must be "${RUN_CONFIGURATION_FORMAT}", got ${JSON.stringify(o.format)}`);
  for (const key of Object.keys(o))
    if (!['format', 'dataset', 'task', 'columns', 'settings'].includes(key))
      throw new Error(`${name}: unknown field "${key}"`);
  const result: RunConfiguration = { format: RUN_CONFIGURATION_FORMAT, settings: {} };
  if (o.dataset !== undefined) {
    if (typeof o.dataset !== 'string' || o.dataset === '') throw new Error(`${name}: "dataset" must be a file path`);
    result.dataset = o.dataset;
  }
  if (o.task !== undefined) {
    if (typeof o.task !== 'string' || o.task === '') throw new Error(`${name}: "task" must be a task name`);
    result.task = o.task;
  }
  if (o.columns !== undefined) result.columns = parseColumns(o.columns, name);
  if (o.settings !== undefined) result.settings = parseSettings(o.settings, name);
  return result;
}

function parseColumns(value: unknown, name: string): Omit<DatasetOverrides, 'task'> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${name}: "columns" must be an object`);
  const columns: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (!Object.hasOwn(COLUMN_FLAGS, key)) throw new Error(`${name}: unknown column role "columns.${key}"`);
    if (key === 'targetColumns' || key === 'knownFutureColumns') {
      if (!Array.isArray(v) || v.length === 0 || v.some((c) => typeof c !== 'string' || c === ''))
        throw new Error(`${name}: "columns.${key}" must be a list of column names`);
    } else if (key === 'calendar' || key === 'wide') {
      if (v !== 'on' && v !== 'off') throw new Error(`${name}: "columns.${key}" must be "on" or "off"`);
    } else if (key === 'encoding') {
      if (!TEXT_ENCODING_CHOICES.includes(v as TextEncodingChoice))
        throw new Error(`${name}: "columns.encoding" must be one of ${TEXT_ENCODING_CHOICES.join(', ')}`);
    } else if (key === 'dateColumn') {
      if (v !== null && (typeof v !== 'string' || v === ''))
        throw new Error(`${name}: "columns.dateColumn" must be a column name or null`);
    } else if (typeof v !== 'string' || v === '') throw new Error(`${name}: "columns.${key}" must be a column name`);
    columns[key] = v;
  }
  return columns as Omit<DatasetOverrides, 'task'>;
}

function parseSettings(value: unknown, name: string): Partial<TrainingConfig> {
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Error(`${name}: "settings" must be an object`);
  const settings: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    const setting = settingByKey(key);
    if (!setting) throw new Error(`${name}: unknown setting "settings.${key}"`);
    const reason = checkSetting(setting, v);
    if (reason !== null) throw new Error(`${name}: settings.${reason}`);
    settings[key] = v;
  }
  return settings as Partial<TrainingConfig>;
}

/**
 * The epochs a run bounded only by its steps is given, so the steps decide (`--steps 30` without
 * `--epochs`): the preset's epochs would otherwise stop it first.
 */
export const EPOCHS_WHEN_STEPS_DECIDE = 1_000_000;

/**
 * The settings as training-config overrides, with the rules the CLI has always applied: `tokenUnit`
 * also chooses both sides of sequence-to-sequence pairs unless they are given, steps without epochs let
 * the steps decide, and full validation leaves no sample bound. The CLI, the form and a sweep's trials
 * all start runs through it, so a configuration trains the same run wherever it is started.
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
  // Full validation scores every unit: a bound beside it (a saved form may hold both) means nothing.
  if (config.fullValidation === true) delete config.validationMax;
  return config;
}

/**
 * The configuration's task (by any of its names, looked up by `taskIdByName`: the registry or the
 * presentations, whichever the caller may import) and its columns as dataset overrides. Throws naming an
 * unknown task.
 */
export function datasetOverridesOf(
  configuration: RunConfiguration,
  taskIdByName: (name: string) => TaskId | undefined,
): DatasetOverrides {
  const dataset: DatasetOverrides = {};
  if (configuration.task !== undefined) {
    const task = taskIdByName(configuration.task);
    if (task === undefined) throw new Error(`unknown task '${configuration.task}'`);
    dataset.task = task;
  }
  for (const [role, value] of Object.entries(configuration.columns ?? {}))
    if (value !== undefined) (dataset as Record<string, unknown>)[role] = Array.isArray(value) ? [...value] : value;
  return dataset;
}

/** A shell word: quoted when it holds anything but safe characters. POSIX shells. */
export function shellWord(word: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/**
 * The `lstm-studio train` arguments that train this configuration: the dataset, `--task`, a flag per
 * column (`--no-date-column` for no date column) and per setting, in the settings list's order; a yes/no
 * is `--<flag>` or `--no-<flag>`, so a saved `false` stays false whatever the default. Parsed by `train`,
 * they ask for exactly this configuration (test/unit/cli/command-line-round-trip.test.ts).
 */
export function commandLineArguments(configuration: RunConfiguration, datasetPath: string): string[] {
  // A path that starts with a dash would read as an option.
  const args = ['train', datasetPath.startsWith('-') ? `./${datasetPath}` : datasetPath];
  if (configuration.task) args.push('--task', configuration.task);
  for (const [key, value] of Object.entries(configuration.columns ?? {})) {
    const flag = COLUMN_FLAGS[key as keyof typeof COLUMN_FLAGS];
    if (value === undefined) continue;
    if (value === null) args.push(`--no-${flag}`);
    else args.push(`--${flag}`, Array.isArray(value) ? value.join(',') : String(value));
  }
  const fullValidation = configuration.settings.fullValidation === true;
  for (const setting of TRAINING_SETTINGS) {
    const value = configuration.settings[setting.key];
    if (value === undefined) continue;
    // Full validation scores every unit, so a sample bound beside it means nothing (and `train` refuses both).
    if (setting.key === 'validationMax' && fullValidation) continue;
    if (setting.kind === 'boolean') {
      if (value === true) args.push(`--${setting.flag}`);
      else args.push(`--no-${setting.flag}`);
    } else args.push(`--${setting.flag}`, Array.isArray(value) ? value.join(',') : String(value));
  }
  return args;
}

/** The whole command, quoted for a POSIX shell: `lstm-studio train data.csv --epochs 3 …`. */
export function commandLine(configuration: RunConfiguration, datasetPath: string): string {
  return ['lstm-studio', ...commandLineArguments(configuration, datasetPath)].map(shellWord).join(' ');
}
