/**
 * What every side (host, worker, webviews, CLI) may know about a task without its code: its id, names,
 * metrics and which views show it. Types only; the values live in `src/tasks/<task>/presentation.ts` and
 * reach webviews as data (a panel is told how to format a metric, it never looks a task up by name).
 */

import type { AudioRecognition } from './audio-view';
import type { StepOutputKind } from './gate-recording';
import type { PredictionAnswerKind } from './prediction-results';
import type { DatasetColumns, DatasetOverrides } from './dataset';
import type { TrainingConfig } from './training-config';
import type { TaskId } from './task-id';

export type { TaskId } from './task-id';

/** How a metric's value is written: `percent` = ×100 with `%`; `decimal` = 3 significant digits. */
export type MetricFormat = 'percent' | 'decimal';

/** One validation metric of a task. */
export interface MetricDescriptor {
  /** JSON and CSV name (`accuracy`, `bitsPerChar`, `mae`). */
  key: string;
  /** In words, lower case (`accuracy`, `bits per character`, `MAE`). */
  label: string;
  higherIsBetter: boolean;
  format: MetricFormat;
}

/** The inference requests that predict on an editor selection (src/protocol/inference-messages.ts). */
export type PredictionRequestKind = 'classify' | 'continue' | 'forecast' | 'transform';

/** How a task predicts on an editor selection: what the host asks the worker and what the panel shows. */
export interface PredictionPresentation {
  /** The request the host sends for it. */
  request: PredictionRequestKind;
  /** What it answers, which is also the Prediction panel's view of the answer. */
  answer: PredictionAnswerKind;
  /** The button that runs it: `Classify`, `Generate`, `Forecast`. */
  action: string;
  /** While it runs: `Classifying`, `Generating`, `Forecasting`. */
  running: string;
}

/**
 * One column the task reads from a table, as the New Training Run form offers it: a dropdown (a list
 * of checkboxes when `multiple`) of the table's columns, whose choice goes to `override`.
 */
export interface ColumnRole {
  override: keyof Omit<DatasetOverrides, 'task'>;
  /** The form's label: `Text column`, `Label column`, `Columns to forecast`. */
  label: string;
  /** Several columns (forecast targets). */
  multiple: boolean;
  /** The user may choose none (a date column): the dropdown has a `(none)` entry. */
  optional: boolean;
  /** Which columns make sense, to order them first: `text`, `label`, `numeric`, `date`; `any` keeps the file's order. */
  prefers: 'text' | 'label' | 'numeric' | 'date' | 'any';
}

/**
 * An on/off choice of how the task reads a table that detection otherwise makes (a forecaster's wide
 * format), as the New Training Run form offers it: a dropdown *detected* / *on* / *off* whose choice goes
 * to `override`, with what detection found and why.
 */
export interface ReadingSwitch {
  override: SwitchOverride;
  /** The form's label: `Wide table`. */
  label: string;
  /** What *on* means, shown under the dropdown while detection did not turn it on. */
  help: string;
  /** Detection turned it on when the description's columns have this field (its reason is the description's). */
  detectedBy: keyof DatasetColumns;
}

/** The dataset overrides that are `on` / `off` rather than a column. */
export type SwitchOverride = {
  [K in keyof DatasetOverrides]-?: DatasetOverrides[K] extends 'on' | 'off' | undefined ? K : never;
}[keyof DatasetOverrides];

/** The light half of a task definition: everything but code that reads data or runs a model. */
export interface TaskPresentation {
  id: TaskId;
  /** Names `--task` accepts (the first is the short one shown in help), besides the id. */
  cliNames: readonly string[];
  /** Lower case, for sentences: `sequence classification`, `next-character language model`. */
  displayName: string;
  /** With an article, for sentences: `a classifier`, `a language model`, `a forecaster`. */
  modelNoun: string;
  /** Without an article, for badges and pickers: `classifier`, `language model`, `forecaster`. */
  modelBadge: string;
  /** Short, for panel headers: `language model`, `classification`, `forecasting`. */
  shortName: string;
  /** Sentence case, for the checkpoint editor's Task row: `Next-character language model`. */
  title: string;
  /** Prediction on an editor selection; null when the task cannot predict on one. */
  prediction: PredictionPresentation | null;
  /**
   * What the model outputs at every step: the Gates panel shows it beside the maps, and a foreign
   * checkpoint's shapes must fit it to be imported as this task.
   */
  stepOutput: StepOutputKind;
  /**
   * Why this task's model cannot be bidirectional (it answers from what came before, so a backward
   * direction would read what it must predict), in words; null when it reads the whole sequence before it
   * answers (classification).
   */
  bidirectionalRefusal: string | null;
  /** Validation metrics besides `loss`, headline first. */
  metrics: readonly MetricDescriptor[];
  /** The headline metric's key (one of `metrics`). */
  headline: string;
  /**
   * Metrics (keys of `metrics`) the Training panel shows beside the headline, under the best validation
   * (speech to text: the word error rate beside the character error rate). Absent: the headline alone.
   */
  shownBeside?: readonly string[];
  /**
   * The task-specific training settings it reads (`taskSpecific` in src/protocol/training-settings.ts):
   * the New Training Run form shows these besides the common ones.
   */
  settings: readonly (keyof TrainingConfig)[];
  /** The columns it reads from a table, for the form's column mapping (empty: it reads plain text only). */
  columnRoles: readonly ColumnRole[];
  /** How it reads a table beyond its columns (a forecaster's wide format), for the form; absent: none. */
  switches?: readonly ReadingSwitch[];
  /**
   * A task that reads recordings (`.wav`): what the Audio view shows of its answer — `transcript`
   * (*Transcribe with LSTM* offers its models) or `audio-label` (*Classify with LSTM*). Absent for a task
   * that reads text or a table.
   */
  audio?: { recognition: AudioRecognition['kind'] };
}
