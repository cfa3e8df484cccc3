/**
 * `lstm-studio train`'s options: one per training setting, built from TRAINING_SETTINGS (flag,
 * placeholder, help, and the parser of its rule), and the tasks' column flags (`cliFlags`). Also what
 * the user typed of them, as a saved configuration, so typed flags and a `--config` file meet in one
 * shape (`RunConfiguration`) and train through one function (`trainingRequestFor`).
 */

import type { Command } from 'commander';
import type { DatasetOverrides } from '../protocol/dataset';
import { RUN_CONFIGURATION_FORMAT, type RunConfiguration } from '../protocol/run-configuration';
import type { TrainingConfig } from '../protocol/training-config';
import {
  describeRange,
  TRAINING_SETTINGS,
  type SettingDescriptor,
  type SettingSection,
} from '../protocol/training-settings';
import { allTasks, taskByName } from '../tasks';
import type { TaskCliFlag } from '../tasks/task-training';
import { parseChoice, parseInteger, parseList, parseSettingOption } from './parse';

/** The help's heading of each form section's settings. */
const SECTION_HEADINGS: Record<SettingSection, string> = {
  data: 'Data settings:',
  model: 'Model settings:',
  training: 'Training settings:',
};

/** Reads where commander found an option's value (`cli` when typed). */
export type OptionSource = (attribute: string) => string | undefined;

/** The key commander stores an option under: `--vocab-size` → `vocabSize`. */
export function attributeName(flag: string): string {
  return flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}

/** Every registered task's flags, once each by name (tasks that read the same column share its flag). */
export function uniqueTaskFlags(): TaskCliFlag[] {
  const byName = new Map<string, TaskCliFlag>();
  for (const task of allTasks())
    for (const flag of task.training.cliFlags) if (!byName.has(flag.name)) byName.set(flag.name, flag);
  return [...byName.values()];
}

/** `--task` and each task's column flags (with `--no-<flag>` where the task has a negation). */
export function addDatasetOptions(command: Command, taskFlags: readonly TaskCliFlag[]): void {
  const taskNames = allTasks().flatMap((t) => [...t.cliNames, t.id]);
  command.option(
    '--task <task>',
    `${allTasks()
      .map((t) => t.cliNames[0] ?? t.id)
      .join(' | ')} (default: detected)`,
    parseChoice([...new Set(taskNames)]),
  );
  for (const flag of taskFlags) {
    command.option(`--${flag.name} <${flag.placeholder}>`, flag.description, parserOf(flag));
    if (flag.negation !== undefined) command.option(`--no-${flag.name}`, flag.negation);
  }
}

/** One option per training setting, grouped in the help by the form's sections, in the form's order. */
export function addSettingOptions(command: Command): void {
  for (const section of Object.keys(SECTION_HEADINGS) as SettingSection[]) {
    command.optionsGroup(SECTION_HEADINGS[section]);
    for (const setting of TRAINING_SETTINGS.filter((s) => s.section === section)) addSettingOption(command, setting);
  }
}

function addSettingOption(command: Command, setting: SettingDescriptor): void {
  if (setting.kind === 'boolean') {
    // Both switches, so a typed `--no-x` can turn off a --config file's `x` (or a default of true).
    command.option(`--${setting.flag}`, setting.help);
    command.option(`--no-${setting.flag}`, `turn off --${setting.flag}`);
    return;
  }
  const help = setting.kind === 'choice' ? setting.help : `${setting.help} (${describeRange(setting)})`;
  command.option(`--${setting.flag} <${setting.placeholder ?? 'value'}>`, help, parseSettingOption(setting));
}

function parserOf(flag: TaskCliFlag): (value: string) => unknown {
  switch (flag.type) {
    case 'integer':
      return parseInteger(flag.min ?? 0);
    case 'choice':
      return parseChoice([...(flag.choices ?? [])]);
    case 'list':
      return parseList;
    case 'text':
      return (value) => value;
  }
}

/** A column flag's value as typed: `--no-<flag>` is stored as false and means null (none). */
function columnValue(value: unknown): number | string | string[] | null {
  return value === false ? null : (value as number | string | string[]);
}

/** The dataset overrides a task flag's value sets (a column flag's role). */
export function columnsOf(flag: TaskCliFlag, value: unknown): DatasetOverrides {
  const probe = { config: {} as Partial<TrainingConfig>, dataset: {} as DatasetOverrides };
  flag.apply(columnValue(value), probe);
  return probe.dataset;
}

/**
 * What was typed on the command line as a configuration: `--task`, the column flags and the settings
 * the user gave (by `sourceOf`: a value commander found elsewhere is not typed). No dataset: the caller
 * has the positional argument.
 */
export function typedConfiguration(
  flags: Record<string, unknown>,
  taskFlags: readonly TaskCliFlag[],
  sourceOf: OptionSource,
): RunConfiguration {
  const configuration: RunConfiguration = { format: RUN_CONFIGURATION_FORMAT, settings: {} };
  const task = flags.task as string | undefined;
  if (task !== undefined) configuration.task = taskByName(task)!.id;
  const columns: DatasetOverrides = {};
  for (const flag of taskFlags) {
    const attribute = attributeName(flag.name);
    if (sourceOf(attribute) === 'cli') Object.assign(columns, columnsOf(flag, flags[attribute]));
  }
  delete columns.task;
  if (Object.keys(columns).length > 0) configuration.columns = columns;
  const settings: Record<string, unknown> = {};
  for (const setting of TRAINING_SETTINGS) {
    const attribute = attributeName(setting.flag);
    if (sourceOf(attribute) === 'cli') settings[setting.key] = flags[attribute];
  }
  configuration.settings = settings as Partial<TrainingConfig>;
  return configuration;
}

/**
 * `base` (a `--config` file) with what was typed on top: the task, each column and each setting typed
 * replace the file's. `fullValidation` and `validationMax` are one choice: typing either drops the
 * file's other, so the typed one decides.
 */
export function overlayConfiguration(base: RunConfiguration, typed: RunConfiguration): RunConfiguration {
  const settings: Partial<TrainingConfig> = { ...base.settings, ...typed.settings };
  if (typed.settings.validationMax !== undefined && typed.settings.fullValidation === undefined)
    delete settings.fullValidation;
  if (typed.settings.fullValidation !== undefined && typed.settings.validationMax === undefined)
    delete settings.validationMax;
  const columns = { ...base.columns, ...typed.columns };
  const overlaid: RunConfiguration = { format: RUN_CONFIGURATION_FORMAT, settings };
  if (base.dataset !== undefined) overlaid.dataset = base.dataset;
  const task = typed.task ?? base.task;
  if (task !== undefined) overlaid.task = task;
  if (Object.keys(columns).length > 0) overlaid.columns = columns;
  return overlaid;
}
