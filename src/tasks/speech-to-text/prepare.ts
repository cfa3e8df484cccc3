/**
 * Preparing a speech-to-text dataset: recordings with transcripts (a manifest, or `name.wav` +
 * `name.txt` pairs) → the CTC symbols, a seeded split by recording, model steps and labels.
 *
 * The symbols are every character of all the (normalised) transcripts, validation's too: CTC has no
 * "unknown" symbol, and a character only validation uses then costs an error on each occurrence rather
 * than failing the run. A recording with fewer model steps than its transcript needs (one per character,
 * plus a blank between doubled ones) cannot be aligned: it is skipped with a warning naming it.
 */

import type { AudioDataset, AudioExample, AudioFeatureSettings } from '../../data/audio/audio-dataset';
import { modelSteps, trainingBandStatistics, type BandNormalization } from '../../data/audio/model-input';
import type { StoredAudioFeatures } from '../../data/audio/stored-audio';
import { failWith, ok, type Result } from '../../data/errors';
import type { ResolvedOptions, TaskPreparation } from '../../data/prepare';
import { Random } from '../../engine/random';
import { speechBatches, SpeechBatcher, speechUnits, type SpeechExamples } from './batches';
import {
  buildTranscriptSymbols,
  ctcFramesNeeded,
  encodeTranscript,
  normalizeTranscript,
  symbolIds,
} from './transcript-symbols';
import * as l10n from '../../protocol/l10n';

/** Warnings naming skipped recordings list at most this many names. */
const NAMES_SHOWN = 8;

export function prepareSpeechToText(dataset: AudioDataset, options: ResolvedOptions): Result<TaskPreparation> {
  const root = dataset.listing.root;
  const warnings = [...dataset.warnings];
  const transcribed = dataset.examples.filter((example) => example.transcript !== undefined);
  if (transcribed.length < dataset.examples.length)
    warnings.push(
      l10n.t('{0} recording(s) without a transcript skipped', dataset.examples.length - transcribed.length),
    );
  if (transcribed.length < 2)
    return failWith(root, l10n.t('speech to text needs at least 2 recordings with transcripts'));
  const texts = transcribed.map((example) => normalizeTranscript(example.transcript!));
  const symbols = buildTranscriptSymbols(texts);
  if (symbols.length < 2)
    return failWith(root, l10n.t('every transcript is empty: there is nothing to learn to write'));

  const split = recordingSplit(transcribed.length, options.validationFraction, options.seed);
  const bands = transcribed[0].bands;
  const settings = dataset.settings;
  const normalization =
    settings.normalization === 'global' ? trainingBandStatistics(transcribed, split.train, bands) : null;
  // Global statistics live with the feature settings, where every audio task keeps them (storedAudioOf).
  const audio: StoredAudioFeatures = normalization ? { ...settings, globalNormalization: normalization } : settings;
  const encoded = encodeRecordings(transcribed, texts, symbols, settings, normalization);
  if (!encoded.ok) return failWith(root, encoded.problem);
  const { data, usable, skipped } = encoded;
  if (skipped.length > 0) warnings.push(skippedWarning(skipped));
  if (usable.length === 0)
    return failWith(root, l10n.t('no recording is long enough for its transcript ({0})', skippedNames(skipped)));
  const kept = new Set(usable);
  const train = Int32Array.from(split.train.filter((i) => kept.has(i)));
  const validation = Int32Array.from(split.validation.filter((i) => kept.has(i)));
  if (train.length === 0) return failWith(root, l10n.t('no training recording is long enough for its transcript'));

  return ok({
    numClasses: 0,
    inputSize: data.width,
    model: {
      vocabSize: 0,
      inputSize: data.width,
      outputSize: symbols.length,
      loss: 'ctc',
      headOn: 'every',
      paddingIdx: 0,
    },
    summary: {
      sizes: { unit: 'examples', total: usable.length, train: train.length, validation: validation.length },
      vocabularySize: symbols.length,
      sequenceLengths: stepStatistics(data.steps, usable),
      warnings,
    },
    checkpoint: { dataset: { audio, symbols }, vocab: null, normalization: null },
    makeTrainBatcher: (batchSize, _seqLen, random) => new SpeechBatcher(data, train, batchSize, random),
    makeValidationBatches: (batchSize) => speechBatches(data, validation, batchSize),
    validationUnits: () => speechUnits(data, validation),
  });
}

