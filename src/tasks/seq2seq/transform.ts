/** A text through a sequence-to-sequence model outside the editor (`lstm-studio predict`): output, n-best, attention. */

import type { Predictor } from '../../inference/predictor';
import { answerTransform, prepareTransformSelection } from './predict';

export interface TransformResult {
  output: string;
  nbest: { output: string; score: number }[];
  /** `[output token (then <eos>)][source token]`, or null without attention. */
  attention: number[][] | null;
  sourceTokens: string[];
  outputTokens: string[];
  notices: string[];
  /** Milliseconds from reading the text to the answer (the model already loaded). */
  computeMs: number;
}

export function transformText(
  predictor: Predictor,
  text: string,
  options: { beam: number; maxLength?: number },
): TransformResult {
  const prepared = prepareTransformSelection(predictor, text);
  if (!prepared.ok) throw new Error(prepared.problem);
  const request = { kind: 'transform' as const, checkpointPath: '', text, ...options };
  const context = { startedAt: performance.now(), partial: () => undefined, throwIfCancelled: () => undefined };
  const answer = answerTransform(predictor, prepared.value, request, context);
  return {
    output: answer.output,
    nbest: answer.nbest.map(({ output, score }) => ({ output, score })),
    attention: answer.attention,
    sourceTokens: answer.sourceTokens.map((t) => t.token),
    outputTokens: answer.outputTokens,
    notices: answer.notices.map((n) => n.message),
    computeMs: answer.computeMs,
  };
}
