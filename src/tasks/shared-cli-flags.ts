/**
 * Column flags more than one task takes: defined once, listed in each task's `cliFlags`. (Flags that set
 * a training setting — `--tokens`, `--vocab-size`… — come from TRAINING_SETTINGS, src/protocol/training-settings.ts.)
 */

import type { TaskCliFlag } from './task-training';

/** `--text-column`: the column holding the text (labelled text, or a table a language model learns). */
export const TEXT_COLUMN_FLAG: TaskCliFlag = {
  name: 'text-column',
  placeholder: 'name',
  description: "a table's text column",
  type: 'text',
  apply: (value, into) => (into.dataset.textColumn = value as string),
};
