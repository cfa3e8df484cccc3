/**
 * A dataset file → batches to evaluate a trained model on, using only what its checkpoint stored: the
 * task and columns, the classes, the vocabulary and the normalisation. Nothing is fitted on the file and
 * nothing is held out: every usable example, character or window is evaluated, in file order, batched
 * exactly as validation batches are during training (see evaluation-tasks.ts). Pure (no Node APIs);
 * `prepare-evaluation-file.ts` adds reading from disk.
 *
 * Labels the model has no class for: by default an error naming the line and the label (a metric over
 * a class the model cannot predict would mislead); with `unknownLabels: 'skip'` those rows are left out
 * and counted in a warning.
 */

import type { TargetBatch } from './batcher';
import { fromString, type LoadedText } from './decode-text';
import { detectFormat, type Task } from './detect';
import { createInputEncoder, type StoredDataset } from './encode-input';
import { failWith, ok, type Result } from './errors';
import { evaluateClassification, evaluateForecasting, evaluateLanguageModel } from './evaluation-tasks';
import type { EvaluationSummary } from './evaluation-types';

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
}

/** Prepares a file (a loaded file, or a name and text held in memory) for evaluation with a checkpoint's stored dataset. */
export function prepareEvaluation(
  source: LoadedText | { name: string; text: string },
  stored: StoredDataset,
  options: EvaluationOptions = {},
): Result<EvaluationData> {
  const encoder = createInputEncoder(stored);
  if (!encoder.ok) return encoder;
  const { dataset, vocab, normalization } = encoder.value;
  const loaded = 'fingerprint' in source ? ({ ok: true, value: source } as const) : fromString(source.name, source.text);
  if (!loaded.ok) return loaded;
  const file = loaded.value;
  const unknownLabels = options.unknownLabels ?? 'error';
  if (unknownLabels !== 'error' && unknownLabels !== 'skip') {
    return failWith(file.name, `unknown labels must be an 'error' or be 'skip'ped, got '${String(unknownLabels)}'`);
  }
  const format = detectFormat(file.name);
  const prepared =
    dataset.task === 'language-model'
      ? evaluateLanguageModel(file, format, dataset, vocab!)
      : dataset.task === 'classification'
        ? evaluateClassification(file, format, dataset, vocab!, unknownLabels)
        : evaluateForecasting(file, format, dataset, normalization!);
  if (!prepared.ok) return prepared;
  const p = prepared.value;
  const warnings = [...p.summary.warnings];
  if (file.fingerprint === dataset.fingerprint) {
    warnings.unshift(`this is the file the model was trained on (same fingerprint); its metrics include the training data and will look better than on new data`);
  }
  return ok({
    task: dataset.task,
    fingerprint: file.fingerprint,
    summary: {
      file: file.name,
      byteLength: file.byteLength,
      fileFormat: format,
      task: dataset.task,
      columns: dataset.columns ?? {},
      ...p.summary,
      warnings,
    },
    makeBatches: p.makeBatches,
  });
}
