/** Using a trained language-model model: see TaskUse. */

import type { TaskUse } from '../task-use';

export const languageModelUse: TaskUse = {};
