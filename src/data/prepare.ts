/**
 * What preparing a dataset gives the training loop: a split, batch makers, the model shape, a summary
 * for the user and the JSON for the checkpoint; and the options it takes, checked once. The task
 * prepares its part (src/tasks/<task>/prepare.ts); src/tasks/prepare-dataset.ts adds the common parts.
 */

import type { Random } from '../engine/random';
import type { TargetBatch, TrainBatcher } from './batcher';
import type { DatasetMetadata, ModelShape } from './dataset-metadata';
import type { DatasetColumns, DatasetFormat, DatasetKind, DatasetOverrides, Task } from './detect';
import { failWith, type Result } from './errors';
import type { NormalizationJSON } from './normalize';
import { DEFAULT_VALIDATION_FRACTION, type ClassCount } from './split';
import type { TokenUnit, TruncationKeeps } from './tokenize';
import { DEFAULT_MAX_VOCABULARY, type VocabularyJSON } from './vocabulary';

export interface PrepareOptions extends DatasetOverrides {
  /** Share of the data held out for validation, in [0, 1). Default 0.1. */
  validationFraction?: number;
  /** Seed of the stratified classification split (use the run's seed). Default 0. */
  seed?: number;
  /** Classification: `word` tokens (default) or `char`. */
  tokenUnit?: TokenUnit;
  /** Classification: vocabulary size K, `<pad>` and `<unk>` included (Keras `num_words`). Default 10 000. */
  maxVocabulary?: number;
  /** Classification: keep the `start` (default) or the `end` of texts longer than the sequence length. */
  truncationKeeps?: TruncationKeeps;
  /** Forecasting: how many rows ahead to predict. Default 1. */
  horizon?: number;
}

export interface DatasetSummary {
  file: string;
  byteLength: number;
  fileFormat: DatasetFormat;
  kind: DatasetKind;
  task: Task;
  columns: DatasetColumns;
  /** Why this task and these columns. */
  reason: string;
  sizes: { unit: 'characters' | 'examples' | 'rows'; total: number; train: number; validation: number };
  /** Classification: examples per class in each part. */
  classBalance?: { train: ClassCount[]; validation: ClassCount[] };
  /** Token vocabulary size, specials included. */
  vocabularySize?: number;
  /** Classification: tokens per text, to choose a sequence length. */
  sequenceLengths?: { mean: number; p95: number; max: number };
  warnings: string[];
}

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
}

/** What a task's `prepare` returns; prepareDataset adds the common parts. */
export type TaskPreparation = Omit<PreparedDataset, 'task' | 'fingerprint' | 'summary' | 'checkpoint'> & {
  summary: Pick<DatasetSummary, 'sizes' | 'classBalance' | 'vocabularySize' | 'sequenceLengths' | 'warnings'>;
  checkpoint: { dataset: Partial<DatasetMetadata>; vocab: VocabularyJSON | null; normalization: NormalizationJSON | null };
};

export interface ResolvedOptions {
  validationFraction: number;
  seed: number;
  tokenUnit: TokenUnit;
  maxVocabulary: number;
  truncationKeeps: TruncationKeeps;
  horizon: number;
}

/** Defaults filled in and each option checked (an error names the option and the file). */
export function resolvePrepareOptions(options: PrepareOptions, file: string): Result<ResolvedOptions> {
  const resolved: ResolvedOptions = {
    validationFraction: options.validationFraction ?? DEFAULT_VALIDATION_FRACTION,
    seed: options.seed ?? 0,
    tokenUnit: options.tokenUnit ?? 'word',
    maxVocabulary: options.maxVocabulary ?? DEFAULT_MAX_VOCABULARY,
    truncationKeeps: options.truncationKeeps ?? 'start',
    horizon: options.horizon ?? 1,
  };
  const { validationFraction: f, maxVocabulary: k, horizon: h, tokenUnit: u, truncationKeeps: t } = resolved;
  if (!(f >= 0 && f < 1)) return failWith(file, `the validation fraction must be at least 0 and below 1, got ${f}`);
  if (!(Number.isInteger(k) && k >= 3) && k !== Infinity) return failWith(file, `the vocabulary size must be an integer of at least 3, got ${k}`);
  if (!(Number.isInteger(h) && h >= 1)) return failWith(file, `the forecast horizon must be a positive integer, got ${h}`);
  if (u !== 'word' && u !== 'char') return failWith(file, `the token unit must be 'word' or 'char', got '${String(u)}'`);
  if (t !== 'start' && t !== 'end') return failWith(file, `truncation must keep the 'start' or the 'end', got '${String(t)}'`);
  if (!Number.isFinite(resolved.seed)) return failWith(file, `the seed must be a number, got ${resolved.seed}`);
  return { ok: true, value: resolved };
}
