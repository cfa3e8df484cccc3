/** The speech-to-text task, whole. */

import type { TaskDefinition } from '../types';
import { speechToTextPresentation } from './presentation';
import { speechToTextTraining } from './training';
import { speechToTextUse } from './use';

export const speechToTextTask: TaskDefinition = {
  ...speechToTextPresentation,
  training: speechToTextTraining,
  use: speechToTextUse,
};
