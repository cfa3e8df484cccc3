/**
 * Validation samples of a run's dataset, one sequence each, for the Gates panel ("previous / next /
 * random / search"). The dataset path comes from the run folder's run.json next to the checkpoint. The
 * run's own validation split is rebuilt with its settings (seed, fraction, vocabulary size, horizon) and
 * used when it encodes exactly as the checkpoint does; otherwise (the file changed, or no run.json) every
 * example of the file is a sample, encoded with the checkpoint's vocabulary or normalisation. Node only.
 */

import { basename, dirname } from 'node:path';
import type { Batch } from '../../engine/batch';
import type { TargetBatch } from '../../data/batcher';
import type { ValidationUnits } from '../../data/validation-sample';
import { prepareDatasetFile } from '../../tasks/prepare-dataset';
import { prepareEvaluationFile } from '../../tasks/prepare-evaluation';
import { resolveTrainingConfig, type TrainingConfig } from '../../train/config';
import { readManifest, type RunManifest } from '../../train/run-directory';
import type { Predictor } from '../../inference/predictor';

export interface SampleSet {
  datasetPath: string;
  /** True when the samples are the run's validation split; false when they are the whole file. */
  fromValidationSplit: boolean;
  total: number;
  /** Sample `index` (0-based, wrapped into range) as a batch of one, with its targets. */
  sample(index: number): Batch;
  /** The sample's input as text (for search). */
  text(index: number): string;
  notes: string[];
}

/** Batches are built this wide and cut into single samples on demand (fewer objects than one batch per sample). */
const ROWS_PER_BATCH = 64;

export async function openSampleSet(
  checkpointPath: string,
  predictor: Predictor,
  datasetPath?: string,
): Promise<SampleSet> {
  const source = await openSampleSource(checkpointPath, predictor, datasetPath);
  return sampleSet(source, predictor);
}

/**
 * Where a run's samples come from, in order — what the Gates panel steps through and what the Evaluate
 * view scores, so that its sequence s is the Gates panel's validation sample s.
 */
export interface SampleSource {
  datasetPath: string;
  /** True when the samples are the run's validation split; false when they are the whole file. */
  fromValidationSplit: boolean;
  total: number;
  /** The batch holding sample n (0 ≤ n < total) and its row. */
  locate(n: number): [TargetBatch, number];
  /** Every sample in order, in batches of `ROWS_PER_BATCH` rows (each batch valid until the next is drawn). */
  batches(): Iterable<TargetBatch>;
  /** A forecaster's window as the user reads its first forecast row (its date), or null. */
  label(n: number): string | null;
  /** The training settings the samples were cut with (seqLen). */
  config: TrainingConfig;
  notes: string[];
}

/**
 * The run's validation split rebuilt with its settings when it encodes exactly as the checkpoint does,
 * else every example of the file (see the module comment).
 */
export async function openSampleSource(
  checkpointPath: string,
  predictor: Predictor,
  datasetPath?: string,
): Promise<SampleSource> {
  const manifest = await readManifest(dirname(checkpointPath)).catch(() => null);
  const path = datasetPath ?? manifest?.dataset.path;
  if (!path) {
    throw new Error(
      `${basename(checkpointPath)} is not in a run folder (no run.json next to it), so its dataset is unknown; type or select text instead`,
    );
  }
  const config = trainingConfigOf(predictor, manifest);
  const notes: string[] = [];
  if (manifest && path === manifest.dataset.path) {
    const prepared = await prepareDatasetFile(path, {
      ...(manifest.dataset.overrides ?? {}),
      seed: config.seed,
      validationFraction: config.validationFraction,
      tokenUnit: config.tokenUnit,
      maxVocabulary: config.vocabSize,
      horizon: config.horizon,
    });
    if (prepared.ok && sameEncoding(prepared.value.checkpoint, storedEncodingOf(predictor))) {
      const units = prepared.value.validationUnits?.(config.seqLen);
      // One unit drawn on demand when the task counts its units: a big corpus's split is never held as batches.
      const source = units
        ? unitSource(units)
        : batchSource(prepared.value.makeValidationBatches(ROWS_PER_BATCH, config.seqLen));
      if (source.total > 0) return { datasetPath: path, fromValidationSplit: true, ...source, config, notes };
      notes.push('the run has no validation split; every example of the file is a sample');
    } else {
      notes.push(`${basename(path)} has changed since training; every example of the file is a sample`);
    }
  }
  return openFileSource(path, predictor, config, notes);
}

