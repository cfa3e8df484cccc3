/** The language-model task, whole. */

import type { TaskDefinition } from '../types';
import { languageModelPresentation } from './presentation';
import { languageModelTraining } from './training';
import { languageModelUse } from './use';

export const languageModelTask: TaskDefinition = {
  ...languageModelPresentation,
  training: languageModelTraining,
  use: languageModelUse,
};
