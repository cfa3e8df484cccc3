/** CLI flags more than one task takes: defined once, listed in each task's `cliFlags`. */

import type { TaskCliFlag } from './task-training';

/** `--text-column`: the column holding the text (labelled text, or a table a language model learns). */
export const TEXT_COLUMN_FLAG: TaskCliFlag = {
  name: 'text-column',
  placeholder: 'name',
  description: "a table's text column",
  type: 'text',
  apply: (value, into) => (into.dataset.textColumn = value as string),
};
