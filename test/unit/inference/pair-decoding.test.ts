/**
 * Decoding a sequence-to-sequence model step by step agrees with its teacher-forced forward: the
 * stepper's log-probabilities equal the forward's log-softmax when both read the same tokens; beam 1 is
 * greedy; and a beam wide enough to keep every path finds the output an exhaustive search finds.
 */

import { describe, expect, it } from 'vitest';
import { Random } from '../../../src/engine';
import { EncoderDecoderModel, type EncoderDecoderAttention } from '../../../src/engine/encoder-decoder';
import { beamSearch, greedyDecode, PairStepper, type SpecialTokens } from '../../../src/inference/pair-decoding';

const SPECIAL: SpecialTokens = { sos: 1, eos: 2, forbidden: [0, 1] };

function randomModel(attention: EncoderDecoderAttention, cell: 'lstm' | 'gru' = 'lstm', targetVocabSize = 7) {
  const model = new EncoderDecoderModel({
    sourceVocabSize: 9,
    targetVocabSize,
    embeddingDim: 5,
    hiddenSize: 6,
    numLayers: 2,
    cell,
    attention,
    attentionSize: 4,
    dropout: 0,
    paddingIdx: 0,
    dtype: 'float64',
  });
  const random = new Random(7);
  for (const p of model.parameters()) for (let i = 0; i < p.value.length; i++) p.value[i] = random.uniformIn(-1, 1);
  return model;
}

/** Σ log p(target_t) of each row under the teacher-forced forward, from its logits `[Td, B, V]`. */
function teacherForcedLogProbabilities(model: EncoderDecoderModel, source: Int32Array, outputs: number[][]) {
  const B = outputs.length;
  const Td = Math.max(...outputs.map((o) => o.length + 1));
  const targetInput = new Int32Array(B * Td);
  const targets = new Int32Array(B * Td);
  const targetLengths = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    const seq = [...outputs[b], SPECIAL.eos];
    targetLengths[b] = seq.length;
    for (let t = 0; t < seq.length; t++) {
      targetInput[b * Td + t] = t === 0 ? SPECIAL.sos : seq[t - 1];
      targets[b * Td + t] = seq[t];
    }
  }
  const Ts = source.length;
  const sources = new Int32Array(B * Ts);
  for (let b = 0; b < B; b++) sources.set(source, b * Ts);
  model.forward({
    batchSize: B,
    sourceSteps: Ts,
    source: sources,
    sourceLengths: new Int32Array(B).fill(Ts),
    targetSteps: Td,
    targetInput,
    targetLengths,
    targets,
  });
  const logits = model.logitsView();
  const V = model.config.targetVocabSize;
  return outputs.map((_, b) => {
    let sum = 0;
    for (let t = 0; t < targetLengths[b]; t++) {
      const row = (t * B + b) * V;
      let max = -Infinity;
      for (let v = 0; v < V; v++) max = Math.max(max, logits[row + v]);
      let z = 0;
      for (let v = 0; v < V; v++) z += Math.exp(logits[row + v] - max);
      sum += logits[row + targets[b * Td + t]] - max - Math.log(z);
    }
    return sum;
  });
}

describe.each(['none', 'dot', 'general', 'additive'] as const)('%s attention', (attention) => {
  it('stepping gives the teacher-forced forward’s log-probabilities', () => {
    const model = randomModel(attention);
    const source = Int32Array.of(3, 5, 8, 4);
    const stepper = new PairStepper(model);
    stepper.encode(source, Int32Array.of(4), 4);
    const chosen = [3, 6, 4, 5];
    let sum = 0;
    let input = SPECIAL.sos;
    for (const token of [...chosen, SPECIAL.eos]) {
      const logp = stepper.step(Int32Array.of(input));
      sum += logp[token];
      input = token;
    }
    const [expected] = teacherForcedLogProbabilities(model, source, [chosen]);
    expect(Math.abs(sum - expected)).toBeLessThan(1e-12);
  });

  it('greedy decodes a batch of sources as each alone, and beam 1 is greedy', () => {
    const model = randomModel(attention);
    const a = Int32Array.of(3, 5, 8, 4);
    const b = Int32Array.of(6, 2, 0, 0); // length 2, padded
    const batch = greedyDecode(model, Int32Array.of(...a, ...b), Int32Array.of(4, 2), 4, SPECIAL, 12);
    const alone = greedyDecode(model, Int32Array.of(6, 2), Int32Array.of(2), 2, SPECIAL, 12);
    expect(Array.from(batch.outputs[1])).toEqual(Array.from(alone.outputs[0]));
    const [best] = beamSearch(model, a, SPECIAL, { beam: 1, maxLength: 12 });
    const first = greedyDecode(model, a, Int32Array.of(4), 4, SPECIAL, 12);
    expect(Array.from(best.tokens)).toEqual(Array.from(first.outputs[0]));
    expect(best.finished).toBe(first.finished[0]);
  });
});

it('a beam that keeps every path finds the exhaustive search’s best output, with its log-probability', () => {
  const model = randomModel('general', 'gru', 5); // tokens 3 and 4 besides <pad>, <sos>, <eos>
  const source = Int32Array.of(3, 7, 5);
  const all: number[][] = [[]];
  for (let length = 1; length <= 3; length++) {
    const previous = all.filter((o) => o.length === length - 1);
    for (const o of previous) all.push([...o, 3], [...o, 4]);
  }
  const exact = teacherForcedLogProbabilities(model, source, all);
  let bestIndex = 0;
  for (let i = 1; i < all.length; i++) if (exact[i] > exact[bestIndex]) bestIndex = i;
  const nbest = beamSearch(model, source, SPECIAL, { beam: 64, maxLength: 4, lengthPenalty: 0, nBest: 3 });
  expect(Array.from(nbest[0].tokens)).toEqual(all[bestIndex]);
  expect(Math.abs(nbest[0].logProbability - exact[bestIndex])).toBeLessThan(1e-12);
  expect(nbest[0].score).toBeGreaterThanOrEqual(nbest[1].score);
  expect(nbest[1].score).toBeGreaterThanOrEqual(nbest[2].score);
  expect(nbest[0].attention!.length).toBe(nbest[0].tokens.length + 1);
  for (const row of nbest[0].attention!) expect(row.reduce((s, x) => s + x, 0)).toBeCloseTo(1, 12);
});
