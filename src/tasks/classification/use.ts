/** Using a trained classification model: see TaskUse. */

import type { TaskUse } from '../task-use';

export const classificationUse: TaskUse = {};
