/**
 * A dataset file → batches to evaluate a trained model on, with what its checkpoint stored: the common
 * checks and summary here, the task's reading and encoding in src/tasks/<task>/evaluation-data.ts.
 * `prepareEvaluation` is pure (no Node APIs); `prepareEvaluationFile` adds reading from disk.
 */

import { fromString, type LoadedText } from '../data/decode-text';
import { detectFormat } from '../data/detect';
import type { StoredDataset } from '../data/encode-input';
import { createInputEncoder } from './encode-input';
import { failWith, ok, type Result } from '../data/errors';
import type { EvaluationData, EvaluationOptions } from '../data/prepare-evaluation';
import { readTextFile, type ReadTextOptions } from '../data/read-text';
import { getTask } from './index';

export type EvaluationFileOptions = EvaluationOptions & ReadTextOptions;

/** Prepares a file (a loaded file, or a name and text held in memory) for evaluation with a checkpoint's stored dataset. */
export function prepareEvaluation(
  source: LoadedText | { name: string; text: string },
  stored: StoredDataset,
  options: EvaluationOptions = {},
): Result<EvaluationData> {
  const encoder = createInputEncoder(stored);
  if (!encoder.ok) return encoder;
  const { dataset, vocab, normalization } = encoder.value;
  const loaded =
    'fingerprint' in source ? ({ ok: true, value: source } as const) : fromString(source.name, source.text);
  if (!loaded.ok) return loaded;
  const file = loaded.value;
  const unknownLabels = options.unknownLabels ?? 'error';
  if (unknownLabels !== 'error' && unknownLabels !== 'skip') {
    return failWith(file.name, `unknown labels must be an 'error' or be 'skip'ped, got '${String(unknownLabels)}'`);
  }
  const format = detectFormat(file.name);
  const prepared = getTask(dataset.task).training.prepareEvaluation(
    file,
    format,
    { dataset, vocab, normalization },
    { unknownLabels },
  );
  if (!prepared.ok) return prepared;
  const p = prepared.value;
  const warnings = [...p.summary.warnings];
  if (file.fingerprint === dataset.fingerprint) {
    warnings.unshift(
      `this is the file the model was trained on (same fingerprint); its metrics include the training data and will look better than on new data`,
    );
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
    streamBatches: p.streamBatches ?? p.makeBatches,
    units: (seqLen) => p.validationUnits?.(seqLen) ?? null,
    streamStateful: p.streamStateful,
  });
}

/** prepareEvaluation from a path (Node only): check the checkpoint's description, read once with progress, then prepare. */
export async function prepareEvaluationFile(
  path: string,
  stored: StoredDataset,
  options: EvaluationFileOptions = {},
): Promise<Result<EvaluationData>> {
  // A damaged checkpoint fails before a large file is read.
  const checked = createInputEncoder(stored);
  if (!checked.ok) return checked;
  const loaded = await readTextFile(path, options);
  if (!loaded.ok) return loaded;
  return prepareEvaluation(loaded.value, stored, options);
}
