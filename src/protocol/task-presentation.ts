/**
 * What every side (host, worker, webviews, CLI) may know about a task without its code: its id, names,
 * metrics and which views show it. Types only; the values live in `src/tasks/<task>/presentation.ts` and
 * reach webviews as data (a panel is told how to format a metric, it never looks a task up by name).
 */

/**
 * A task's id: `'language-model'`, `'classification'`, `'forecasting'`, … — one per folder of
 * `src/tasks/`. A plain string so a new task plugs in by registering; the registry checks it.
 */
export type TaskId = string;

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

/** The light half of a task definition: everything but code that reads data or runs a model. */
export interface TaskPresentation {
  id: TaskId;
  /** Names `--task` accepts (the first is the short one shown in help), besides the id. */
  cliNames: readonly string[];
  /** Lower case, for sentences: `sequence classification`, `next-character language model`. */
  displayName: string;
  /** With an article, for sentences: `a classifier`, `a language model`, `a forecaster`. */
  modelNoun: string;
  /** Validation metrics besides `loss`, headline first. */
  metrics: readonly MetricDescriptor[];
  /** The headline metric's key (one of `metrics`). */
  headline: string;
}
