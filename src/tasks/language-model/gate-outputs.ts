/**
 * A language model's output beside the gate maps: at every step the five most likely next tokens, and
 * the token that actually came next with the probability the model gave it.
 */

import type { StepOutputsOf } from '../../inference/gate-recording';
import { classProbabilities } from '../../inference/predictor';
import type { StepOutputs } from '../../protocol/gate-recording';

/** `logits`: the head at every step, `[T, V]`. */
export const nextTokenOutputs: StepOutputsOf = (predictor, batch, logits): StepOutputs => {
  const vocab = predictor.encoder.vocab!;
  const V = predictor.model.config.outputSize;
  const T = batch.steps;
  const tokens = batch.tokens!;
  const top: { token: string; probability: number }[][] = [];
  const actual: (string | null)[] = [];
  const actualProbability: (number | null)[] = [];
  for (let t = 0; t < T; t++) {
    const p = classProbabilities(logits, V, t * V);
    const ids = p.map((_, id) => id).filter((id) => id !== vocab.padId);
    ids.sort((a, b) => p[b] - p[a] || a - b);
    top.push(ids.slice(0, 5).map((id) => ({ token: vocab.tokenOf(id), probability: p[id] })));
    // What came next: the following input token, or after the last step the sample's target.
    const next = t + 1 < T ? tokens[t + 1] : batch.targets && batch.targets.length === T ? batch.targets[t] : null;
    actual.push(next === null ? null : vocab.tokenOf(next));
    actualProbability.push(next === null ? null : p[next]);
  }
  return { kind: 'next-token', top, actual, actualProbability };
};
