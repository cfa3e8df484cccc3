/** One recording's model steps → its label and every class's probability (the model's mean head). */

import type { Predictor } from '../../inference/predictor';
import { classProbabilities } from '../../inference/predictor';
import type { AudioRecognition, CtcAlignment } from '../../protocol/audio-view';

/** features `[steps, D]`, normalised and stacked as the checkpoint says (src/data/audio/model-input.ts). */
export function recognizeRecording(
  predictor: Predictor,
  features: Float32Array,
  steps: number,
): { recognition: AudioRecognition; alignment: CtcAlignment | null } {
  const { model, encoder } = predictor;
  const D = model.config.inputSize;
  if (features.length !== steps * D) throw new Error(`expected ${steps} × ${D} feature values, got ${features.length}`);
  const output = model.forward({ batchSize: 1, steps, features, lengths: Int32Array.of(steps) }).output; // [1, C]
  const probabilities = classProbabilities(output, model.config.outputSize)
    .map((probability, id) => ({ label: encoder.className(id), probability }))
    .sort((a, b) => b.probability - a.probability);
  return { recognition: { kind: 'audio-label', label: probabilities[0].label, probabilities }, alignment: null };
}
