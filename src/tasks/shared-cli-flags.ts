/**
 * Column flags more than one task takes: defined once, listed in each task's `cliFlags`. (Flags that set
 * a training setting — `--tokens`, `--vocab-size`… — come from TRAINING_SETTINGS, src/protocol/training-settings.ts.)
 */

import { TEXT_ENCODING_CHOICES, type TextEncodingChoice } from '../protocol/dataset';
import type { TaskCliFlag } from './task-training';

/** `--text-column`: the column holding the text (labelled text, or a table a language model learns). */
export const TEXT_COLUMN_FLAG: TaskCliFlag = {
  name: 'text-column',
  placeholder: 'name',
  description: "a table's text column",
  type: 'text',
  apply: (value, into) => (into.dataset.textColumn = value as string),
};

/** `--encoding`: how the data file's bytes are read (every task that reads a text file takes it). */
export const ENCODING_FLAG: TaskCliFlag = {
  name: 'encoding',
  placeholder: 'name',
  description:
    "the data file's encoding: auto (a byte-order mark, an encoding= or coding: declaration, else UTF-8), utf-8, utf-16, utf-16le, utf-16be or latin-1",
  type: 'choice',
  choices: TEXT_ENCODING_CHOICES,
  apply: (value, into) => (into.dataset.encoding = value as TextEncodingChoice),
};
