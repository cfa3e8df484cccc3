/**
 * Detecting a language-model dataset: any plain text file. A table's text is learnt only when the task
 * is chosen — the whole file as text, or one column's rows joined by newlines.
 */

import { ok, type Result } from '../../data/errors';
import type { DetectionInput, TaskDetection, TaskDetector } from '../task-training';
import * as l10n from '../../protocol/l10n';

export const languageModelDetector: TaskDetector = {
  readsPlainText: true,
  impliedBy: () => 0,
  // Never picked for a table on its own: a table's columns say more (classification, forecasting).
  score: (sample) => (sample.format === 'text' ? { score: 1, reason: l10n.t('plain text') } : null),
  chooseColumns,
};

function chooseColumns(input: DetectionInput): Result<TaskDetection> {
  const { file, format, overrides } = input;
  if (format === 'text') {
    const named = overrides.textColumn ?? overrides.labelColumn ?? overrides.targetColumns?.[0];
    const warnings = named !== undefined ? [`column choices are ignored: ${file} is plain text, not a table`] : [];
    return ok({
      columns: {},
      reason: l10n.t('plain text ({0}): a next-character language model', file),
      warnings,
      table: null,
    });
  }
  const column = overrides.textColumn;
  if (column === undefined) {
    return ok({
      columns: {},
      reason: l10n.t('the whole file as text for a next-character language model (task chosen)'),
      warnings: [],
      table: null,
    });
  }
  const read = input.readTable();
  if (!read.ok) return read;
  const reason = l10n.t(
    "a next-character language model on the text of column '{0}' (rows joined by newlines; task chosen)",
    column,
  );
  return ok({ columns: { text: column }, reason, warnings: [], table: read.value.table });
}