/** Every example of a file, encoded with the checkpoint's vocabulary or normalisation (unknown labels skipped). */
export async function openFileSource(
  path: string,
  predictor: Predictor,
  config: TrainingConfig = trainingConfigOf(predictor, null),
  notes: string[] = [],
): Promise<SampleSource> {
  const evaluation = await prepareEvaluationFile(path, storedEncodingOf(predictor), { unknownLabels: 'skip' });
  if (!evaluation.ok) throw new Error(evaluation.error.message);
  const source = batchSource(evaluation.value.makeBatches(ROWS_PER_BATCH, config.seqLen));
  return { datasetPath: path, fromValidationSplit: false, ...source, config, notes };
}

function storedEncodingOf(predictor: Predictor): {
  dataset: Predictor['metadata']['dataset'];
  vocab: Predictor['metadata']['vocab'];
  normalization: Predictor['metadata']['normalization'];
} {
  return {
    dataset: predictor.metadata.dataset,
    vocab: predictor.metadata.vocab,
    normalization: predictor.metadata.normalization,
  };
}

/** The run's training settings: from the checkpoint (`training` metadata), else run.json, else the task's defaults. */
function trainingConfigOf(predictor: Predictor, manifest: RunManifest | null): TrainingConfig {
  const stored = predictor.metadata.extra?.training;
  if (stored) {
    try {
      return JSON.parse(stored) as TrainingConfig;
    } catch {
      /* fall through */
    }
  }
  return manifest?.config ?? resolveTrainingConfig(predictor.encoder.task);
}

function sameEncoding(
  a: { vocab: unknown; normalization: unknown },
  b: { vocab: unknown; normalization: unknown },
): boolean {
  return (
    JSON.stringify(a.vocab ?? null) === JSON.stringify(b.vocab ?? null) &&
    JSON.stringify(a.normalization ?? null) === JSON.stringify(b.normalization ?? null)
  );
}

/** The part of a `SampleSource` that depends on how its samples are held. */
type SampleRows = Pick<SampleSource, 'total' | 'locate' | 'batches' | 'label'>;

/** Samples as rows of batches built up front (a file's examples, or a task that does not count units). */
function batchSource(batches: TargetBatch[]): SampleRows {
  const starts: number[] = [];
  let total = 0;
  for (const batch of batches) {
    starts.push(total);
    total += batch.batchSize;
  }
  return {
    total,
    locate: (n) => {
      let k = starts.length - 1;
      while (starts[k] > n) k--;
      return [batches[k], n - starts[k]];
    },
    batches: () => batches,
    label: () => null,
  };
}

/** Samples as validation units, each drawn as a batch of one when asked for. */
function unitSource(units: ValidationUnits): SampleRows {
  return {
    total: units.count,
    locate: (n) => {
      const first = units.batches(1, Int32Array.of(n))[Symbol.iterator]().next();
      if (first.done) throw new Error(`validation unit ${n} could not be drawn`);
      return [first.value, 0];
    },
    batches: () => units.batches(ROWS_PER_BATCH, null),
    label: (n) => units.originLabel?.(n) ?? null,
  };
}

function sampleSet(source: SampleSource, predictor: Predictor): SampleSet {
  const { datasetPath, fromValidationSplit, total, notes } = source;
  if (total === 0) throw new Error(`${basename(datasetPath)} has no sample the model can read`);
  const D = predictor.model.config.inputSize;
  const locate = (index: number): [TargetBatch, number] => source.locate(((Math.trunc(index) % total) + total) % total);
  const sample = (index: number): Batch => {
    const [batch, b] = locate(index);
    const T = batch.steps;
    const length = batch.lengths ? batch.lengths[b] : T;
    const one: Batch = { batchSize: 1, steps: T, lengths: Int32Array.of(length) };
    if (batch.tokens) one.tokens = batch.tokens.slice(b * T, (b + 1) * T);
    if (batch.features) one.features = batch.features.slice(b * T * D, (b + 1) * T * D);
    const width = batch.targets.length / batch.batchSize;
    one.targets = batch.targets.slice(b * width, (b + 1) * width);
    return one;
  };
  const text = (index: number): string => {
    const one = sample(index);
    const length = one.lengths![0];
    if (one.tokens) {
      const vocab = predictor.encoder.vocab!;
      const pieces = Array.from(one.tokens.subarray(0, length), (id) => vocab.tokenOf(id));
      return pieces.join(vocab.unit === 'word' ? ' ' : '');
    }
    return ''; // a window of a series has no text to search
  };
  return { datasetPath, fromValidationSplit, total, sample, text, notes };
}

/** The first sample from `from` on (wrapping around) whose text contains `query`, case-insensitively; -1 if none. */
export function findSample(samples: SampleSet, from: number, query: string): number {
  const needle = query.toLowerCase();
  if (!needle) return from;
  for (let k = 0; k < samples.total; k++) {
    const index = (((from + k) % samples.total) + samples.total) % samples.total;
    if (samples.text(index).toLowerCase().includes(needle)) return index;
  }
  return -1;
}
