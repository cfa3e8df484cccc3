/**
 * A recording's log-mel frames → the model's steps: normalised (per recording, or by the training set's
 * stored mean and std per band) and stacked `k` frames per step with stride `k` (the tail that does not
 * fill a step is dropped).
 */

import type { AudioFeatureSettings } from '../../data/audio/audio-dataset';
import { DEFAULT_AUDIO_FEATURES } from '../../data/audio/feature-settings';
import { modelSteps, type BandNormalization } from '../../data/audio/model-input';

/** steps (steps, k·bands) ← frames (frames, bands): `modelSteps` (src/data/audio/model-input.ts), the bands read from the shape. */
export function speechModelSteps(
  features: Float32Array,
  frames: number,
  settings: Pick<AudioFeatureSettings, 'normalization' | 'stackFrames'>,
  normalization: BandNormalization | null,
): { steps: number; values: Float32Array } {
  const melBands = frames > 0 ? features.length / frames : DEFAULT_AUDIO_FEATURES.melBands;
  return modelSteps(features, frames, { ...DEFAULT_AUDIO_FEATURES, ...settings, melBands }, normalization);
}
