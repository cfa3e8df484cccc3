/**
 * The tasks' presentations and the training settings as the host shows and sends them: their words in
 * the display language (src/protocol/shared-words.ts), everything else as registered. The host asks
 * here instead of `src/tasks/presentations.ts`, so every panel gets translated names, metric labels and
 * column roles as data. Pure (translates through ./l10n), so its users stay testable without VS Code.
 */

import type { MetricDescriptor, TaskId, TaskPresentation } from '../protocol/task-presentation';
import { translatePresentation, translateSetting } from '../protocol/shared-words';
import { TRAINING_SETTINGS, type SettingDescriptor } from '../protocol/training-settings';
import { allTaskPresentations, taskPresentation } from '../tasks/presentations';
import * as l10n from './l10n';

const translate = (message: string) => l10n.t(message);

/** The registered task's presentation in the display language; throws for an unknown id. */
export function taskWords(id: TaskId): TaskPresentation {
  return translatePresentation(taskPresentation(id), translate);
}

/** Every registered task's presentation in the display language, in registration order. */
export function allTaskWords(): TaskPresentation[] {
  return allTaskPresentations().map((p) => translatePresentation(p, translate));
}

/** The task's headline metric, its label in the display language. */
export function headlineMetricWords(id: TaskId): MetricDescriptor {
  const p = taskWords(id);
  return p.metrics.find((m) => m.key === p.headline)!;
}

/** Every training setting, labels and help in the display language. */
export function trainingSettingWords(): SettingDescriptor[] {
  return TRAINING_SETTINGS.map((s) => translateSetting(s, translate));
}
