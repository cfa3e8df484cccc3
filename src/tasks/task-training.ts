/**
 * The training half of a task definition (see types.ts): everything between a dataset file and a
 * trained model's validation metrics that depends on the task. The code outside src/tasks/ is generic
 * and asks the task for each of these parts:
 * - `datasetKind` and `detection`: how well a file fits, in words, and which columns it reads;
 * - `presets`, `checkConfig` and `cliFlags`: the training settings it starts from and accepts;
 * - `prepare`: train/validation batches and the model shape (sizes, head, loss) the data implies;
 * - `prepareEvaluation` and `createEvaluator`: batches from a new file, and the metrics over them;
 * - `input` and `checkDatasetMetadata`: what the model reads, and what a checkpoint must store about the
 *   dataset for this task;
 * - `importer`: taking a foreign (PyTorch) model as this task.
 */

import type { EvaluationReport } from '../protocol/evaluation-report';
import type { Batch } from '../engine/batch';
import type { ModelConfig } from '../engine/config';
import type { ColumnProfile } from '../data/column-profile';
import type { DatasetMetadata } from '../data/dataset-metadata';
import type { DecodedFileFacts, LoadedText } from '../data/decode-text';
import type { DatasetColumns, DatasetFormat, DatasetOverrides } from '../data/detect';
import type { Result } from '../data/errors';
import type { NormalizationJSON } from '../data/normalize';
import type { ResolvedOptions, TaskPreparation } from '../data/prepare';
import type { EvaluationOptions, TaskEvaluation } from '../data/prepare-evaluation';
import type { TextSample } from '../data/read-text';
import type { Table } from '../data/table';
import type { Vocabulary } from '../data/vocabulary';
import type { Metrics } from '../protocol/metrics';
import type { ValidationExample } from '../protocol/run-records';
import type { TrainableModel } from '../engine/trainable-model';
import type { Preset, PresetName, TrainingConfig } from '../protocol/training-config';
import type { TaskImporter } from './task-import';
import type { AudioDataset, AudioListing } from '../data/audio/audio-dataset';

/** A table read for detection: its rows and a profile of each column. */
export interface ProfiledTable {
  table: Table;
  profiles: ColumnProfile[];
}

/** What a task's scorer sees of a file: plain text, or a parsed and profiled table. */
export type DatasetSample =
  | { format: 'text'; file: string; content: string }
  | ({ format: Exclude<DatasetFormat, 'text'>; file: string } & ProfiledTable);

/** How well a dataset fits a task: the best score wins detection (ties: the task registered first). */
export interface TaskScore {
  /** Above 0; 1 is a plain fit ("a table with text: classify it"), higher is a more specific one. */
  score: number;
  /** Why, in words: "every column but the date is numeric". */
  reason: string;
}

/** What choosing a task's columns needs: the file, the user's choices, and its table on demand. */
export interface DetectionInput {
  file: string;
  format: DatasetFormat;
  content: string;
  overrides: DatasetOverrides;
  /** True when the user chose the task (or named its columns), false when detection picked it. */
  chosen: boolean;
  /** Parses and profiles the table once (an error for a malformed file or an unknown column override). */
  readTable(): Result<ProfiledTable>;
}

/** The task's choice of columns, with the reason shown to the user. */
export interface TaskDetection {
  columns: DatasetColumns;
  /** Why, in words: "column 'review' holds free text (mean 38 words), column 'sentiment' has 2 values". */
  reason: string;
  warnings: string[];
  /** The table the task reads, or null when the whole file is its text. */
  table: Table | null;
}

export interface TaskDetector {
  /** Whether a plain text file (not a table) can train this task. */
  readsPlainText: boolean;
  /**
   * Column overrides that only this task reads (forecasting: `targetColumns`) choose it without `task`:
   * a priority above 0 (the highest wins), else 0.
   */
  impliedBy(overrides: DatasetOverrides): number;
  /** How well a file fits, or null when the task cannot read it (detection then never picks it). */
  score(sample: DatasetSample, overrides: DatasetOverrides): TaskScore | null;
  /** Chooses the columns (honouring the overrides) once the task is picked or chosen. */
  chooseColumns(input: DetectionInput): Result<TaskDetection>;
}

