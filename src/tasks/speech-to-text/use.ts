/** Using a trained speech-to-text model: see TaskUse. */

import type { TaskUse } from '../task-use';
import { symbolStepOutputs } from './gate-outputs';
import { recognizeSpeech } from './recognize';

export const speechToTextUse: TaskUse = {
  prediction: null,
  gateOutputs: symbolStepOutputs,
  cliPredict() {
    throw new Error('a speech-to-text model transcribes a recording: give it with --audio file.wav');
  },
  audio: { recognize: recognizeSpeech },
};
