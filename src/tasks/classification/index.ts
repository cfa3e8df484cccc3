/** The classification task, whole. */

import type { TaskDefinition } from '../types';
import { classificationPresentation } from './presentation';
import { classificationTraining } from './training';
import { classificationUse } from './use';

export const classificationTask: TaskDefinition = {
  ...classificationPresentation,
  training: classificationTraining,
  use: classificationUse,
};