/**
 * A dataset file on disk that a task's preparation streams, once per pass, instead of holding its text:
 * a corpus or a table may be bigger than a string can hold. Detection has already read `sample`.
 */
export interface DatasetFile {
  /** Name for messages (the file's base name). */
  name: string;
  /** The start of the file detection read (the whole text when `sample.complete`). */
  sample: TextSample;
  /**
   * Reads the whole file once, handing each decoded piece to `onText` (pieces never split a code point;
   * a CRLF may be split). `pass` numbers this read among the preparation's `passes`, so progress runs
   * once from 0 to the end over all of them. Gives the file's size and SHA-256 at the end.
   */
  stream(onText: (piece: string) => void, pass?: { index: number; passes: number }): Promise<Result<DecodedFileFacts>>;
}

/** What the checkpoint stores beside the weights, decoded: enough to encode a new file. */
export interface StoredEncoding {
  dataset: DatasetMetadata;
  vocab: Vocabulary | null;
  normalization: NormalizationJSON | null;
}

/** What evaluation needs besides the batches. */
export interface EvaluationContext {
  task: string;
  /** Forecasting: std of each target column (to turn z-score errors back into units). */
  targetStd?: number[];
  /** The model being evaluated (sequence to sequence decodes with it). */
  model?: TrainableModel;
  /** What the checkpoint stores of the dataset (sequence to sequence reads its vocabularies back). */
  stored?: StoredEncoding;
  /** Sequence to sequence: decode with a beam this wide (default 1: greedy, as during training). */
  beam?: number;
  /**
   * Collect what a report needs (`MetricAccumulator.report`, `lstm-studio eval --report`): off during
   * training's validation, which does not read one.
   */
  report?: boolean;
}

/** Accumulates one task's metrics over validation batches (the loss is averaged by `evaluate`). */
export interface MetricAccumulator {
  /** One batch and the model's output for it (`[B, O]` for a head on the last step, `[B, T, O]` on every step). */
  add(batch: Batch, output: ArrayLike<number>, outputSize: number): void;
  /** The metrics, given the mean validation loss. */
  finish(loss: number): Metrics;
  /** A few examples as the model answered them (after `finish`), for tasks that show some. */
  examples?(): ValidationExample[];
  /** Baselines scored on the same data (after `finish`; forecasting: naive, seasonal naive, drift), or null. */
  baselines?(): Record<string, Metrics> | null;
  /** What the model got wrong over the whole set (after `finish`, when the context asked for a `report`). */
  report?(): EvaluationReport | null;
  /** Forecasters, with a `report`: the one-step-ahead residual of every window in order, `[windows, targets]` in data units. */
  residuals?(): { targets: string[]; residuals: Float32Array } | null;
}

/**
 * A command-line option a task adds to `lstm-studio train`: the columns it reads (a training setting's
 * flag comes from TRAINING_SETTINGS instead, src/protocol/training-settings.ts); the CLI checks the value
 * by `type`.
 */
export interface TaskCliFlag {
  /** The long name without dashes: `horizon` for `--horizon`. */
  name: string;
  /** The value's placeholder in help: `n`, `names`. */
  placeholder: string;
  description: string;
  /** `integer` (at least `min`), one of `choices`, free `text`, or a comma-separated `list`. */
  type: 'integer' | 'choice' | 'text' | 'list';
  min?: number;
  choices?: readonly string[];
  /** When given, `--no-<name>` exists too (this is its help) and applies null: "none of these columns". */
  negation?: string;
  /** Where the checked value goes: a training config field and/or a dataset override. */
  apply(
    value: number | string | string[] | null,
    into: { config: Partial<TrainingConfig>; dataset: DatasetOverrides },
  ): void;
}

/**
 * What the task's model reads: token ids from text (a vocabulary), or rows of numeric features (a
 * normalisation). `continuation`: the text is a prompt to continue, so line breaks stay `\n` as in
 * the training text and an input without a token is an error.
 */
export type TaskModelInput = { kind: 'tokens'; continuation: boolean } | { kind: 'rows' } | { kind: 'audio' };

