/**
 * `continue`: a prompt continued, in the inference worker. The characters stream as `ContinuationChunk`
 * partials: the first one at once, then at most one chunk every 30 ms, so the host and the panel are
 * not flooded. A continuation stopped (or superseded) ends between two characters.
 */

import type { Predictor } from '../../inference/predictor';
import type { ContinuationAnswer, ContinuationChunk, ContinuationStep } from '../../protocol/prediction-results';
import { requestOf, type PredictionContext, type PredictionRequest } from '../task-use';
import { continueText } from './continue-text';
import type { PromptSelection } from './selection';

const CHUNK_INTERVAL_MS = 30;

export function answerContinuation(
  predictor: Predictor,
  prepared: PromptSelection,
  request: PredictionRequest,
  context: PredictionContext,
): ContinuationAnswer {
  const { length, temperature, topK, seed } = requestOf(request, 'continue');
  const started = context.startedAt;
  let pending: ContinuationStep[] = [];
  let lastFlush = 0;
  let firstCharMs = -1;
  const flush = (chunk: ContinuationChunk) => {
    context.partial(chunk);
    pending = [];
    lastFlush = performance.now();
  };
  const result = continueText(predictor, prepared.prompt, {
    length: Math.max(0, Math.min(length, 100_000)),
    temperature,
    topK,
    seed,
    onChar: (char, top) => {
      // A continuation stopped (or superseded by another prediction) ends here, between two characters.
      context.throwIfCancelled();
      pending.push({ char, top });
      const now = performance.now();
      if (firstCharMs < 0) {
        firstCharMs = now - started;
        flush({ steps: pending, firstCharMs });
      } else if (now - lastFlush >= CHUNK_INTERVAL_MS) flush({ steps: pending });
    },
  });
  if (pending.length > 0) flush({ steps: pending });
  return {
    kind: 'continuation',
    promptRead: prepared.prompt,
    text: result.text,
    steps: result.steps,
    notices: prepared.notices,
    firstCharMs: Math.max(0, firstCharMs),
    computeMs: performance.now() - started,
  };
}
