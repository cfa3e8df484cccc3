/**
 * Preparing an audio classification dataset: the recordings' labels become classes (sorted by name), a
 * seeded stratified split keeps every class in both parts (when it has two recordings), the training
 * part's statistics normalise the bands when normalisation is global, and each recording becomes its
 * model steps (audio-features.ts). The model: melBands × stackFrames values per step → (bi)LSTM → the
 * mean over the steps → one logit per class, softmax cross-entropy.
 */

import type { AudioDataset } from '../../data/audio/audio-dataset';
import {
  AudioClassBatcher,
  audioClassValidationBatches,
  audioClassValidationUnits,
  type AudioSteps,
} from '../../data/audio/audio-batches';
import type { StoredAudioFeatures } from '../../data/audio/stored-audio';
import { failWith, ok, type Result } from '../../data/errors';
import type { ModelShape } from '../../data/dataset-metadata';
import type { ResolvedOptions, TaskPreparation } from '../../data/prepare';
import { classBalance, stratifiedSplit } from '../../data/split';
import { trainingBandStatistics } from '../../data/audio/model-input';
import { classifierSettings, stepsOf } from './audio-features';
import * as l10n from '../../protocol/l10n';

/** The model shape of a classifier of `classes` over `width` values per step. */
export function audioClassifierShape(width: number, classes: number): ModelShape {
  return { vocabSize: 0, inputSize: width, outputSize: classes, loss: 'softmax-ce', headOn: 'mean', paddingIdx: 0 };
}

/** mean, 95th percentile and max of the steps per recording. */
export function stepStatistics(steps: Int32Array): { mean: number; p95: number; max: number } {
  const sorted = Int32Array.from(steps).sort();
  const sum = sorted.reduce((a, b) => a + b, 0);
  return {
    mean: sum / Math.max(1, sorted.length),
    p95: sorted[Math.min(sorted.length - 1, Math.floor(0.95 * sorted.length))] ?? 0,
    max: sorted[sorted.length - 1] ?? 0,
  };
}

export function prepareAudioClassification(dataset: AudioDataset, options: ResolvedOptions): Result<TaskPreparation> {
  const { examples } = dataset;
  const root = dataset.listing.root;
  const classes = [...new Set(examples.map((e) => e.label ?? ''))].sort();
  if (classes.includes('')) return failWith(root, l10n.t('every recording needs a label (its folder)'));
  if (classes.length < 2)
    return failWith(root, l10n.t('audio classification needs at least two labels, found {0}', classes.length));
  const idOf = new Map(classes.map((name, id) => [name, id]));
  const labels = Int32Array.from(examples, (e) => idOf.get(e.label!)!);
  const split = stratifiedSplit(labels, classes.length, options.validationFraction, options.seed);
  const settings = classifierSettings(dataset);
  const normalization =
    settings.normalization === 'global' ? trainingBandStatistics(examples, split.train, settings.melBands) : null;
  const { values, steps } = stepsOf(examples, settings, normalization);
  const width = settings.melBands * settings.stackFrames;
  const data: AudioSteps = { width, values, steps, labels };
  const augment = options.specAugment ? { bands: settings.melBands, stack: settings.stackFrames } : null;
  const train = classBalance(labels, classes, split.train);
  const validation = classBalance(labels, classes, split.validation);
  const warnings = [...dataset.warnings];
  const alone = train.filter((_c, i) => validation[i].count === 0).map((c) => `'${c.label}'`);
  if (alone.length > 0)
    warnings.push(l10n.t('{0}: a single recording, so not in the validation part', alone.join(', ')));
  const audio: StoredAudioFeatures = normalization ? { ...settings, globalNormalization: normalization } : settings;
  return ok({
    model: audioClassifierShape(width, classes.length),
    numClasses: classes.length,
    inputSize: width,
    makeTrainBatcher: (batchSize, seqLen, random) =>
      new AudioClassBatcher(data, split.train, batchSize, seqLen, random, augment),
    makeValidationBatches: (batchSize, seqLen) =>
      audioClassValidationBatches(data, split.validation, batchSize, seqLen),
    validationUnits: (seqLen) => audioClassValidationUnits(data, split.validation, seqLen),
    summary: {
      sizes: {
        unit: 'examples',
        total: examples.length,
        train: split.train.length,
        validation: split.validation.length,
      },
      classBalance: { train, validation },
      sequenceLengths: stepStatistics(steps),
      warnings,
    },
    checkpoint: { dataset: { classes, audio }, vocab: null, normalization: null },
  });
}
