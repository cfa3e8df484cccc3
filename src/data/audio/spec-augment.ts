/**
 * SpecAugment-style masking (Park et al. 2019, without time warping) of a training batch's features:
 * a few bands and a few stretches of steps of each recording set to 0 — the mean of a normalised band —
 * so the model cannot lean on any one band or moment. Training batches only, drawn from the run's seeded
 * generator (the same seed masks the same way); off by default. It is the training setting
 * `specAugment` (src/protocol/training-settings.ts, `taskSpecific`), read by the audio tasks' batch makers.
 */

import type { Random } from '../../engine/random';

export interface SpecAugmentOptions {
  /** Frequency masks per recording, each of 0 … maxBands consecutive mel bands. */
  frequencyMasks: number;
  maxBands: number;
  /** Time masks per recording, each of 0 … maxSteps consecutive steps, at most `maxFraction` of its steps. */
  timeMasks: number;
  maxSteps: number;
  maxFraction: number;
}

/** Two masks of up to 8 bands and two of up to 10 steps (≤ 20 % of a recording): light, for small data. */
export const DEFAULT_SPEC_AUGMENT: SpecAugmentOptions = {
  frequencyMasks: 2,
  maxBands: 8,
  timeMasks: 2,
  maxSteps: 10,
  maxFraction: 0.2,
};

/**
 * Masks features (B, T, bands · stack) in place: for each row, its masks over steps below `lengths[b]`.
 * A band mask covers that band in every stacked frame of a step.
 */
export function applySpecAugment(
  features: Float32Array,
  lengths: Int32Array,
  steps: number,
  bands: number,
  stack: number,
  random: Random,
  options: SpecAugmentOptions = DEFAULT_SPEC_AUGMENT,
): void {
  const width = bands * stack;
  for (let b = 0; b < lengths.length; b++) {
    const length = lengths[b];
    const row = b * steps * width;
    for (let f = 0; f < options.frequencyMasks; f++) {
      const size = random.int(Math.min(options.maxBands, bands) + 1);
      const first = random.int(bands - size + 1);
      for (let t = 0; t < length; t++)
        for (let j = 0; j < stack; j++) {
          const at = row + t * width + j * bands + first;
          features.fill(0, at, at + size);
        }
    }
    const longest = Math.min(options.maxSteps, Math.floor(options.maxFraction * length));
    for (let m = 0; m < options.timeMasks; m++) {
      const size = random.int(longest + 1);
      const first = random.int(length - size + 1);
      features.fill(0, row + first * width, row + (first + size) * width);
    }
  }
}
