/**
 * The task registry: one definition per task (src/tasks/<task>/), asked by everything outside this
 * folder instead of comparing task names. A new task plugs in by `registerTask` (the built-in ones are
 * registered on load); detection scores every registered task.
 */

import { audioClassificationTask } from './audio-classification';
import { classificationTask } from './classification';
import { forecastingTask } from './forecasting';
import { languageModelTask } from './language-model';
import { seq2seqTask } from './seq2seq';
import { speechToTextTask } from './speech-to-text';
import { registerPresentation } from './presentations';
import type { TaskDefinition, TaskId } from './types';

export { allTaskPresentations, headlineMetricOf, isTaskId, taskByName, taskPresentation } from './presentations';
export type { MetricDescriptor, TaskDefinition, TaskId, TaskPresentation } from './types';

const tasks = new Map<TaskId, TaskDefinition>([
  [languageModelTask.id, languageModelTask],
  [classificationTask.id, classificationTask],
  [forecastingTask.id, forecastingTask],
  [seq2seqTask.id, seq2seqTask],
  [audioClassificationTask.id, audioClassificationTask],
  [speechToTextTask.id, speechToTextTask],
]);

/** Registers a new task (its presentation too). Throws if the id is taken. */
export function registerTask(task: TaskDefinition): void {
  if (tasks.has(task.id)) throw new Error(`task '${task.id}' is registered twice`);
  registerPresentation(task);
  tasks.set(task.id, task);
}

/** Every registered task, in registration order. */
export function allTasks(): TaskDefinition[] {
  return [...tasks.values()];
}

/** A registered task; throws naming the known tasks otherwise. */
export function getTask(id: TaskId): TaskDefinition {
  const task = tasks.get(id);
  if (!task) throw new Error(`unknown task '${id}' (known: ${[...tasks.keys()].join(', ')})`);
  return task;
}
