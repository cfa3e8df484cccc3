/**
 * How the classifier turns recordings into steps: the dataset's log-mel settings with two frames
 * stacked per step (20 ms steps: a one-second word is ~50 steps, half the recurrence of single frames
 * at no loss for a whole-recording decision), and the per-band statistics when normalisation is global.
 */

import type { AudioDataset, AudioExample, AudioFeatureSettings } from '../../data/audio/audio-dataset';
import { modelSteps, type BandNormalization } from '../../data/audio/model-input';

/** Frames stacked per model step by this task. */
export const CLASSIFIER_STACK_FRAMES = 2;

export function classifierSettings(dataset: AudioDataset): AudioFeatureSettings {
  return { ...dataset.settings, stackFrames: CLASSIFIER_STACK_FRAMES };
}

/** Each recording's model steps; a recording with no whole step (fewer frames than the stack) has 1 step of zeros. */
export function stepsOf(
  examples: AudioExample[],
  settings: AudioFeatureSettings,
  normalization: BandNormalization | null,
): { values: Float32Array[]; steps: Int32Array } {
  const values: Float32Array[] = [];
  const steps = new Int32Array(examples.length);
  const width = settings.melBands * settings.stackFrames;
  examples.forEach((example, i) => {
    const made = modelSteps(example.features, example.frames, settings, normalization);
    values.push(made.steps > 0 ? made.values : new Float32Array(width));
    steps[i] = Math.max(1, made.steps);
  });
  return { values, steps };
}
