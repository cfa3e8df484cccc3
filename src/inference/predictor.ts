/**
 * A trained model ready to use: the model, its metadata and the encoder of user input built from them,
 * plus the small pieces every task's use shares (probabilities from logits, unwrapping an encoding).
 * What each task does with it (classify, continue a text, forecast) is in src/tasks/<task>/. Pure: building
 * one is `createPredictor` (src/tasks/create-predictor.ts: the encoder is the task's), loading the file
 * is in src/worker/inference/load-predictor.ts.
 */

import { LstmModel } from '../engine/model';
import type { TrainableModel } from '../engine/trainable-model';
import type { InputEncoder } from '../data/encode-input';
import type { StudioMetadata } from '../checkpoint/metadata';

export interface Predictor {
  model: TrainableModel;
  metadata: StudioMetadata;
  encoder: InputEncoder;
}

/**
 * The predictor's model as one recurrent stack with a head — what stepping, gate recording and
 * attribution read; an encoder–decoder is refused in words.
 */
export function singleStackOf(predictor: Predictor): LstmModel {
  if (predictor.model instanceof LstmModel) return predictor.model;
  throw new Error('this needs a model of one recurrent stack, and this checkpoint is an encoder–decoder');
}

/** Sigmoid of a single logit (binary: [1 − p, p]) or softmax over several. */
export function classProbabilities(logits: ArrayLike<number>, outputSize: number, offset = 0): number[] {
  if (outputSize === 1) {
    const p = 1 / (1 + Math.exp(-logits[offset]));
    return [1 - p, p];
  }
  return softmax(logits, offset, outputSize, 1);
}

/** Softmax of `count` logits from `offset`, each divided by `temperature` first. */
export function softmax(logits: ArrayLike<number>, offset: number, count: number, temperature: number): number[] {
  let max = -Infinity;
  for (let k = 0; k < count; k++) max = Math.max(max, logits[offset + k] / temperature);
  const exps = new Array<number>(count);
  let total = 0;
  for (let k = 0; k < count; k++) {
    exps[k] = Math.exp(logits[offset + k] / temperature - max);
    total += exps[k];
  }
  return exps.map((e) => e / total);
}

/** An encoding's value, or its error thrown. */
export function unwrap<T>(result: { ok: true; value: T } | { ok: false; error: { message: string } }): T {
  if (!result.ok) throw new Error(result.error.message);
  return result.value;
}
