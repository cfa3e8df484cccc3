/**
 * The light registry: every task's presentation (names, metrics, views), without the code that reads
 * data or runs a model — what the extension host and the panels need. `src/tasks/index.ts` registers
 * full definitions and adds their presentations here.
 */

import type { MetricDescriptor, TaskId, TaskPresentation } from '../protocol/task-presentation';
import { audioClassificationPresentation } from './audio-classification/presentation';
import { classificationPresentation } from './classification/presentation';
import { forecastingPresentation } from './forecasting/presentation';
import { languageModelPresentation } from './language-model/presentation';
import { seq2seqPresentation } from './seq2seq/presentation';
import { speechToTextPresentation } from './speech-to-text/presentation';

const presentations = new Map<TaskId, TaskPresentation>();

/** Adds a task's presentation (built-in ones are added on load; `registerTask` adds a new task's). */
export function registerPresentation(presentation: TaskPresentation): void {
  if (presentations.has(presentation.id)) throw new Error(`task '${presentation.id}' is registered twice`);
  presentations.set(presentation.id, presentation);
}

for (const p of [
  languageModelPresentation,
  classificationPresentation,
  forecastingPresentation,
  seq2seqPresentation,
  audioClassificationPresentation,
  speechToTextPresentation,
])
  registerPresentation(p);

/** Every registered task, in registration order. */
export function allTaskPresentations(): TaskPresentation[] {
  return [...presentations.values()];
}

export function isTaskId(id: unknown): id is TaskId {
  return typeof id === 'string' && presentations.has(id);
}

/** The presentation of a registered task; throws naming the known tasks otherwise. */
export function taskPresentation(id: TaskId): TaskPresentation {
  const found = presentations.get(id);
  if (!found) throw new Error(`unknown task '${id}' (known: ${[...presentations.keys()].join(', ')})`);
  return found;
}

/** The task whose id or one of whose CLI names is `name` (`lm`, `classify`, `forecasting`, …). */
export function taskByName(name: string): TaskPresentation | undefined {
  return presentations.get(name) ?? allTaskPresentations().find((p) => p.cliNames.includes(name));
}

/** The task's headline metric. */
export function headlineMetricOf(id: TaskId): MetricDescriptor {
  const p = taskPresentation(id);
  return p.metrics.find((m) => m.key === p.headline)!;
}
