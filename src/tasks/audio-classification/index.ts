/** The audio classification task, whole. */

import type { TaskDefinition } from '../types';
import { audioClassificationPresentation } from './presentation';
import { audioClassificationTraining } from './training';
import { audioClassificationUse } from './use';

export const audioClassificationTask: TaskDefinition = {
  ...audioClassificationPresentation,
  training: audioClassificationTraining,
  use: audioClassificationUse,
};