/**
 * Every recording's model steps and labels (indices as in `examples`); those too short for their
 * transcript are listed in `skipped`. A character missing from `symbols` is a problem (evaluation data).
 */
export function encodeRecordings(
  examples: readonly AudioExample[],
  texts: readonly string[],
  symbols: readonly string[],
  settings: AudioFeatureSettings,
  normalization: BandNormalization | null,
  skipUnknown = false,
):
  | { ok: true; data: SpeechExamples; usable: number[]; skipped: string[]; unknown: Map<string, number> }
  | { ok: false; problem: string } {
  const ids = symbolIds(symbols);
  const bands = examples[0]?.bands ?? settings.melBands;
  const data: SpeechExamples = {
    values: [],
    steps: new Int32Array(examples.length),
    labels: [],
    width: bands * settings.stackFrames,
  };
  const usable: number[] = [];
  const skipped: string[] = [];
  const unknown = new Map<string, number>();
  for (let i = 0; i < examples.length; i++) {
    const example = examples[i];
    if (example.bands !== bands)
      return { ok: false, problem: `${example.name} has ${example.bands} mel bands, the others ${bands}` };
    const labels = encodeTranscript(texts[i], ids);
    const steps = modelSteps(example.features, example.frames, { ...settings, melBands: bands }, normalization);
    data.values.push(steps.values);
    data.steps[i] = steps.steps;
    data.labels.push(labels.ok ? labels.labels : new Int32Array(0));
    if (!labels.ok) {
      if (!skipUnknown)
        return {
          ok: false,
          problem: `${example.name}: its transcript has '${labels.missing}', which the model cannot write`,
        };
      unknown.set(labels.missing, (unknown.get(labels.missing) ?? 0) + 1);
      continue;
    }
    if (steps.steps === 0 || steps.steps < ctcFramesNeeded(labels.labels)) skipped.push(example.name);
    else usable.push(i);
  }
  return { ok: true, data, usable, skipped, unknown };
}

/** The warning for recordings too short for their transcripts, naming them. */
export function skippedWarning(skipped: readonly string[]): string {
  return `${skipped.length} recording(s) too short for their transcripts skipped (CTC needs a model step per character, and a blank between doubled ones): ${skippedNames(skipped)}`;
}

function skippedNames(skipped: readonly string[]): string {
  const shown = skipped.slice(0, NAMES_SHOWN).join(', ');
  return skipped.length > NAMES_SHOWN ? `${shown}, …` : shown;
}

/** A seeded split by recording: `round(n × fraction)` recordings (at most n − 1) go to validation. */
export function recordingSplit(
  count: number,
  fraction: number,
  seed: number,
): { train: number[]; validation: number[] } {
  const order = Array.from({ length: count }, (_, i) => i);
  new Random(seed).shuffle(order);
  const held = Math.min(count - 1, Math.round(count * fraction));
  const ascending = (a: number, b: number) => a - b;
  return { train: order.slice(held).sort(ascending), validation: order.slice(0, held).sort(ascending) };
}

/** Mean, 95th percentile and maximum model steps of the usable recordings. */
function stepStatistics(steps: Int32Array, usable: readonly number[]): { mean: number; p95: number; max: number } {
  const sorted = usable.map((i) => steps[i]).sort((a, b) => a - b);
  const n = sorted.length;
  return {
    mean: sorted.reduce((a, b) => a + b, 0) / n,
    p95: sorted[Math.min(n - 1, Math.ceil(0.95 * n) - 1)],
    max: sorted[n - 1],
  };
}
