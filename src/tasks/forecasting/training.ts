/** Training the forecasting task: see TaskTraining. */

import type { TaskTraining } from '../task-training';

export const forecastingTraining: TaskTraining = {};
