/**
 * A dataset file → batches to evaluate a trained model on, with what its checkpoint stored: the common
 * checks and summary here, the task's reading and encoding in src/tasks/<task>/evaluation-data.ts.
 * `prepareEvaluation` is pure (no Node APIs); `prepareEvaluationFile` adds reading from disk, and
 * streaming for files too big to hold as one string.
 */

import type { DatasetMetadata } from '../data/dataset-metadata';
import { fromString, type DecodedFileFacts, type LoadedText } from '../data/decode-text';
import { detectFormat, type DatasetFormat } from '../data/detect';
import type { InputEncoder, StoredDataset } from '../data/encode-input';
import { createInputEncoder } from './encode-input';
import { failWith, ok, type Result } from '../data/errors';
import type { EvaluationData, EvaluationOptions, TaskEvaluation } from '../data/prepare-evaluation';
import {
  readTextFile,
  readTextSample,
  SAMPLE_BYTES,
  wholeFileOf,
  type ReadTextOptions,
  type TextSample,
} from '../data/read-text';
import { streamedDatasetFile } from './dataset-file';
import { prepareAudioEvaluation } from './audio-dataset-path';
import { getTask } from './index';
import type { TaskTraining } from './task-training';
import * as l10n from '../protocol/l10n';

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
  const unknownLabels = checkUnknownLabels(file.name, options);
  if (!unknownLabels.ok) return unknownLabels;
  const format = detectFormat(file.name);
  const prepared = getTask(dataset.task).training.prepareEvaluation(
    file,
    format,
    { dataset, vocab, normalization },
    { unknownLabels: unknownLabels.value },
  );
  if (!prepared.ok) return prepared;
  return ok(assembleEvaluation(file, format, dataset, prepared.value));
}

/**
 * prepareEvaluation from a path (Node only): check the checkpoint's description, then prepare. A file
 * above the detection sample whose task streams it (`prepareEvaluationFile`) is read pass by pass and
 * never held as text; any other is read once, whole, with progress.
 */
export async function prepareEvaluationFile(
  path: string,
  stored: StoredDataset,
  options: EvaluationFileOptions = {},
): Promise<Result<EvaluationData>> {
  // A damaged checkpoint fails before a large file is read.
  const checked = createInputEncoder(stored);
  if (!checked.ok) return checked;
  const training = getTask(checked.value.dataset.task).training;
  // A model that hears recordings is evaluated on a folder (or a manifest) of them.
  if (training.audio) return prepareAudioEvaluation(path, stored, options);
  if (training.prepareEvaluationFile) {
    const sampled = await readTextSample(path, SAMPLE_BYTES, options);
    if (!sampled.ok) return sampled;
    // A file within the sample has been read whole already.
    const whole = wholeFileOf(sampled.value);
    if (whole) return prepareEvaluation(whole, stored, options);
    const streamed = await streamEvaluation(path, sampled.value, checked.value, training, options);
    if (streamed !== null) return streamed;
  }
  const loaded = await readTextFile(path, options);
  if (!loaded.ok) return loaded;
  return prepareEvaluation(loaded.value, stored, options);
}

/** A file above the detection sample, prepared by its task pass by pass; null when the task declines. */
async function streamEvaluation(
  path: string,
  sample: TextSample,
  { dataset, vocab, normalization }: InputEncoder,
  training: TaskTraining,
  options: EvaluationFileOptions,
): Promise<Result<EvaluationData> | null> {
  if (!training.prepareEvaluationFile) return null;
  const unknownLabels = checkUnknownLabels(sample.name, options);
  if (!unknownLabels.ok) return unknownLabels;
  const format = detectFormat(sample.name);
  const { file, facts } = streamedDatasetFile(path, sample, options);
  const prepared = await training.prepareEvaluationFile(
    file,
    format,
    { dataset, vocab, normalization },
    { unknownLabels: unknownLabels.value },
  );
  if (prepared === null || !prepared.ok) return prepared;
  const read = facts();
  if (read === null) throw new Error(`${dataset.task}: prepareEvaluationFile did not read the whole file`);
  return ok(assembleEvaluation(read, format, dataset, prepared.value));
}

function checkUnknownLabels(file: string, options: EvaluationOptions): Result<'error' | 'skip'> {
  const unknownLabels = options.unknownLabels ?? 'error';
  if (unknownLabels !== 'error' && unknownLabels !== 'skip') {
    return failWith(
      file,
      l10n.t("unknown labels must be an 'error' or be 'skip'ped, got '{0}'", String(unknownLabels)),
    );
  }
  return ok(unknownLabels);
}

/** The task's evaluation data with the common parts: the summary, and a warning for the training file itself. */
function assembleEvaluation(
  file: DecodedFileFacts,
  format: DatasetFormat,
  dataset: DatasetMetadata,
  p: TaskEvaluation,
): EvaluationData {
  const warnings = [...p.summary.warnings];
  if (file.fingerprint === dataset.fingerprint) {
    warnings.unshift(
      `this is the file the model was trained on (same fingerprint); its metrics include the training data and will look better than on new data`,
    );
  }
  return {
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
  };
}
