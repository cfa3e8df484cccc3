/**
 * Datasets of recordings (Node only): a folder, or a manifest file whose rows name .wav files, is listed
 * (src/data/audio/audio-listing.ts), every registered task that reads audio (`training.audio`) scores the
 * listing — or the task the user named is asked — the recordings are decoded to log-mel frames with
 * progress (recordings done of total, through the same `onProgress` as a file's bytes), and the task's
 * `audio.prepare` gives the batches and the model shape. Nothing here names a task.
 *
 * The fingerprint of such a dataset is the SHA-256 over the listing's relative names, sizes and
 * modification times (see audio-listing.ts): no audio is hashed.
 */

import { stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { AudioFeatureSettings } from '../data/audio/audio-dataset';
import { listAudioDataset, type FingerprintedListing } from '../data/audio/audio-listing';
import { isManifestName, manifestColumns } from '../data/audio/audio-manifest';
import { DEFAULT_AUDIO_FEATURES } from '../data/audio/feature-settings';
import { readAudioDataset } from '../data/audio/read-audio-dataset';
import { storedAudioOf } from '../data/audio/stored-audio';
import type { DatasetMetadata } from '../data/dataset-metadata';
import { detectFormat } from '../data/detect';
import { failWith, ok, type Result } from '../data/errors';
import type { EvaluationData, EvaluationOptions } from '../data/prepare-evaluation';
import { resolvePrepareOptions, type PrepareOptions, type PreparedDataset } from '../data/prepare';
import { readTextSample } from '../data/read-text';
import { parseTable } from '../data/table';
import { createInputEncoder } from './encode-input';
import type { StoredDataset } from '../data/encode-input';
import { allTasks, getTask, taskByName } from './index';
import type { TaskDefinition } from './types';
import * as l10n from '../protocol/l10n';

type OnProgress = (done: number, total: number) => void;

/** The registered tasks that read recordings. */
export function audioTasks(): TaskDefinition[] {
  return allTasks().filter((task) => task.training.input.kind === 'audio' && task.training.audio);
}

/**
 * Whether a dataset path is recordings: a folder, or a table whose header has a path and a text column
 * and whose first row names a .wav file. False when no registered task reads audio.
 */
export async function isAudioDatasetPath(path: string): Promise<boolean> {
  if (audioTasks().length === 0) return false;
  const info = await stat(path).catch(() => null);
  if (!info) return false;
  if (info.isDirectory()) return true;
  if (!info.isFile() || !isManifestName(path)) return false;
  const sample = await readTextSample(path, 64 * 1024);
  if (!sample.ok) return false;
  const lines = sample.value.text.split(/\r?\n/).filter((line) => line.trim() !== '');
  const format = detectFormat(path);
  if (format === 'text' || lines.length < 2) return false;
  const table = parseTable(lines.slice(0, 2).join('\n'), basename(path), format);
  if (!table.ok) return false;
  const columns = manifestColumns(table.value.columns);
  return columns !== null && /\.wav$/i.test(table.value.rows[0]?.[columns.path]?.trim() ?? '');
}

/** The task to prepare a listing as: the one named, else the best score (ties: registered first). */
function chooseAudioTask(
  listing: FingerprintedListing,
  named: string | undefined,
): Result<{ task: TaskDefinition; reason: string }> {
  const candidates = audioTasks();
  if (named !== undefined) {
    const task = taskByName(named) ? getTask(taskByName(named)!.id) : null;
    if (!task || !task.training.audio)
      return failWith(
        basename(listing.root),
        l10n.t(
          "task '{0}' does not read recordings (these do: {1})",
          named,
          candidates.map((t) => t.cliNames[0]).join(', '),
        ),
      );
    const score = task.training.audio.score(listing);
    return ok({ task, reason: score?.reason ?? `${listing.reason}; ${task.displayName} as chosen` });
  }
  let best: { task: TaskDefinition; score: number; reason: string } | null = null;
  for (const task of candidates) {
    const score = task.training.audio!.score(listing);
    if (score && (!best || score.score > best.score)) best = { task, score: score.score, reason: score.reason };
  }
  if (!best) return failWith(basename(listing.root), l10n.t('no task reads this layout: {0}', listing.reason));
  return ok(best);
}

/** The feature settings a run reads with (the defaults; the task may stack frames later). */
export function audioFeatureSettings(): AudioFeatureSettings {
  return { ...DEFAULT_AUDIO_FEATURES };
}

/** Recordings → the prepared dataset (see the module comment). */
export async function prepareAudioDataset(
  path: string,
  options: PrepareOptions & { onProgress?: OnProgress } = {},
): Promise<Result<PreparedDataset>> {
  const listed = await listAudioDataset(path);
  if (!listed.ok) return listed;
  const listing = listed.value;
  const chosen = chooseAudioTask(listing, options.task);
  if (!chosen.ok) return chosen;
  const { task, reason } = chosen.value;
  const resolved = resolvePrepareOptions(options, basename(path));
  if (!resolved.ok) return resolved;
  const read = await readAudioDataset(listing, audioFeatureSettings(), options.onProgress);
  if (!read.ok) return read;
  const prepared = task.training.audio!.prepare(read.value, resolved.value);
  if (!prepared.ok) return prepared;
  const p = prepared.value;
  const name = basename(path);
  const dataset: DatasetMetadata = {
    format: 'lstm-studio-dataset/1',
    file: name,
    fingerprint: listing.fingerprint,
    fileFormat: 'audio',
    kind: task.training.datasetKind,
    task: task.id,
    columns: {},
    ...p.checkpoint.dataset,
  };
  return ok({
    ...p,
    task: task.id,
    fingerprint: listing.fingerprint,
    checkpoint: { ...p.checkpoint, dataset },
    summary: {
      file: name,
      byteLength: 0,
      fileFormat: 'audio',
      kind: task.training.datasetKind,
      task: task.id,
      columns: {},
      reason,
      ...p.summary,
      warnings: [...listing.warnings.filter((w) => !p.summary.warnings.includes(w)), ...p.summary.warnings],
    },
  });
}

/**
 * A labelled folder (or manifest) → batches to evaluate a checkpoint of an audio task on: read with
 * the checkpoint's feature settings, encoded as it says.
 */
export async function prepareAudioEvaluation(
  path: string,
  stored: StoredDataset,
  options: EvaluationOptions & { onProgress?: OnProgress } = {},
): Promise<Result<EvaluationData>> {
  const encoder = createInputEncoder(stored);
  if (!encoder.ok) return encoder;
  const { dataset, vocab, normalization } = encoder.value;
  const training = getTask(dataset.task).training;
  if (!training.audio)
    return failWith(
      basename(path),
      l10n.t("this checkpoint's task ({0}) reads text or tables, not recordings", dataset.task),
    );
  const audio = storedAudioOf(dataset);
  if (!audio.ok) return failWith('checkpoint', audio.problem);
  const listed = await listAudioDataset(path);
  if (!listed.ok) return listed;
  const read = await readAudioDataset(listed.value, audio.settings, options.onProgress);
  if (!read.ok) return read;
  const unknownLabels = options.unknownLabels ?? 'error';
  const prepared = training.audio.prepareEvaluation(read.value, { dataset, vocab, normalization }, { unknownLabels });
  if (!prepared.ok) return prepared;
  const p = prepared.value;
  const warnings = [...p.summary.warnings];
  if (listed.value.fingerprint === dataset.fingerprint)
    warnings.unshift(
      'these are the recordings the model was trained on (same fingerprint); its metrics include the training data and will look better than on new data',
    );
  return ok({
    task: dataset.task,
    fingerprint: listed.value.fingerprint,
    summary: {
      file: basename(path),
      byteLength: 0,
      fileFormat: 'audio',
      task: dataset.task,
      columns: {},
      ...p.summary,
      warnings,
    },
    makeBatches: p.makeBatches,
    streamBatches: p.streamBatches ?? p.makeBatches,
    units: (seqLen) => p.validationUnits?.(seqLen) ?? null,
    streamStateful: p.streamStateful,
  });
}
