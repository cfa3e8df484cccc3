/**
 * The data layer's public API. Everything here is pure (no Node APIs, no `vscode`); reading from disk
 * is in `read-text.ts`, `prepare-file.ts` and `prepare-evaluation-file.ts`, imported directly by Node code.
 */

export { classificationHead, type TargetBatch, type TrainBatcher } from './batches';
export type { DatasetMetadata, ModelShape } from './dataset-metadata';
export { fromString, TextAccumulator, type LoadedText } from './decode-text';
export { detectDataset, detectFormat, type DatasetColumns, type DatasetFormat, type DatasetKind, type DatasetOverrides, type Detection, type Task } from './detect';
export { createInputEncoder, type InputEncoder, type StoredDataset, type UserInput } from './encode-input';
export type { DataError, Result } from './errors';
export { denormalizeValue, normalizeValue, type NormalizationJSON } from './normalize';
export { prepareEvaluation, type EvaluationData, type EvaluationOptions, type EvaluationSummary } from './prepare-evaluation';
export { prepareDataset, type DatasetSummary, type PreparedDataset, type PrepareOptions } from './prepare';
export type { ClassCount } from './split';
export type { TokenUnit, TruncationKeeps } from './tokenize';
export { PAD_ID, UNK_ID, Vocabulary, type VocabularyJSON } from './vocabulary';
