/**
 * A speech-to-text model's output beside the gate maps: at every model step the five most likely
 * symbols (the blank shown as `·`) — the CTC alignment read frame by frame.
 */

import type { StepOutputsOf } from '../../inference/gate-recording';
import { classProbabilities } from '../../inference/predictor';
import type { StepOutputs } from '../../protocol/gate-recording';

/** `logits`: the head at every step, `[T, C]`. */
export const symbolStepOutputs: StepOutputsOf = (predictor, batch, logits): StepOutputs => {
  const symbols = predictor.encoder.dataset.symbols ?? [];
  const C = symbols.length;
  const top: { token: string; probability: number }[][] = [];
  for (let t = 0; t < batch.steps; t++) {
    const p = classProbabilities(logits, C, t * C);
    const ids = p.map((_, id) => id).sort((a, b) => p[b] - p[a] || a - b);
    top.push(ids.slice(0, 5).map((id) => ({ token: symbols[id], probability: p[id] })));
  }
  // No "actual next symbol": a transcript is not aligned to the frames.
  return {
    kind: 'next-token',
    top,
    actual: top.map(() => null),
    actualProbability: top.map(() => null),
  };
};
