/**
 * What preparing a dataset gives the trainer, and the parts one task's preparation (prepare-tasks.ts)
 * hands back to `prepareDataset` (prepare.ts). Types only, so the per-task code and the function that
 * dispatches to it both import this instead of each other.
 */

import type { Random } from '../engine/random';
import type { DatasetSummary } from '../protocol/dataset';
import type { TokenUnit, TruncationKeeps } from '../protocol/tokens';
import type { SideTokens } from '../protocol/training-config';
import type { TargetBatch, TrainBatcher } from './batcher';
import type { StatefulBatch, StatefulTrainBatcher } from './batch-stateful-language-model';
import type { DatasetMetadata, ModelShape } from './dataset-metadata';
import type { Task } from './detect';
import type { NormalizationJSON } from './normalize';
import type { ValidationUnits } from './validation-sample';
import type { VocabularyJSON } from './vocabulary';
import type { WordSplit } from './word-split';

export interface PreparedDataset {
  task: Task;
  summary: DatasetSummary;
  /** Hash of the file's bytes (`sha256:…` from disk), for run.json and the checkpoint. */
  fingerprint: string;
  /** JSON for the checkpoint's `dataset`, `vocab` and `normalization` metadata. */
  checkpoint: { dataset: DatasetMetadata; vocab: VocabularyJSON | null; normalization: NormalizationJSON | null };
  /** Model sizes this data implies. */
  model: ModelShape;
  /** Classes (classification), else 0. */
  numClasses: number;
  /** Features per step (forecasting), 0 when the input is token ids. */
  inputSize: number;
  /**
   * Training batches; `seqLen` is the sequence length (classification: longer texts are cut; language
   * model: window length; forecasting: rows of history per window). Throws if the data is too short.
   */
  makeTrainBatcher(batchSize: number, seqLen: number, random: Random): TrainBatcher;
  /** Validation batches, built once, in a fixed order. Empty when the validation part is empty. */
  makeValidationBatches(batchSize: number, seqLen: number): TargetBatch[];
  /**
   * The same validation data counted in units (windows or examples) that stream one batch at a time,
   * so training can score a fixed sample of them (src/train/validation-set.ts). A task without it is
   * validated whole from `makeValidationBatches`.
   */
  validationUnits?(seqLen: number): ValidationUnits;
  /** Batches for stateful training (consecutive windows per row), when the task has them. */
  stateful?: StatefulData;
}

/** A task's data as streams read window after window (see batch-stateful-language-model.ts). */
export interface StatefulData {
  /** `batchSize` streams of the training text, `seqLen` steps per batch. Throws if the text is too short. */
  makeTrainBatcher(batchSize: number, seqLen: number, random: Random): StatefulTrainBatcher;
  /** The validation text as at most `batchSize` streams; iterable again, one batch in memory at a time. */
  makeValidation(
    batchSize: number,
    seqLen: number,
  ): Iterable<StatefulBatch> & { readonly length: number; readonly streams: number };
}

/** What prepare-tasks.ts returns for one task; prepareDataset adds the common parts. */
export type TaskPreparation = Omit<PreparedDataset, 'task' | 'fingerprint' | 'summary' | 'checkpoint'> & {
  summary: Pick<DatasetSummary, 'sizes' | 'classBalance' | 'vocabularySize' | 'sequenceLengths' | 'warnings'>;
  checkpoint: {
    dataset: Partial<DatasetMetadata>;
    vocab: VocabularyJSON | null;
    normalization: NormalizationJSON | null;
  };
};

export interface ResolvedOptions {
  validationFraction: number;
  seed: number;
  tokenUnit: TokenUnit;
  maxVocabulary: number;
  truncationKeeps: TruncationKeeps;
  horizon: number;
  /** Forecasting (absent = `point`, season 0): see PrepareOptions. */
  distribution?: 'point' | 'gaussian' | 'quantile';
  quantiles?: number[];
  season?: number;
  /** Audio tasks: SpecAugment masks on training batches (omitted: off). */
  specAugment?: boolean;
  sourceTokens: SideTokens;
  targetTokens: SideTokens;
  /** How words are split (absent: the new rule; see PrepareOptions). */
  wordSplit?: WordSplit;
}
