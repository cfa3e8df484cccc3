/** Using a trained language model: see TaskUse. */

import type { TaskUse } from '../task-use';
import { continueText } from './continue-text';
import { nextTokenOutputs } from './gate-outputs';
import { answerContinuation } from './predict';
import { languageModelPresentation } from './presentation';
import { preparePromptSelection } from './selection';

export const languageModelUse: TaskUse = {
  prediction: {
    prepare: preparePromptSelection,
    answer: answerContinuation,
  },
  gateOutputs: nextTokenOutputs,
  cliPredict(predictor, input, { length, temperature, topK, seed }) {
    // One reading of the prompt gives both the next character's distribution and the continuation.
    const result = continueText(predictor, input, { length, temperature, topK, seed });
    return {
      json: { task: languageModelPresentation.id, prompt: input, continuation: result.text, next: result.next },
      text: input + result.text,
    };
  },
};
