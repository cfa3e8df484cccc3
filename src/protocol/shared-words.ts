/**
 * The words that shared code gives the panels — a task's presentation (names, metric labels, column
 * roles, the prediction button) and a training setting's label and help — in the display language.
 * They are written once, in English, where they are defined (src/tasks/<task>/presentation.ts,
 * training-settings.ts), because the CLI prints them as they are; the extension host and the webviews
 * pass them through their own `t` here, and the English text is the key, as for any other message.
 *
 * `@vscode/l10n-dev export` finds only literal `l10n.t('…')` calls, so `npm run l10n`
 * (scripts/l10n-bundle.mjs) adds these with `sharedWordsOf`, which runs the same two functions with a
 * translator that records what it is asked: one list of fields, no second copy to forget.
 * Pure: no Node, no DOM, no `vscode`.
 */

import { CELLS, PROJECTED_HIDDEN_STATE } from './cell-signals';
import { directionLabel } from './gate-recording';
import type { SettingDescriptor } from './training-settings';
import type { TaskPresentation } from './task-presentation';

/** A message in the display language; the English message is its own key (`vscode.l10n.t`, the webviews' `t`). */
export type Translate = (message: string) => string;

/** `presentation` with every word a person reads translated; ids, keys and kinds stay as they are. */
export function translatePresentation(presentation: TaskPresentation, t: Translate): TaskPresentation {
  return {
    ...presentation,
    displayName: t(presentation.displayName),
    modelNoun: t(presentation.modelNoun),
    modelBadge: t(presentation.modelBadge),
    shortName: t(presentation.shortName),
    title: t(presentation.title),
    prediction: presentation.prediction && {
      ...presentation.prediction,
      action: t(presentation.prediction.action),
      running: t(presentation.prediction.running),
    },
    bidirectionalRefusal: presentation.bidirectionalRefusal && t(presentation.bidirectionalRefusal),
    metrics: presentation.metrics.map((metric) => ({ ...metric, label: t(metric.label) })),
    columnRoles: presentation.columnRoles.map((role) => ({ ...role, label: t(role.label) })),
  };
}

/**
 * `setting` with its label and help translated. Its `choices` stay English: they are the values the
 * config, the CLI and saved configurations hold (`word`, `adam`, `cosine`).
 */
export function translateSetting(setting: SettingDescriptor, t: Translate): SettingDescriptor {
  return { ...setting, label: t(setting.label), help: t(setting.help) };
}

/** Every English message the two functions above translate, once each, in order (for the bundle). */
export function sharedWordsOf(
  presentations: readonly TaskPresentation[],
  settings: readonly SettingDescriptor[],
): string[] {
  const words = new Set<string>();
  const record: Translate = (message) => {
    words.add(message);
    return message;
  };
  for (const presentation of presentations) translatePresentation(presentation, record);
  for (const setting of settings) translateSetting(setting, record);
  for (const word of recordingWords()) record(word);
  return [...words];
}

/**
 * The words a gate recording carries from the worker in English and the panels show (Gates, Audio):
 * each cell's signals in words (`input gate`), the state a gate keeps (`cell`) and the two directions.
 * The panels translate them with their own `t` where they show them.
 */
export function recordingWords(): string[] {
  const words: string[] = [];
  for (const cell of Object.values(CELLS)) {
    for (const signal of cell.signals) words.push(signal.label);
    words.push(cell.keep.state);
  }
  words.push(PROJECTED_HIDDEN_STATE, directionLabel('forward'), directionLabel('backward'));
  return words;
}
