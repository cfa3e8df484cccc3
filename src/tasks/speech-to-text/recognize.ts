/**
 * Transcribing one recording with a speech-to-text model: the per-step symbol distributions (the CTC
 * alignment the Audio view draws under the spectrogram), decoded greedily (beam ≤ 1) or by prefix beam
 * search (the n-best, each with its log-probability).
 */

import { greedyCtcDecode, logSoftmaxFrames, prefixBeamSearch, bestPathOf } from '../../inference/ctc-decoding';
import { singleStackOf, type Predictor } from '../../inference/predictor';
import type { AudioRecognition, CtcAlignment } from '../../protocol/audio-view';
import { decodeLabels } from './transcript-symbols';

/** features (steps, D): normalised and stacked model steps (src/data/audio/model-input.ts's `modelSteps`). */
export function recognizeSpeech(
  predictor: Predictor,
  features: Float32Array,
  steps: number,
  options: { beam: number },
): { recognition: AudioRecognition; alignment: CtcAlignment | null } {
  const symbols = predictor.encoder.dataset.symbols;
  if (!symbols) throw new Error('this checkpoint stores no output symbols: it is not a speech-to-text model');
  const model = singleStackOf(predictor);
  const C = model.config.outputSize;
  const D = model.config.inputSize;
  if (features.length !== steps * D)
    throw new Error(
      `the recording gives ${features.length / Math.max(steps, 1)} features per step, the model reads ${D}`,
    );
  const beam = Math.max(1, Math.floor(options.beam));
  if (steps === 0) {
    const empty = { symbols, frames: 0, probabilities: new Float32Array(0), bestPath: new Int32Array(0) };
    return { recognition: { kind: 'transcript', text: '', nbest: [{ text: '', score: 0 }], beam }, alignment: empty };
  }
  const { output } = model.forward({ batchSize: 1, steps, features, lengths: Int32Array.of(steps) });
  const logProbs = logSoftmaxFrames(output, steps, C);
  const hypotheses = beam <= 1 ? [greedyCtcDecode(logProbs, steps, C)] : prefixBeamSearch(logProbs, steps, C, beam);
  const nbest = hypotheses.map((h) => ({ text: decodeLabels(h.labels, symbols), score: h.logProbability }));
  const probabilities = new Float32Array(steps * C);
  for (let k = 0; k < probabilities.length; k++) probabilities[k] = Math.exp(logProbs[k]);
  return {
    recognition: { kind: 'transcript', text: nbest[0]?.text ?? '', nbest, beam },
    alignment: { symbols, frames: steps, probabilities, bestPath: bestPathOf(logProbs, steps, C) },
  };
}
