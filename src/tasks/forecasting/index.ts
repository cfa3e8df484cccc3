/** The forecasting task, whole. */

import type { TaskDefinition } from '../types';
import { forecastingPresentation } from './presentation';
import { forecastingTraining } from './training';
import { forecastingUse } from './use';

export const forecastingTask: TaskDefinition = {
  ...forecastingPresentation,
  training: forecastingTraining,
  use: forecastingUse,
};
