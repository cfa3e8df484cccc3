/**
 * What a checkpoint stores of an audio dataset (`dataset.audio`): the feature settings, plus the
 * training set's per-band statistics when the normalisation is `global`. A predictor gets them back with
 * `storedAudioOf(predictor.encoder.dataset)` and hands them to `logMelSpectrogram` and `modelSteps`.
 */

import type { AudioFeatureSettings } from './audio-dataset';
import { checkAudioFeatureSettings } from './feature-settings';
import type { BandNormalization } from './model-input';

export interface StoredAudioFeatures extends AudioFeatureSettings {
  /** `global` normalisation only: per-band mean and std of the training recordings' log-mel frames. */
  globalNormalization?: BandNormalization;
}

/** The settings and the normalisation a stored dataset implies, or a problem in words. */
export function storedAudioOf(dataset: {
  audio?: StoredAudioFeatures;
}):
  | { ok: true; settings: AudioFeatureSettings; normalization: BandNormalization | null }
  | { ok: false; problem: string } {
  const audio = dataset.audio;
  if (!audio || typeof audio !== 'object')
    return { ok: false, problem: 'the dataset description has no audio settings' };
  const { globalNormalization, ...settings } = audio;
  const problem = checkAudioFeatureSettings(settings);
  if (problem) return { ok: false, problem: `dataset.audio: ${problem}` };
  if (settings.normalization === 'global') {
    const stats = globalNormalization;
    const fits =
      stats &&
      Array.isArray(stats.mean) &&
      Array.isArray(stats.std) &&
      stats.mean.length === settings.melBands &&
      stats.std.length === settings.melBands &&
      [...stats.mean, ...stats.std].every((v) => typeof v === 'number' && Number.isFinite(v));
    if (!fits)
      return {
        ok: false,
        problem: `dataset.audio: global normalisation needs ${settings.melBands} finite means and stds`,
      };
    return { ok: true, settings, normalization: { mean: stats.mean, std: stats.std } };
  }
  return { ok: true, settings, normalization: null };
}
