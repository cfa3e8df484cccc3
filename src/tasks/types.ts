/**
 * A task, whole: its presentation (names, metrics) plus the code that trains it (`training`: detection
 * score, preparation, model, loss, metrics, CLI flags) and the code that uses a trained model (`use`:
 * prediction on a selection, gate outputs, what the panels show). One object per task, in
 * `src/tasks/<task>/index.ts`; everything outside `src/tasks/` asks the registry (`src/tasks/index.ts`).
 */

import type { TaskPresentation } from '../protocol/task-presentation';
import type { TaskTraining } from './task-training';
import type { TaskUse } from './task-use';

export type { MetricDescriptor, TaskId, TaskPresentation } from '../protocol/task-presentation';

export interface TaskDefinition extends TaskPresentation {
  training: TaskTraining;
  use: TaskUse;
}
