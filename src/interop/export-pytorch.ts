/**
 * A run (or one of its checkpoints) → a small PyTorch project that trains the same model the same way
 * on one CPU, one GPU, or many processes and machines (`torchrun`). The Python sources are real files
 * under `python/` (python-sources.ts bundles them); this module writes them with what is specific to the
 * run:
 *
 *   run_config.json          the model config, the training config, the dataset's path and description,
 *                            the vocabulary and the normalisation, the run's manifest
 *   checkpoint.safetensors   the exported weights (weights only)
 *   initial.safetensors      the weights the run started from — rebuilt from its seed exactly as the
 *                            trainer built them — so `train.py --init-from initial.safetensors` replays it
 *   README.md                how to run it, on one machine and on several
 *
 * An audio run's run_config.json also holds `audioListing` (export-audio-listing.ts): its recordings,
 * relative to the dataset's folder, with their labels or transcripts, for train.py to read the same WAVs.
 */

import { mkdir, readdir, stat, writeFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { describeArchitecture } from '../engine/config';
import { Random } from '../engine/random';
import { createModel } from '../engine/create-model';
import { CheckpointError } from '../checkpoint/errors';
import type { StudioMetadata } from '../checkpoint/metadata';
import type { DatasetMetadata } from '../data/dataset-metadata';
import type { ExportResult } from '../protocol/pytorch-interop';
import { resolveTrainingConfig, type TrainingConfig } from '../train/config';
import { isTaskId, taskPresentation } from '../tasks';
import { loadModelCheckpoint, saveModelCheckpoint } from '../train/model-checkpoint';
import { readManifest, type RunManifest } from '../train/run-directory';
import { deriveSeed } from '../train/setup';
import { exportAudioListing, type ExportedAudioListing } from './export-audio-listing';
import { PYTHON_PROJECT_FILES, README_TEMPLATE } from './python-sources';
import * as l10n from '../protocol/l10n';

export const EXPORT_FORMAT = 'lstm-studio-pytorch-export/1';

export interface ExportOptions {
  /** Write into a folder that already holds files (they are replaced). Default false: refuse. */
  overwrite?: boolean;
  /** The dataset to record (default: the run's, from run.json). */
  datasetPath?: string;
}

export type { ExportResult } from '../protocol/pytorch-interop';

/** What run_config.json holds; train.py reads it. */
export interface ExportedRunConfig {
  format: typeof EXPORT_FORMAT;
  exported: string;
  architecture: string;
  source: { checkpoint: string; runDir: string | null; step: number | null; epoch: number | null };
  model: StudioMetadata['config'];
  training: TrainingConfig;
  dataset: { path: string | null; metadata: DatasetMetadata };
  vocab: unknown;
  normalization: unknown;
  /** The run's run.json, so the PyTorch run folder gets one LSTM Studio can list (null for a lone checkpoint). */
  manifest: RunManifest | null;
  /** An audio run's recordings (null for other runs, or when the dataset's place is unknown). */
  audioListing?: ExportedAudioListing | null;
}

export async function exportPyTorchProject(
  source: string,
  outDir: string,
  options: ExportOptions = {},
): Promise<ExportResult> {
  const { checkpointPath, runDir, manifest } = await resolveSource(resolve(source));
  let checkpoint;
  try {
    checkpoint = await loadModelCheckpoint(checkpointPath);
  } catch (error) {
    if (error instanceof CheckpointError && error.code === 'foreign') {
      throw new Error(
        `${checkpointPath} is not an LSTM Studio checkpoint (it has no lstm-studio/1 metadata): export-pytorch exports LSTM Studio runs; a PyTorch file is used as it is (see lstm-studio import)`,
      );
    }
    throw error;
  }
  const { model } = checkpoint;
  // The trainer's position belongs to the run's own last.safetensors (with its optimizer state), not here.
  const { trainer: _trainer, ...extra } = checkpoint.metadata.extra ?? {};
  const metadata: StudioMetadata = { ...checkpoint.metadata, extra };
  const dataset = metadata.dataset as DatasetMetadata | undefined;
  if (!dataset?.task)
    throw new Error(
      `${checkpointPath} does not say which dataset and task it was trained on (no 'dataset' metadata); it cannot be exported as a training project`,
    );
  const trainingJson =
    manifest?.config ?? (metadata.extra?.training ? (JSON.parse(metadata.extra.training) as TrainingConfig) : null);
  if (!trainingJson)
    throw new Error(
      `${checkpointPath} does not hold its training configuration (no 'training' metadata and no run.json beside it)`,
    );
  const training = resolveTrainingConfig(dataset.task, trainingJson);

  const warnings: string[] = [];
  const datasetPath = options.datasetPath ? resolve(options.datasetPath) : (manifest?.dataset.path ?? null);
  if (!datasetPath)
    warnings.push(
      `the dataset's place is unknown (no run.json beside ${basename(checkpointPath)}): run train.py with --data PATH to ${dataset.file}`,
    );

  // Listed before anything is written, so a dataset that cannot be listed leaves no half-written folder.
  const audioListing = dataset.audio && datasetPath ? await exportAudioListing(datasetPath) : null;
  if (dataset.audio && !datasetPath)
    warnings.push(l10n.t("the recordings' folder is unknown: export again with the dataset's path to train on them"));

  await prepareFolder(outDir, options.overwrite ?? false);
  const files: string[] = [];
  const write = async (path: string, text: string) => {
    await mkdir(dirname(join(outDir, path)), { recursive: true });
    await writeFile(join(outDir, path), text);
    files.push(path);
  };

  // The weights the run started from: the trainer builds them from the seed's stream 0 (train/setup.ts).
  const initial = createModel(metadata.config, new Random(deriveSeed(training.seed, 0)));
  const history = { evaluations: [], epochs: [] };
  // A forecaster's interval calibration was fitted for the run's weights: checkpoint.safetensors keeps it
  // (forward.py applies it), the project's own training starts without one.
  const { forecastCalibration: _fitted, ...uncalibrated } = dataset;
  await saveModelCheckpoint(join(outDir, 'initial.safetensors'), initial, {
    metadata: { ...metadata, dataset: uncalibrated, step: 0, epoch: 0, history },
  });
  files.push('initial.safetensors');
  await saveModelCheckpoint(join(outDir, 'checkpoint.safetensors'), model, { metadata });
  files.push('checkpoint.safetensors');

  const runConfig: ExportedRunConfig = {
    format: EXPORT_FORMAT,
    exported: new Date().toISOString(),
    architecture: describeArchitecture(metadata.config),
    source: { checkpoint: checkpointPath, runDir, step: metadata.step ?? null, epoch: metadata.epoch ?? null },
    model: metadata.config,
    training,
    dataset: { path: datasetPath, metadata: uncalibrated },
    vocab: metadata.vocab ?? null,
    normalization: metadata.normalization ?? null,
    manifest,
    audioListing,
  };
  await write('run_config.json', JSON.stringify(runConfig, null, 2) + '\n');
  for (const file of PYTHON_PROJECT_FILES) await write(file.path, file.text);
  await write('README.md', fillReadme(runConfig, manifest?.id ?? basename(checkpointPath, '.safetensors')));
  return { outDir, checkpointPath, runDir, datasetPath, files, warnings };
}

/** A run folder (its best checkpoint, else its last) or a checkpoint file (with its run's run.json when it sits in one). */
async function resolveSource(
  source: string,
): Promise<{ checkpointPath: string; runDir: string | null; manifest: RunManifest | null }> {
  const info = await stat(source).catch(() => null);
  if (!info) throw new Error(`${source}: no such run folder or checkpoint`);
  if (info.isDirectory()) {
    for (const name of ['best.safetensors', 'last.safetensors']) {
      const path = join(source, name);
      if (
        await stat(path)
          .then((s) => s.isFile())
          .catch(() => false)
      ) {
        return { checkpointPath: path, runDir: source, manifest: await readManifest(source).catch(() => null) };
      }
    }
    throw new Error(`${source} holds neither best.safetensors nor last.safetensors: give a run folder or a checkpoint`);
  }
  const manifest = await readManifest(dirname(source)).catch(() => null);
  return { checkpointPath: source, runDir: manifest ? dirname(source) : null, manifest };
}

async function prepareFolder(outDir: string, overwrite: boolean): Promise<void> {
  const entries = await readdir(outDir).catch((error: NodeJS.ErrnoException) => {
    if (error.code === 'ENOENT') return [];
    throw error;
  });
  if (entries.length > 0 && !overwrite)
    throw new Error(`${outDir} is not empty; export into a new folder (or replace its files with --force)`);
  await mkdir(outDir, { recursive: true });
}

function fillReadme(config: ExportedRunConfig, title: string): string {
  const t = config.training;
  const optimizer = t.optimizer === 'sgd' ? `SGD (momentum ${t.momentum})` : t.optimizer === 'adamw' ? 'AdamW' : 'Adam';
  const values: Record<string, string> = {
    title,
    architecture: config.architecture,
    task: isTaskId(config.dataset.metadata.task)
      ? taskPresentation(config.dataset.metadata.task).modelNoun
      : config.dataset.metadata.task,
    datasetName: config.dataset.metadata.file,
    datasetPath: config.dataset.path ?? `unknown — pass --data PATH to ${config.dataset.metadata.file}`,
    source: config.source.checkpoint,
    sourceStep:
      config.source.step === null ? 'step unknown' : `step ${config.source.step}, epoch ${config.source.epoch ?? '?'}`,
    settings: `${t.epochs} epochs${t.maxSteps > 0 ? ` or ${t.maxSteps} steps` : ''}, batch ${t.batchSize}, sequence length ${t.seqLen}, ${optimizer} lr ${t.lr}, ${t.schedule} schedule, clip ${t.clipNorm}, seed ${t.seed}`,
    init: config.model.init,
  };
  return README_TEMPLATE.replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? `{{${key}}}`);
}
