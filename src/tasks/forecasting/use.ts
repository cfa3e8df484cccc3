/** Using a trained forecasting model: see TaskUse. */

import type { TaskUse } from '../task-use';

export const forecastingUse: TaskUse = {};
