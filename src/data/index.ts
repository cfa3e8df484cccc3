/**
 * The data layer's public API. Everything here is pure (no Node APIs, no `vscode`); reading from disk
 * is in `read-text.ts`, imported directly by Node code. Detection and preparation ask the task registry:
 * they are in src/tasks/ (`detect.ts`, `prepare-dataset.ts`, `prepare-evaluation.ts`).
 */

export { classificationHead, type TargetBatch, type TrainBatcher } from './batches';
export type { DatasetMetadata, ModelShape } from './dataset-metadata';
export { fromString, TextAccumulator, type LoadedText } from './decode-text';
export {
  detectFormat,
  type DatasetColumns,
  type DatasetFormat,
  type DatasetKind,
  type DatasetOverrides,
  type Detection,
  type Task,
} from './detect';
export {
  encodeRowsInput,
  encodeTextInput,
  type InputEncoder,
  type StoredDataset,
  type UserInput,
} from './encode-input';
export type { DataError, Result } from './errors';
export { denormalizeValue, normalizeValue, type NormalizationJSON } from './normalize';
export type { EvaluationData, EvaluationOptions, EvaluationSummary } from './prepare-evaluation';
export type { DatasetSummary, PreparedDataset, PrepareOptions } from './prepare';
export type { ClassCount } from './split';
export type { TokenUnit, TruncationKeeps } from './tokenize';
export { PAD_ID, UNK_ID, Vocabulary, type VocabularyJSON } from './vocabulary';
