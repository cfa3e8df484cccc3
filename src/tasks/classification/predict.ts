/**
 * `classify`: a selection classified, in the inference worker. The answer is sent as a partial before
 * the attribution is computed (on a long text that costs more than the rest); the final answer adds it.
 */

import { UNK_ID } from '../../data/vocabulary';
import { singleStackOf, type Predictor } from '../../inference/predictor';
import type { ClassificationAnswer } from '../../protocol/prediction-results';
import { requestOf, type PredictionContext, type PredictionRequest } from '../task-use';
import { attributeTokens, explainClassification } from './explain';
import type { ClassificationSelection } from './selection';

export async function answerClassification(
  predictor: Predictor,
  prepared: ClassificationSelection,
  request: PredictionRequest,
  context: PredictionContext,
): Promise<ClassificationAnswer> {
  const { text, attribution } = requestOf(request, 'classify');
  const started = performance.now();
  const result = explainClassification(predictor, text, { attribution: 'none' });
  const method = attribution ?? 'integrated-gradients';
  const notices = [...prepared.notices];
  const answer: ClassificationAnswer = {
    kind: 'label',
    label: result.label,
    classId: result.classId,
    probabilities: result.probabilities,
    tokens: result.tokens.map(({ text, token, start, end, id }) => ({ text, token, start, end, known: id !== UNK_ID })),
    attribution: null,
    attributionPending: method !== 'none',
    reading: result.reading,
    notices,
    computeMs: performance.now() - started,
  };
  if (method === 'none') return answer;
  // The answer first (a partial), the attribution after: on a long text it costs more than the rest.
  context.partial(answer);
  context.throwIfCancelled();
  const ids = Int32Array.from(result.tokens, (t) => t.id);
  const attributed = attributeTokens(singleStackOf(predictor), ids, result.classId, method);
  if (method === 'occlusion' && attributed.method !== 'occlusion') {
    notices.push({
      level: 'info',
      message: `occlusion reads the text once per token; for ${ids.length} tokens the attribution is integrated gradients`,
    });
  }
  return {
    ...answer,
    attribution: attributed,
    attributionPending: false,
    notices,
    attributionMs: performance.now() - started - answer.computeMs,
  };
}
