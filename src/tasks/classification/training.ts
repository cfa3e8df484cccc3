/** Training the classification task: see TaskTraining. */

import type { TaskTraining } from '../task-training';

export const classificationTraining: TaskTraining = {};
