/**
 * The tasks as the contracts name them. Below every folder so that the types shared across folders
 * (dataset summaries, training configs, answers) import nothing back; `TaskId` (task-presentation.ts)
 * and the registry in `src/tasks/` are where new tasks are added.
 */

export type Task = 'language-model' | 'classification' | 'forecasting';
