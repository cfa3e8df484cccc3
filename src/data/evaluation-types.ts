/**
 * What evaluating a file with a checkpoint reports, and the part one task's evaluation
 * (evaluation-tasks.ts) hands back to `prepareEvaluation` (prepare-evaluation.ts). Types only, so the
 * per-task code and the function that dispatches to it both import this instead of each other.
 */

import type { ClassCount, DatasetColumns, DatasetSourceFormat } from '../protocol/dataset';
import type { TargetBatch } from './batcher';
import type { StatefulBatch } from './batch-stateful-language-model';
import type { Task } from './detect';
import type { ValidationUnits } from './validation-sample';

export interface EvaluationSummary {
  file: string;
  byteLength: number;
  fileFormat: DatasetSourceFormat;
  task: Task;
  /** The columns read, as the checkpoint names them. */
  columns: DatasetColumns;
  /** What is evaluated: characters (language model), examples (classification) or rows (forecasting). */
  size: { unit: 'characters' | 'examples' | 'rows'; total: number };
  /** Share of tokens (characters or words) not in the model's vocabulary, read as `<unk>`; 0 for series. */
  unknownTokenRate: number;
  /** Classification: examples per class, in the checkpoint's class order. */
  classBalance?: ClassCount[];
  warnings: string[];
}

/** What evaluation-tasks.ts returns for one task; prepareEvaluation adds the common parts. */
export interface TaskEvaluation {
  summary: Pick<EvaluationSummary, 'size' | 'unknownTokenRate' | 'classBalance' | 'warnings'>;
  makeBatches(batchSize: number, seqLen: number): TargetBatch[];
  /**
   * The same batches one at a time, each valid until the next is drawn, for a task whose batches would
   * outgrow its data (a language model's windows: about 8 bytes per character of the text); omitted,
   * `makeBatches` serves.
   */
  streamBatches?(batchSize: number, seqLen: number): Iterable<TargetBatch>;
  /**
   * The same data counted in units (windows, examples) that stream one batch at a time, so a reader can
   * say how far it is (`lstm-studio eval`'s progress line); omitted, the examples of `makeBatches` are the units.
   */
  validationUnits?(seqLen: number): ValidationUnits;
  /**
   * For a model trained with its state carried across windows: the text as at most `batchSize` streams
   * read window after window (src/data/batch-stateful-language-model.ts), one batch at a time.
   */
  streamStateful?(batchSize: number, seqLen: number): Iterable<StatefulBatch>;
}
