/** Using a trained sequence-to-sequence model: see TaskUse. */

import type { TaskUse } from '../task-use';
import { decoderStepOutputs } from './gate-outputs';
import { answerTransform, prepareTransformSelection } from './predict';
import { seq2seqPresentation } from './presentation';
import { transformText } from './transform';

export const seq2seqUse: TaskUse = {
  prediction: {
    prepare: prepareTransformSelection,
    // A source is read whole, from its start (a selection longer than this is no sentence to transform).
    limit: () => ({ characters: 100_000, keep: 'start' }),
    answer: answerTransform,
  },
  // The decoder's steps: the Gates panel records an encoder–decoder with src/inference/pair-gate-recording.ts.
  gateOutputs: decoderStepOutputs,
  cliPredict(predictor, input, { beam, maxLength }) {
    const result = transformText(predictor, input, { beam: beam ?? 1, maxLength });
    return {
      json: { task: seq2seqPresentation.id, input, ...result },
      text: result.output,
    };
  },
};
