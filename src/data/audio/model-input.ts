/**
 * Log-mel frames → the model's steps: normalise each band, then stack frames (docs/audio.md).
 *
 * - Normalisation: `recording` z-scores each band by the recording's own mean and standard deviation
 *   over its frames; `global` by the training set's per-band statistics, stored in the checkpoint
 *   (`dataset.audio.globalNormalization`). Standard deviations are floored at 1e-5 (a constant band, e.g.
 *   digital silence, stays 0 instead of dividing by zero).
 * - Stacking: with `stackFrames` = k, step s concatenates frames s·k … s·k + k − 1 (frame-major: the
 *   bands of frame s·k first); the frames that do not fill a last step are dropped.
 *
 * At prediction, `settings` and the global statistics come from the checkpoint: `storedAudioOf`
 * (stored-audio.ts).
 */

import type { AudioExample, AudioFeatureSettings } from './audio-dataset';

/** Standard deviations below this are taken as this. */
export const AUDIO_STD_FLOOR = 1e-5;

export interface BandNormalization {
  mean: number[];
  std: number[];
}

/** Per-band mean and standard deviation (population, floored) of `[frames, bands]` values. */
export function bandStatistics(features: Float32Array, frames: number, bands: number): BandNormalization {
  const sum = new Float64Array(bands);
  const squares = new Float64Array(bands);
  for (let t = 0; t < frames; t++)
    for (let m = 0; m < bands; m++) {
      const v = features[t * bands + m];
      sum[m] += v;
      squares[m] += v * v;
    }
  const mean: number[] = [];
  const std: number[] = [];
  for (let m = 0; m < bands; m++) {
    const mu = sum[m] / frames;
    mean.push(mu);
    std.push(Math.max(AUDIO_STD_FLOOR, Math.sqrt(Math.max(0, squares[m] / frames - mu * mu))));
  }
  return { mean, std };
}

/**
 * Global normalisation's statistics: per-band mean and std over every frame of the recordings `indices`
 * (the training part). Every audio task stores them in `dataset.audio.globalNormalization`.
 */
export function trainingBandStatistics(
  examples: readonly AudioExample[],
  indices: ArrayLike<number>,
  bands: number,
): BandNormalization {
  let frames = 0;
  for (let k = 0; k < indices.length; k++) frames += examples[indices[k]].frames;
  const all = new Float32Array(frames * bands);
  let at = 0;
  for (let k = 0; k < indices.length; k++) {
    const features = examples[indices[k]].features;
    all.set(features, at);
    at += features.length;
  }
  return bandStatistics(all, frames, bands);
}

/**
 * features (frames, bands) → values (steps, bands · stackFrames), normalised by `normalization` when
 * given (global statistics), else by the recording's own (`recording`).
 */
export function modelSteps(
  features: Float32Array,
  frames: number,
  settings: AudioFeatureSettings,
  normalization: BandNormalization | null,
): { steps: number; values: Float32Array } {
  const bands = settings.melBands;
  if (features.length !== frames * bands)
    throw new RangeError(`expected ${frames} × ${bands} features, got ${features.length} values`);
  if (settings.normalization === 'global' && !normalization)
    throw new Error('global normalisation needs the training set statistics (dataset.audio.normalization)');
  const stats = normalization ?? bandStatistics(features, frames, bands);
  if (stats.mean.length !== bands || stats.std.length !== bands)
    throw new RangeError(`the normalisation has ${stats.mean.length} bands, the features ${bands}`);
  const k = settings.stackFrames;
  const steps = Math.floor(frames / k);
  const values = new Float32Array(steps * bands * k);
  const mean = Float64Array.from(stats.mean);
  const scale = Float64Array.from(stats.std, (s) => 1 / Math.max(AUDIO_STD_FLOOR, s));
  // values[s, j·bands + m] ← (features[s·k + j, m] − mean[m]) / std[m]: the frames of a step are
  // contiguous in both arrays, so this is one pass over the kept frames.
  const kept = steps * k;
  for (let t = 0; t < kept; t++)
    for (let m = 0; m < bands; m++) values[t * bands + m] = (features[t * bands + m] - mean[m]) * scale[m];
  return { steps, values };
}
