/**
 * File content → everything the training loop needs: detection (every registered task scores the
 * file), then the detected task's preparation — parsing, split, vocabulary or normalisation, batch
 * makers — and the common parts: the summary for the user and the JSON for the checkpoint.
 * `prepareDataset` is pure (no Node APIs); `prepareDatasetFile` adds reading from disk, and streaming for
 * files too big to hold as one string.
 */

import type { DatasetMetadata } from '../data/dataset-metadata';
import { fromString, type DecodedFileFacts, type LoadedText } from '../data/decode-text';
import type { Detection } from '../data/detect';
import type { Result } from '../data/errors';
import {
  resolvePrepareOptions,
  type PrepareOptions,
  type PreparedDataset,
  type TaskPreparation,
} from '../data/prepare';
import { readTextFile, readTextSample, SAMPLE_BYTES, wholeFileOf, type ReadTextOptions } from '../data/read-text';
import { formatBytes } from '../data/regular-file';
import { detectDataset } from './detect';
import { getTask } from './index';
import { streamedDatasetFile } from './dataset-file';
import { isAudioDatasetPath, prepareAudioDataset } from './audio-dataset-path';

export type PrepareFileOptions = PrepareOptions & ReadTextOptions;

/** Prepares a dataset from its text: a loaded file, or a name and text held in memory. */
export function prepareDataset(
  source: LoadedText | { name: string; text: string },
  options: PrepareOptions = {},
): Result<PreparedDataset> {
  const loaded =
    'fingerprint' in source ? ({ ok: true, value: source } as const) : fromString(source.name, source.text);
  if (!loaded.ok) return loaded;
  const { name, text } = loaded.value;
  const resolved = resolvePrepareOptions(options, name);
  if (!resolved.ok) return resolved;
  const detection = detectDataset(name, text, options);
  if (!detection.ok) return detection;
  const prepared = getTask(detection.value.task).training.prepare(name, text, detection.value, resolved.value);
  if (!prepared.ok) return prepared;
  return { ok: true, value: assemblePrepared(loaded.value, detection.value, prepared.value) };
}

/**
 * prepareDataset from a path (Node only). A file that fits in the detection sample is read once and
 * prepared from its text. A bigger one is detected from its sample (and the reason says so); a task
 * that streams (`prepareFile`) then reads it pass by pass without ever holding its text, any other task
 * gets the whole text as before.
 */
export async function prepareDatasetFile(
  path: string,
  options: PrepareFileOptions = {},
): Promise<Result<PreparedDataset>> {
  // A folder (or a manifest) of recordings: progress counts recordings instead of bytes.
  if (await isAudioDatasetPath(path)) return prepareAudioDataset(path, options);
  const sampled = await readTextSample(path, SAMPLE_BYTES, options);
  if (!sampled.ok) return sampled;
  const sample = sampled.value;
  const readWhole = async () => {
    const loaded = await readTextFile(path, options);
    return loaded.ok ? prepareDataset(loaded.value, options) : loaded;
  };
  const whole = wholeFileOf(sample);
  if (whole) {
    options.onProgress?.(whole.byteLength, whole.byteLength);
    return prepareDataset(whole, options);
  }
  const resolved = resolvePrepareOptions(options, sample.name);
  if (!resolved.ok) return resolved;
  const detection = detectDataset(sample.name, sample.text, options);
  if (!detection.ok) return detection;
  const training = getTask(detection.value.task).training;
  if (!training.prepareFile) return readWhole();
  const { file, facts } = streamedDatasetFile(path, sample, options);
  const prepared = await training.prepareFile(file, detection.value, resolved.value);
  if (prepared === null) return readWhole();
  if (!prepared.ok) return prepared;
  const read = facts();
  if (read === null) throw new Error(`${training.datasetKind}: prepareFile did not read the whole file`);
  const d = detection.value;
  const sampledReason = `${d.reason} (detected from the first ${formatBytes(sample.sampleBytes)} of ${formatBytes(sample.byteLength)})`;
  return { ok: true, value: assemblePrepared(read, { ...d, reason: sampledReason }, prepared.value) };
}

/** The task's preparation with the common parts: the checkpoint's dataset JSON and the summary. */
function assemblePrepared(file: DecodedFileFacts, d: Detection, p: TaskPreparation): PreparedDataset {
  const { name, fingerprint, byteLength } = file;
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
  };
}
