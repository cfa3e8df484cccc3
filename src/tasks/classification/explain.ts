/**
 * A classification with its reasons: the class probabilities, the probability of every class after each
 * token (how the decision formed as the model read), and a per-token attribution (attribution.ts).
 * One recorded forward pass gives both the answer and the running probabilities — the head applied to
 * the top layer's h at every step is exactly what the model would answer had the text stopped there.
 */

import type { LstmModel } from '../../engine/model';
import {
  gradientTimesInput,
  integratedGradients,
  MAX_OCCLUSION_TOKENS,
  occlusion,
  type AttributionMethod,
} from '../../inference/attribution';
import { classProbabilities, singleStackOf, type Predictor } from '../../inference/predictor';
import { runningOutputs, topHidden } from '../../inference/running-outputs';
import { readText, type TextToken, type UnknownToken } from '../../inference/text-tokens';
import type { ClassProbability } from './classify';
import { classificationPresentation } from './presentation';

export interface ExplainOptions {
  /**
   * Default `integrated-gradients`; `none` skips attribution. Occlusion on more than 256 tokens uses
   * integrated gradients instead (it is quadratic in the length).
   */
  attribution?: AttributionMethod | 'none';
}

export interface ClassificationExplanation {
  label: string;
  classId: number;
  /** Every class, in class-id order. */
  probabilities: ClassProbability[];
  /** The tokens read, with their offsets in the input text. */
  tokens: TextToken[];
  unknown: UnknownToken[];
  /** Per token, towards (+) or away from (−) the predicted class; null when not asked for. */
  attribution: { method: AttributionMethod; scores: number[] } | null;
  /** `reading[t][k]`: probability of class k after reading tokens 0…t. */
  reading: number[][];
}

export function explainClassification(
  predictor: Predictor,
  text: string,
  options: ExplainOptions = {},
): ClassificationExplanation {
  const { encoder } = predictor;
  const model = singleStackOf(predictor);
  if (encoder.task !== classificationPresentation.id)
    throw new Error(`this checkpoint is not a classifier (it is a ${encoder.task} model)`);
  const { tokens, unknown } = readText(text, encoder.vocab!);
  if (tokens.length === 0) throw new Error('there is nothing to classify: the text has no words the model reads');
  const T = tokens.length;
  const O = model.config.outputSize;
  const ids = Int32Array.from(tokens, (t) => t.id);
  const { output, recording } = model.forward({ batchSize: 1, steps: T, tokens: ids }, { record: true });

  const probabilities = classProbabilities(output, O).map((probability, id) => ({
    label: encoder.className(id),
    probability,
  }));
  let classId = 0;
  for (let k = 1; k < probabilities.length; k++)
    if (probabilities[k].probability > probabilities[classId].probability) classId = k;

  const wanted = options.attribution ?? 'integrated-gradients';
  // The recorded pass above is the model's last forward, as gradient × input needs.
  const attribution = wanted === 'none' ? null : attributeTokens(model, ids, classId, wanted, true);

  // Running probabilities: the answer if the text ended at each step.
  const { logits } = runningOutputs(model, { batchSize: 1, steps: T, tokens: ids }, () => topHidden(recording!));
  const reading: number[][] = [];
  for (let t = 0; t < T; t++) reading.push(classProbabilities(logits, O, t * O));
  return { label: probabilities[classId].label, classId, probabilities, tokens, unknown, attribution, reading };
}

/**
 * Per-token attribution towards `classId` (attribution.ts). Occlusion on more than
 * `MAX_OCCLUSION_TOKENS` tokens falls back to integrated gradients. `lastForwardIsThis`: the model's
 * last forward pass read exactly `ids` (saves one pass for plain gradient × input).
 */
export function attributeTokens(
  model: LstmModel,
  ids: Int32Array,
  classId: number,
  method: AttributionMethod,
  lastForwardIsThis = false,
): { method: AttributionMethod; scores: number[] } {
  if (method === 'occlusion' && ids.length <= MAX_OCCLUSION_TOKENS)
    return { method, scores: Array.from(occlusion(model, ids, classId)) };
  if (method === 'gradient') {
    if (!lastForwardIsThis) model.forward({ batchSize: 1, steps: ids.length, tokens: ids });
    return { method, scores: Array.from(gradientTimesInput(model, ids, classId)) };
  }
  return { method: 'integrated-gradients', scores: Array.from(integratedGradients(model, ids, classId)) };
}