export interface TaskTraining {
  /** What kind of dataset it reads, as stored in the checkpoint (`text`, `labelled`, `series`). */
  datasetKind: string;
  /** What its model reads; a checkpoint stores the vocabulary or the normalisation to match. */
  input: TaskModelInput;
  detection: TaskDetector;
  /** The settings a run starts from, by size. */
  presets: Record<PresetName, Preset>;
  /** Task-specific checks of a resolved config (throws naming the field), after the common ones. */
  checkConfig(config: TrainingConfig): void;
  /** Options `lstm-studio train` accepts for this task (several tasks may share one flag name). */
  cliFlags: readonly TaskCliFlag[];
  /** Train/validation data from a detection: batchers, model shape, summary and checkpoint JSON. */
  prepare(file: string, content: string, detection: TaskDetection, options: ResolvedOptions): Result<TaskPreparation>;
  /**
   * `prepare` for a file on disk too big to read as one string (above the detection sample): the task
   * streams it. Without it, or when it answers null (before reading: this detection is not one it
   * streams), such a file is read whole and given to `prepare`.
   */
  prepareFile?(
    file: DatasetFile,
    detection: TaskDetection,
    options: ResolvedOptions,
  ): Promise<Result<TaskPreparation> | null>;
  /** Every example of a new file, encoded as the checkpoint says and batched like validation batches. */
  prepareEvaluation(
    file: LoadedText,
    format: DatasetFormat,
    stored: StoredEncoding,
    options: Required<EvaluationOptions>,
  ): Result<TaskEvaluation>;
  /**
   * `prepareEvaluation` for a file on disk above the detection sample, streamed (`format` from its
   * name). Without it, or when it answers null (before reading: a format it does not stream), the file
   * is read whole and given to `prepareEvaluation`.
   */
  prepareEvaluationFile?(
    file: DatasetFile,
    format: DatasetFormat,
    stored: StoredEncoding,
    options: Required<EvaluationOptions>,
  ): Promise<Result<TaskEvaluation> | null>;
  /** A fresh accumulator of the task's metrics for one evaluation. */
  createEvaluator(context: EvaluationContext): MetricAccumulator;
  /**
   * Fitted on held-out validation batches with the model's current weights, when the run's `calibrate`
   * setting is on (after training, and for each best checkpoint): the dataset description the checkpoint
   * then stores, `dataset` plus what was fitted (forecasting: the interval calibration); evaluation and
   * prediction read it back from there. Absent: the task fits nothing.
   */
  calibrate?(dataset: DatasetMetadata, model: TrainableModel, batches: Iterable<Batch>): DatasetMetadata;
  /** What a stored dataset description must hold for this task: a problem in words, or null. */
  checkDatasetMetadata(dataset: DatasetMetadata): string | null;
  /**
   * Whether a stored description fits the model's sizes (e.g. two class names but a head of five
   * outputs): a problem in words, or null. `vocabularySize` is the stored vocabulary's, null without one.
   */
  checkModelShape(dataset: DatasetMetadata, vocabularySize: number | null, config: ModelConfig): string | null;
  /**
   * Why this task cannot train with its state carried across consecutive windows (`stateful`), or
   * omitted when it can (its preparation then provides `stateful` batches).
   */
  statefulRefusal?: string;
  /** Importing a foreign model as this task (src/tasks/task-import.ts); without it the task cannot be imported. */
  importer?: TaskImporter;
  /**
   * A task that reads recordings (`input.kind === 'audio'`): a dataset is a folder (or a manifest) of
   * `.wav` files, not a text or a table. Detection lists it (src/data/audio/) and asks each such task to
   * score the listing; the chosen task prepares the decoded examples.
   */
  audio?: AudioTaskTraining;
}

/** The audio half of a task's training (see TaskTraining.audio). */
export interface AudioTaskTraining {
  /** How well a listing fits (label folders → classification; transcripts → speech to text), or null. */
  score(listing: AudioListing): TaskScore | null;
  /** Train/validation data from the decoded recordings (features as `AudioDataset` gives them). */
  prepare(dataset: AudioDataset, options: ResolvedOptions): Result<TaskPreparation>;
  /** Every recording of a labelled folder, encoded as the checkpoint says, batched like validation. */
  prepareEvaluation(
    dataset: AudioDataset,
    stored: StoredEncoding,
    options: Required<EvaluationOptions>,
  ): Result<TaskEvaluation>;
}
