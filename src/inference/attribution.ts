/**
 * Which tokens made a classifier choose a class: a score per token, positive when the token pushed
 * towards the class, negative when it pushed away. The quantity explained is the class's logit `s_c`
 * (for a single-logit binary head, `z` for class 1 and `−z` for class 0): logits do not saturate the
 * way probabilities do, so a confident prediction still gets informative scores.
 *
 * - `integrated-gradients` (the default) — gradient × input averaged along the straight path from an
 *   all-zero embedding to the input (Sundararajan et al. 2017). 16 points, run as one batch: linear in
 *   the length. Sound where plain gradient × input is not: measured on a 3-class model trained so one
 *   token decides the label, plain gradients ranked that token first in 37 of 60 texts, integrated
 *   gradients and occlusion in all 60 (test/unit/inference/attribution.test.ts).
 * - `gradient` — gradient × input on the embeddings (Shrikumar et al. 2016): a_t = Σ_e x_{t,e} ·
 *   ∂s_c/∂x_{t,e}, x_t the embedding row of token t. One backward; fades where gates saturate.
 * - `occlusion` — replace token t by `<unk>` and measure the drop of s_c (Zeiler & Fergus 2014):
 *   a_t = s_c(text) − s_c(text with t occluded). Exact about "what if this word were not there", but
 *   one forward per token, quadratic in the length; batched 64 variants at a time.
 */

import { LstmModel } from '../engine/model';
import { UNK_ID } from '../data/vocabulary';

export type { AttributionMethod } from '../protocol/prediction-inputs';

/** Occlusion reads the text once per token; beyond this many tokens integrated gradients are used. */
export const MAX_OCCLUSION_TOKENS = 256;

/**
 * d s_c / d output for one sequence: one-hot on class c of a softmax head; ±1 on a single-logit head.
 * `outputSize` 1 means a binary sigmoid head whose logit is class 1's log-odds.
 */
export function classLogitGradient(outputSize: number, classId: number): Float32Array {
  const g = new Float32Array(outputSize);
  if (outputSize === 1) g[0] = classId === 1 ? 1 : -1;
  else g[classId] = 1;
  return g;
}

/** The class's logit from one sequence's head output (see `classLogitGradient`). */
export function classLogit(output: ArrayLike<number>, offset: number, outputSize: number, classId: number): number {
  if (outputSize === 1) return classId === 1 ? output[offset] : -output[offset];
  return output[offset + classId];
}

/**
 * Gradient × input for the tokens of the model's last forward pass (a batch of one, `tokens` [T]).
 * Call right after `model.forward({ batchSize: 1, steps: T, tokens })`. Leaves the parameter
 * gradients as it found them.
 */
export function gradientTimesInput(model: LstmModel, tokens: Int32Array, classId: number): Float64Array {
  const embedding = model.embedding;
  if (!embedding) throw new Error('gradient × input on tokens needs a model with an embedding');
  if (model.config.headOn !== 'last') throw new Error('attribution explains a classifier (a head on the last step)');
  const saved = model.parameters().map((p) => p.grad.slice());
  const { dEmbedded } = model.backwardFromOutput(classLogitGradient(model.config.outputSize, classId), true);
  model.parameters().forEach((p, k) => p.grad.set(saved[k]));
  const E = embedding.dim;
  const weight = embedding.weight.value;
  const T = tokens.length;
  const scores = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    // a_t = x_t · ∂s/∂x_t with x_t = weight[token_t] (E) and ∂s/∂x_t = dEmbedded[t] (E)
    const row = tokens[t] * E;
    let sum = 0;
    for (let e = 0; e < E; e++) sum += weight[row + e] * dEmbedded![t * E + e];
    scores[t] = sum;
  }
  return scores;
}

/** Occlusion scores for `tokens` [T] (see the file comment). */
export function occlusion(
  model: LstmModel,
  tokens: Int32Array,
  classId: number,
  replacementId = UNK_ID,
  batchSize = 64,
): Float64Array {
  const O = model.config.outputSize;
  const T = tokens.length;
  const base = classLogit(model.forward({ batchSize: 1, steps: T, tokens }).output, 0, O, classId);
  const scores = new Float64Array(T);
  for (let first = 0; first < T; first += batchSize) {
    const B = Math.min(batchSize, T - first);
    const batch = new Int32Array(B * T);
    for (let b = 0; b < B; b++) {
      batch.set(tokens, b * T);
      batch[b * T + first + b] = replacementId;
    }
    const { output } = model.forward({ batchSize: B, steps: T, tokens: batch });
    for (let b = 0; b < B; b++) scores[first + b] = base - classLogit(output, b * O, O, classId);
  }
  return scores;
}

/**
 * Integrated gradients on the embeddings (Sundararajan et al. 2017): a_t = x_t · mean over α of
 * ∂s/∂x_t at α·x, from the all-zero baseline to the input, `steps` points of the midpoint rule run as
 * one batch. Unlike plain gradient × input it does not fade when the model is sure (a saturated gate has
 * a small gradient at x but not along the whole path), and the scores add up to s(x) − s(0).
 */
export function integratedGradients(model: LstmModel, tokens: Int32Array, classId: number, steps = 16): Float64Array {
  const embedding = model.embedding;
  if (!embedding) throw new Error('integrated gradients on tokens needs a model with an embedding');
  const E = embedding.dim;
  const T = tokens.length;
  const twin = featureTwin(model);
  const weight = embedding.weight.value;
  const features = new Float32Array(steps * T * E);
  for (let b = 0; b < steps; b++) {
    const alpha = (b + 0.5) / steps;
    for (let t = 0; t < T; t++) {
      const src = tokens[t] * E;
      const dst = (b * T + t) * E;
      for (let e = 0; e < E; e++) features[dst + e] = alpha * weight[src + e];
    }
  }
  twin.forward({ batchSize: steps, steps: T, features });
  const O = model.config.outputSize;
  const dOutput = new Float32Array(steps * O);
  const oneHot = classLogitGradient(O, classId);
  for (let b = 0; b < steps; b++) dOutput.set(oneHot, b * O);
  const { dFeatures } = twin.backwardFromOutput(dOutput, true);
  const scores = new Float64Array(T);
  for (let t = 0; t < T; t++) {
    const src = tokens[t] * E;
    let sum = 0;
    for (let b = 0; b < steps; b++)
      for (let e = 0; e < E; e++) sum += weight[src + e] * dFeatures![(b * T + t) * E + e];
    scores[t] = sum / steps;
  }
  return scores;
}

/** The same LSTM and head reading embedded vectors as features (weights copied; no embedding). */
function featureTwin(model: LstmModel): LstmModel {
  const config = model.config;
  const twin = new LstmModel({ ...config, vocabSize: 0, embeddingDim: 0, inputSize: config.embeddingDim }, 0);
  const source = model.parameters().filter((p) => p.name !== 'embedding.weight');
  twin.parameters().forEach((p, k) => p.value.set(source[k].value));
  return twin;
}
