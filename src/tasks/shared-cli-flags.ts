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

/**
 * `--tokens`: words or characters — a classifier's tokens, and both sides of a sequence-to-sequence pair
 * unless `--source-tokens`/`--target-tokens` say otherwise.
 */
export const TOKENS_FLAG: TaskCliFlag = {
  name: 'tokens',
  placeholder: 'unit',
  description: 'word | char: classification tokens; both sides of sequence-to-sequence pairs',
  type: 'choice',
  choices: ['word', 'char'],
  apply: (value, into) => {
    const unit = value as 'word' | 'char';
    into.config.tokenUnit = unit;
    into.config.sourceTokens ??= unit;
    into.config.targetTokens ??= unit;
  },
};

/** `--vocab-size`: the most tokens a vocabulary keeps (Keras `num_words`); each side's for pairs. */
export const VOCAB_SIZE_FLAG: TaskCliFlag = {
  name: 'vocab-size',
  placeholder: 'n',
  description: 'vocabulary size, <pad> and <unk> included (Keras num_words); each side of sequence-to-sequence pairs',
  type: 'integer',
  min: 3,
  apply: (value, into) => (into.config.vocabSize = value as number),
};
