/**
 * A recording's log-mel frames → the model's steps: normalised (per recording, or by the training set's
 * stored mean and std per band) and stacked `k` frames per step with stride `k` (the tail that does not
 * fill a step is dropped).
 */

import type { AudioExample, AudioFeatureSettings } from '../../data/audio/audio-dataset';
import { DEFAULT_AUDIO_FEATURES } from '../../data/audio/feature-settings';
import { AUDIO_STD_FLOOR, modelSteps } from '../../data/audio/model-input';
import type { NormalizationJSON } from '../../data/normalize';

/** steps (steps, k·bands) ← frames (frames, bands): `modelSteps` (src/data/audio/model-input.ts), the bands read from the shape. */
export function speechModelSteps(
  features: Float32Array,
  frames: number,
  settings: Pick<AudioFeatureSettings, 'normalization' | 'stackFrames'>,
  normalization: Pick<NormalizationJSON, 'mean' | 'std'> | null,
): { steps: number; values: Float32Array } {
  const melBands = frames > 0 ? features.length / frames : DEFAULT_AUDIO_FEATURES.melBands;
  return modelSteps(features, frames, { ...DEFAULT_AUDIO_FEATURES, ...settings, melBands }, normalization);
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
    std[d] = Math.max(Math.sqrt(Math.max(squares[d] / Math.max(frames, 1) - mean[d] * mean[d], 0)), AUDIO_STD_FLOOR);
  }
  return {
    format: 'lstm-studio-normalization/1',
    method: 'z-score',
    columns: Array.from({ length: bands }, (_, d) => `mel${d}`),
    mean: Array.from(mean),
    std,
  };
}
