/**
 * File content → everything the training loop needs: detection (every registered task scores the
 * file), then the detected task's preparation — parsing, split, vocabulary or normalisation, batch
 * makers — and the common parts: the summary for the user and the JSON for the checkpoint.
 * `prepareDataset` is pure (no Node APIs); `prepareDatasetFile` adds reading from disk.
 */

import type { DatasetMetadata } from '../data/dataset-metadata';
import { fromString, type LoadedText } from '../data/decode-text';
import type { Result } from '../data/errors';
import { resolvePrepareOptions, type PrepareOptions, type PreparedDataset } from '../data/prepare';
import { readTextFile, type ReadTextOptions } from '../data/read-text';
import { detectDataset } from './detect';
import { getTask } from './index';

export type PrepareFileOptions = PrepareOptions & ReadTextOptions;

/** Prepares a dataset from its text: a loaded file, or a name and text held in memory. */
export function prepareDataset(
  source: LoadedText | { name: string; text: string },
  options: PrepareOptions = {},
): Result<PreparedDataset> {
  const loaded =
    'fingerprint' in source ? ({ ok: true, value: source } as const) : fromString(source.name, source.text);
  if (!loaded.ok) return loaded;
  const { name, text, fingerprint, byteLength } = loaded.value;
  const resolved = resolvePrepareOptions(options, name);
  if (!resolved.ok) return resolved;
  const detection = detectDataset(name, text, options);
  if (!detection.ok) return detection;
  const d = detection.value;
  const prepared = getTask(d.task).training.prepare(name, text, d, resolved.value);
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

/** prepareDataset from a path (Node only): read once with progress, then prepare. */
export async function prepareDatasetFile(
  path: string,
  options: PrepareFileOptions = {},
): Promise<Result<PreparedDataset>> {
  const loaded = await readTextFile(path, options);
  if (!loaded.ok) return loaded;
  return prepareDataset(loaded.value, options);
}
