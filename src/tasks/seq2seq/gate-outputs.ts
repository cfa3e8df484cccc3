/**
 * A sequence-to-sequence model's output beside the decoder's gate maps: at every decoder step the five
 * most likely next output tokens (never `<pad>`, `<unk>` or `<sos>`, which decoding never chooses, so the
 * first is the token the greedy decode wrote) and the token chosen there with its probability.
 */

import type { StepOutputsOf } from '../../inference/gate-recording';
import { classProbabilities } from '../../inference/predictor';
import type { StepOutputs } from '../../protocol/gate-recording';
import { pairCodecOf } from '../../inference/pair-codec';

/** `batch`: the decoder's (inputs `<sos> y₁ …`, targets `y₁ … <eos>`); `logits`: the head at every step, `[T, V]`. */
export const decoderStepOutputs: StepOutputsOf = (predictor, batch, logits): StepOutputs => {
  const codec = pairCodecOf(predictor.encoder);
  const vocab = codec.targetVocab;
  const V = vocab.size;
  const T = batch.steps;
  const forbidden = new Set(codec.special.forbidden);
  const chosen = batch.targets;
  const top: { token: string; probability: number }[][] = [];
  const actual: (string | null)[] = [];
  const actualProbability: (number | null)[] = [];
  for (let t = 0; t < T; t++) {
    const p = classProbabilities(logits, V, t * V);
    const ids = p.map((_, id) => id).filter((id) => !forbidden.has(id));
    ids.sort((a, b) => p[b] - p[a] || a - b);
    top.push(ids.slice(0, 5).map((id) => ({ token: vocab.tokenOf(id), probability: p[id] })));
    const next = chosen && t < chosen.length ? chosen[t] : null;
    actual.push(next === null ? null : vocab.tokenOf(next));
    actualProbability.push(next === null ? null : p[next]);
  }
  return { kind: 'next-token', top, actual, actualProbability };
};
