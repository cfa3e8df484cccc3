/**
 * Host ↔ New Training Run form webview. The host owns the dataset (the webview never sees or sends a
 * path), the worker that describes it and every file it writes; the form owns what the user typed. The
 * form sends its choices as values already parsed with `parseSetting` (the CLI's own rules); the host
 * checks them again (src/protocol/new-run-panel-validation.ts) before acting on them. Pure: no Node, no DOM.
 */

import type { DatasetOverrides } from './dataset';
import type { ColumnRole, MetricDescriptor, ReadingSwitch, TaskId } from './task-presentation';
import type { TrainingConfig } from './training-config';
import { RUN_CONFIGURATION_FORMAT, type RunConfiguration } from './run-configuration';
import { SWEEP_FORMAT, type SweepParameter, type SweepSpec } from './sweep';
import { settingByKey } from './training-settings';
import type { DatasetDescription, StepTiming } from './worker-messages';

/** A task as the form offers it: names, the task-specific settings it reads and the columns it maps. */
export interface FormTask {
  id: TaskId;
  displayName: string;
  settings: readonly (keyof TrainingConfig)[];
  columnRoles: readonly ColumnRole[];
  /** Its on/off choices of how a table is read (a forecaster's wide format). */
  switches: readonly ReadingSwitch[];
  headline: MetricDescriptor;
  /** Why the model cannot be bidirectional, or null. */
  bidirectionalRefusal: string | null;
}

/** The column mapping the user chose (an absent role keeps what detection found). */
export type FormColumns = Omit<DatasetOverrides, 'task'>;

/** Everything the user chose: a task (null = detected), columns, and the settings given a value. */
export interface FormChoices {
  task: TaskId | null;
  columns: FormColumns;
  /** Settings left out take the preset's (or the task's) value. */
  settings: Partial<TrainingConfig>;
}

/** A sweep as the form states it: the settings swept, how and how many at once. The base is the form's choices. */
export interface FormSweep {
  name?: string;
  method: 'grid' | 'random';
  /** Random sweeps: how many runs. */
  count?: number;
  seed?: number;
  maxConcurrent: number;
  parameters: Partial<Record<keyof TrainingConfig, SweepParameter>>;
}

/** What the form opens with. */
export interface FormInit {
  /** The dataset's file name (no folder), or null when none is chosen yet. */
  datasetName: string | null;
  /** The dataset relative to its workspace folder, for display. */
  datasetLabel: string | null;
  tasks: FormTask[];
  /** The choices to start from (a saved configuration, a run's, the quick pick's). */
  initial: FormChoices;
  /** Saved configurations of the workspace (`.lstm-studio/configs/<name>.json`), by name. */
  configurations: string[];
  /** The sweep queue's default of runs at once (the cores). */
  defaultMaxConcurrent: number;
}

export type HostToNewRunPanel =
  | { type: 'init'; form: FormInit }
  /** The worker's answer to `describe` (the latest request wins: older answers are not sent). */
  | { type: 'described'; requestId: number; description: DatasetDescription }
  /**
   * The worker could not describe these choices. `field` is the setting or column role the message is
   * about (the message starts with its config key), or null: shown at the top of the form.
   */
  | { type: 'describe-failed'; requestId: number; message: string; field: string | null }
  | { type: 'estimated'; requestId: number; timing: StepTiming }
  | { type: 'estimate-failed'; requestId: number; message: string }
  /** The command line that trains the form's run (also written to the clipboard). */
  | { type: 'command-line'; text: string }
  | { type: 'configurations'; names: string[]; saved?: string }
  /** The number of runs the sweep section's parameters make, or why they make none. */
  | { type: 'sweep-count'; requestId: number; count: number; problem: string | null }
  /** A notice for the top of the form (a refused Train, a failed save). */
  | { type: 'notice'; level: 'info' | 'error'; message: string };

export type NewRunPanelToHost =
  | { type: 'ready' }
  | { type: 'describe'; requestId: number; choices: FormChoices }
  | { type: 'estimate'; requestId: number; choices: FormChoices }
  | { type: 'copy-command'; choices: FormChoices }
  | { type: 'save-configuration'; name: string; choices: FormChoices }
  | { type: 'open-configuration'; name: string }
  /** The host shows an open dialog and reopens the form on the file chosen. */
  | { type: 'choose-file' }
  | { type: 'train'; choices: FormChoices }
  | { type: 'count-sweep'; requestId: number; sweep: FormSweep }
  | { type: 'start-sweep'; choices: FormChoices; sweep: FormSweep };

/** A configuration's name as saved: letters, digits, `-`, `_`, `.` and spaces, not starting with a dot. */
export const CONFIGURATION_NAME = /^[A-Za-z0-9_ -][A-Za-z0-9_ .-]{0,63}$/;

/**
 * The field a worker's reason is about: its first word when that is a setting's config key
 * (`projSize must be smaller than hiddenSize…`), else null.
 */
export function fieldOfReason(message: string): string | null {
  const first = /^([A-Za-z]+)\b/.exec(message)?.[1];
  return first !== undefined && settingByKey(first) ? first : null;
}

/**
 * The sweep file the form's sweep section stands for: the base configuration without the swept
 * settings (a swept setting's values are the parameter's alone), a grid range without a count given
 * `DEFAULT_RANGE_POINTS` points, the count and seed only for a random sweep. `expandSweep` /
 * `sweepSpecProblem` (src/protocol/sweep-expansion.ts) then count and check it as the queue will.
 */
export function sweepSpecOfForm(base: RunConfiguration, sweep: FormSweep): SweepSpec {
  const fixed: Record<string, unknown> = { ...base.settings };
  for (const key of Object.keys(sweep.parameters)) delete fixed[key];
  const parameters: Partial<Record<keyof TrainingConfig, SweepParameter>> = {};
  for (const [key, parameter] of Object.entries(sweep.parameters) as [keyof TrainingConfig, SweepParameter][])
    parameters[key] =
      sweep.method === 'grid' && !('values' in parameter) && parameter.count === undefined
        ? { ...parameter, count: DEFAULT_RANGE_POINTS }
        : parameter;
  return {
    format: SWEEP_FORMAT,
    ...(sweep.name ? { name: sweep.name } : {}),
    base: { ...base, format: RUN_CONFIGURATION_FORMAT, settings: fixed as Partial<TrainingConfig> },
    parameters,
    method: sweep.method,
    ...(sweep.method === 'random' && sweep.count !== undefined ? { count: sweep.count } : {}),
    ...(sweep.method === 'random' && sweep.seed !== undefined ? { seed: sweep.seed } : {}),
    maxConcurrent: sweep.maxConcurrent,
  };
}

/** Points of a grid range that does not say how many. */
export const DEFAULT_RANGE_POINTS = 3;
