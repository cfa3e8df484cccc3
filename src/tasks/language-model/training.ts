/** Training the language-model task: see TaskTraining. */

import type { TaskTraining } from '../task-training';

export const languageModelTraining: TaskTraining = {};
