/** Using a trained classifier: see TaskUse. */

import type { TaskUse } from '../task-use';
import { classify } from './classify';
import { classProbabilityOutputs } from './gate-outputs';
import { answerClassification } from './predict';
import { classificationPresentation } from './presentation';
import { classificationSelectionLimit, prepareClassificationSelection } from './selection';

export const classificationUse: TaskUse = {
  prediction: {
    prepare: prepareClassificationSelection,
    limit: classificationSelectionLimit,
    answer: answerClassification,
  },
  gateOutputs: classProbabilityOutputs,
  cliPredict(predictor, input) {
    const result = classify(predictor, input);
    const text = [
      `${result.label}`,
      ...result.probabilities.map((p) => `  ${p.label}: ${(p.probability * 100).toFixed(1)} %`),
    ].join('\n');
    return { json: { task: classificationPresentation.id, ...result }, text };
  },
};
