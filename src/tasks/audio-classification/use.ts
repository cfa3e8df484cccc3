/** Using a trained audio classifier: see TaskUse (recordings go through `audio.recognize`). */

import type { TaskUse } from '../task-use';
import { audioClassOutputs } from './gate-outputs';
import { recognizeRecording } from './recognize';

export const audioClassificationUse: TaskUse = {
  prediction: null,
  gateOutputs: audioClassOutputs,
  cliPredict() {
    throw new Error('an audio classifier classifies recordings: give one with --audio file.wav');
  },
  audio: { recognize: (predictor, features, steps) => recognizeRecording(predictor, features, steps) },
};
