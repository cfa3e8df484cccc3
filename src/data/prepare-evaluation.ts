/**
 * What evaluating a trained model on a dataset file gets: batches built using only what its checkpoint
 * stored (the task and columns, the classes, the vocabulary and the normalisation), and a summary.
 * Nothing is fitted on the file and nothing is held out: every usable example, character or window is
 * evaluated, in file order, batched exactly as validation batches are during training. Each task
 * prepares its part (src/tasks/<task>/evaluation-data.ts); src/tasks/prepare-evaluation.ts adds the rest.
 *
 * Labels the model has no class for: by default an error naming the line and the label (a metric over
 * a class the model cannot predict would mislead); with `unknownLabels: 'skip'` those rows are left out
 * and counted in a warning.
 */

import type { TargetBatch } from './batcher';
import type { StatefulBatch } from './batch-stateful-language-model';
import type { Task } from './detect';
import type { EvaluationSummary } from './evaluation-types';
import type { ValidationUnits } from './validation-sample';

export interface EvaluationOptions {
  /**
   * Classification: what to do with a row whose label is not one of the checkpoint's classes — stop
   * with an error naming the line and the label (`'error'`, default), or leave the row out and count it
   * in a warning (`'skip'`).
   */
  unknownLabels?: 'error' | 'skip';
}

export type { EvaluationSummary, TaskEvaluation } from './evaluation-types';

export interface EvaluationData {
  task: Task;
  /** Hash of the file's bytes (`sha256:…` from disk). */
  fingerprint: string;
  summary: EvaluationSummary;
  /**
   * Every example as batches, built once in file order, the way validation batches are built: `seqLen`
   * is the sequence length (classification: longer texts are cut as the checkpoint says; language model:
   * window length; forecasting: rows of history per window). Throws if the data is too short for one
   * forecasting window.
   */
  makeBatches(batchSize: number, seqLen: number): TargetBatch[];
  /**
   * The batches of `makeBatches`, in the same order, drawn one at a time: what to evaluate with, so a
   * long text is never held as batches whole (a language model streams its windows). A batch is valid
   * until the next is drawn.
   */
  streamBatches(batchSize: number, seqLen: number): Iterable<TargetBatch>;
  /**
   * Every example counted in units (windows or examples), whose `batches(batchSize, null)` are
   * `streamBatches`' batches; null when the task does not count its units.
   */
  units(seqLen: number): ValidationUnits | null;
  /** Streams carrying the state, for a model trained that way (a language model's; absent for other tasks). */
  streamStateful?(batchSize: number, seqLen: number): Iterable<StatefulBatch>;
}
