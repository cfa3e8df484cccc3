/**
 * Host ↔ Runs table webview. The host reads every run's run.json (never a whole history) and sends one
 * `snapshot` of rows whenever a run changes; the table computes its columns (the settings that differ
 * between the shown runs, a column per metric present), sorts and filters itself. It names runs by the
 * ids the host sent and columns by keys built from what the host sent — never by a path — and asks for
 * curves (metrics.csv, read by the inference worker) only for the runs the user selects. Types only.
 */

import type { MetricDescriptor, TaskId } from './task-presentation';
import type { RunStatus } from './run-records';

/** One setting's value in a row: a TrainingConfig field or a column override; null = not set. */
export type SettingValue = number | string | boolean | null;

/** What a row shows of the sweep its run is a trial of. */
export interface RunsTableSweep {
  id: string;
  name: string;
  /** 0-based trial index and the sweep's size. */
  index: number;
  count: number;
}

/** One run as the table shows it: everything comes from its run.json (and the live state while it trains). */
export interface RunsTableRun {
  /** The run's id, unique in the table (the host refuses anything else from the webview). */
  id: string;
  datasetName: string;
  task: TaskId;
  /** The task in words, capitalised (`Classification`). */
  taskName: string;
  status: RunStatus;
  /** True while a worker of this window trains it (it cannot be deleted). */
  active: boolean;
  /** When the run was created (ISO 8601). */
  started: string;
  /** Training time so far (pauses excluded). */
  elapsedSeconds: number;
  step: number;
  totalSteps: number;
  sweep: RunsTableSweep | null;
  /** Every TrainingConfig field and every column override (`textColumn`, `targetColumns`, …) it has. */
  settings: Record<string, SettingValue>;
  /** The metrics of the final evaluation (empty until the run ends). */
  final: Record<string, number>;
  /** The metrics of the best evaluation so far (empty before the first). */
  best: Record<string, number>;
  /** The key of its task's headline metric. */
  headline: string;
}

/** How a setting column is named and compared. */
export interface SettingColumnInfo {
  key: string;
  /** The form's label (`Hidden size`), or the column override's (`Text column`). */
  label: string;
  kind: 'integer' | 'number' | 'choice' | 'boolean' | 'text';
  /** Choice settings: the values it takes (a filter's `optimizer=adm` names them in its message). */
  choices?: readonly string[];
  /** The `lstm-studio train` flag without dashes, which a filter may use instead of the key. */
  flag?: string;
}

export interface RunsTableSnapshot {
  runs: RunsTableRun[];
  /** Every metric of the runs' tasks (`loss` first), with how to label and format it. */
  metrics: MetricDescriptor[];
  /** Every setting a row may have, in the New Training Run form's order. */
  settings: SettingColumnInfo[];
}

/** One run's curves for the overlay chart: training loss by step and each evaluation's metrics. */
export interface RunCurves {
  runId: string;
  steps: number[];
  loss: number[];
  evaluations: { step: number; metrics: Record<string, number> }[];
}

export type HostToRunsTable =
  | ({ type: 'snapshot' } & RunsTableSnapshot)
  /** Answer to `load-curves` (runs that could not be read are left out). */
  | { type: 'curves'; requestId: number; curves: RunCurves[] }
  /** Answer to `export-csv`: where the file went (null: cancelled or failed, `error` says why). */
  | { type: 'exported'; path: string | null; error?: string };

export type RunsTableToHost =
  | { type: 'ready' }
  | { type: 'load-curves'; requestId: number; runIds: string[] }
  /** The Training panel of the run. */
  | { type: 'open-run'; runId: string }
  /** The New Training Run form, prefilled from the run's run.json. */
  | { type: 'train-again'; runId: string }
  /** Delete the run's folder (after the Runs view's confirmation); refused for a run that trains. */
  | { type: 'delete-run'; runId: string }
  /** Stop a sweep that runs in this window: its queued runs never start, its running ones stop cleanly. */
  | { type: 'stop-sweep'; sweepId: string }
  /** Save the table as shown: these columns in this order, these runs in this order (the host writes the CSV). */
  | { type: 'export-csv'; columns: string[]; runIds: string[] };
