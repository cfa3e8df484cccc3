/**
 * File content → everything the training loop needs: detection, parsing, split, vocabulary or
 * normalisation, batch makers, a summary for the user and the JSON for the checkpoint. Pure (no Node
 * APIs); `prepare-file.ts` adds reading from disk.
 */

import type { DatasetMetadata } from './dataset-metadata';
import { fromString, type LoadedText } from './decode-text';
import { detectDataset, type DatasetOverrides } from './detect';
import { failWith, type Result } from './errors';
import type { PreparedDataset, ResolvedOptions } from './prepared-dataset';
import { prepareClassification, prepareForecasting, prepareLanguageModel } from './prepare-tasks';
import { DEFAULT_VALIDATION_FRACTION } from './split';
import type { TokenUnit, TruncationKeeps } from './tokenize';
import { DEFAULT_MAX_VOCABULARY } from './vocabulary';

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

export type { DatasetSummary } from '../protocol/dataset';

export type { PreparedDataset, ResolvedOptions, TaskPreparation } from './prepared-dataset';

/** Prepares a dataset from its text: a loaded file, or a name and text held in memory. */
export function prepareDataset(source: LoadedText | { name: string; text: string }, options: PrepareOptions = {}): Result<PreparedDataset> {
  const loaded = 'fingerprint' in source ? ({ ok: true, value: source } as const) : fromString(source.name, source.text);
  if (!loaded.ok) return loaded;
  const { name, text, fingerprint, byteLength } = loaded.value;
  const resolved = resolveOptions(options, name);
  if (!resolved.ok) return resolved;
  const detection = detectDataset(name, text, options);
  if (!detection.ok) return detection;
  const d = detection.value;
  const prepared =
    d.task === 'language-model'
      ? prepareLanguageModel(name, text, d, resolved.value)
      : d.task === 'classification'
        ? prepareClassification(name, d, resolved.value)
        : prepareForecasting(name, d, resolved.value);
  if (!prepared.ok) return prepared;
  const p = prepared.value;
  const dataset: DatasetMetadata = {
    format: 'lstm-studio-dataset/1',
    file: name,
    fingerprint,
    fileFormat: d.format,
    kind: d.kind,
    task: d.task,
    columns: d.columns,
    ...p.checkpoint.dataset,
  };
  return {
    ok: true,
    value: {
      ...p,
      task: d.task,
      fingerprint,
      checkpoint: { ...p.checkpoint, dataset },
      summary: {
        file: name,
        byteLength,
        fileFormat: d.format,
        kind: d.kind,
        task: d.task,
        columns: d.columns,
        reason: d.reason,
        ...p.summary,
        warnings: [...d.warnings, ...p.summary.warnings],
      },
    },
  };
}

function resolveOptions(options: PrepareOptions, file: string): Result<ResolvedOptions> {
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
