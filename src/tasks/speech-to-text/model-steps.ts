/**
 * A recording's log-mel frames → the model's steps: normalised (per recording, or by the training set's
 * stored mean and std per band) and stacked `k` frames per step with stride `k` (the tail that does not
 * fill a step is dropped).
 *
 * Merge note: src/data/audio/model-input.ts (`modelSteps`) is the shared definition of this; this file is
 * the task's one call into it, so the lead replaces `speechModelSteps`' body by that call at the merge.
 */

import type { AudioExample, AudioFeatureSettings } from '../../data/audio/audio-dataset';
import type { NormalizationJSON } from '../../data/normalize';

/** The smallest standard deviation a band is divided by (a silent band would divide by 0). */
export const STD_FLOOR = 1e-5;

/** steps (steps, k·bands) ← frames (frames, bands): normalised, then `stackFrames` frames per step. */
export function speechModelSteps(
  features: Float32Array,
  frames: number,
  settings: Pick<AudioFeatureSettings, 'normalization' | 'stackFrames'>,
  normalization: Pick<NormalizationJSON, 'mean' | 'std'> | null,
): { steps: number; values: Float32Array } {
  const bands = frames > 0 ? features.length / frames : 0;
  const k = settings.stackFrames;
  const steps = Math.floor(frames / k);
  const mean = new Float64Array(bands);
  const std = new Float64Array(bands);
  if (settings.normalization === 'global') {
    if (!normalization) throw new Error('global audio normalisation needs the stored mean and std per band');
    for (let d = 0; d < bands; d++) {
      mean[d] = normalization.mean[d];
      std[d] = Math.max(normalization.std[d], STD_FLOOR);
    }
  } else {
    bandStatistics(features, frames, bands, mean, std);
  }
  const values = new Float32Array(steps * k * bands);
  for (let f = 0; f < steps * k; f++)
    for (let d = 0; d < bands; d++) values[f * bands + d] = (features[f * bands + d] - mean[d]) / std[d];
  return { steps, values };
}

/** mean, std (bands) ← features (frames, bands): per band over the frames, std floored at STD_FLOOR. */
export function bandStatistics(
  features: Float32Array,
  frames: number,
  bands: number,
  mean: Float64Array,
  std: Float64Array,
): void {
  mean.fill(0);
  std.fill(0);
  for (let f = 0; f < frames; f++) for (let d = 0; d < bands; d++) mean[d] += features[f * bands + d];
  for (let d = 0; d < bands; d++) mean[d] /= Math.max(frames, 1);
  for (let f = 0; f < frames; f++)
    for (let d = 0; d < bands; d++) {
      const deviation = features[f * bands + d] - mean[d];
      std[d] += deviation * deviation;
    }
  for (let d = 0; d < bands; d++) std[d] = Math.max(Math.sqrt(std[d] / Math.max(frames, 1)), STD_FLOOR);
}

/** The training recordings' mean and std per band (global normalisation), stored in the checkpoint. */
export function fitBandNormalization(examples: readonly AudioExample[], bands: number): NormalizationJSON {
  const mean = new Float64Array(bands);
  const squares = new Float64Array(bands);
  let frames = 0;
  for (const example of examples) {
    for (let f = 0; f < example.frames; f++)
      for (let d = 0; d < bands; d++) {
        const v = example.features[f * bands + d];
        mean[d] += v;
        squares[d] += v * v;
      }
    frames += example.frames;
  }
  const std = new Array<number>(bands);
  for (let d = 0; d < bands; d++) {
    mean[d] /= Math.max(frames, 1);
    std[d] = Math.max(Math.sqrt(Math.max(squares[d] / Math.max(frames, 1) - mean[d] * mean[d], 0)), STD_FLOOR);
  }
  return {
    format: 'lstm-studio-normalization/1',
    method: 'z-score',
    columns: Array.from({ length: bands }, (_, d) => `mel${d}`),
    mean: Array.from(mean),
    std,
  };
}
