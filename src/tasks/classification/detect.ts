/**
 * Detecting a classification dataset: a table with a column of free text and a column with a few
 * distinct values. It is the fallback for tables (any table with text fits a little); the text and
 * label columns are chosen by name first (`review`, `sentiment`), then by shape.
 */

import { isDateColumn, isNumericColumn, type ColumnProfile } from '../../data/column-profile';
import { columnByName, maxBy, normaliseColumnName, plural, type DatasetOverrides } from '../../data/detect';
import { failWith, listNames, ok, type Result } from '../../data/errors';
import type { DetectionInput, TaskDetection, TaskDetector } from '../task-training';
import * as l10n from '../../protocol/l10n';

/** Names that mark a text column, best first (matched whole, or as a word of the name: `review_text`). */
export const TEXT_COLUMN_NAMES = [
  'text',
  'sentence',
  'review',
  'message',
  'content',
  'comment',
  'tweet',
  'body',
  'document',
  'utterance',
  'question',
  'sms',
  'title',
  'description',
];
/** Names that mark a label column, best first. */
export const LABEL_COLUMN_NAMES = [
  'label',
  'sentiment',
  'class',
  'category',
  'target',
  'labels',
  'y',
  'intent',
  'emotion',
  'polarity',
  'tag',
  'topic',
  'spam',
];
/** A column with more distinct values than this is not taken for a label unless chosen. */
export const MAX_AUTO_CLASSES = 100;

export const classificationDetector: TaskDetector = {
  readsPlainText: false,
  // A label column is only read by classification; targets choose forecasting first.
  impliedBy: (overrides: DatasetOverrides) => (overrides.labelColumn !== undefined ? 1 : 0),
  score: (sample) =>
    sample.format === 'text' ? null : { score: 1, reason: l10n.t('a table: text columns to classify') },
  chooseColumns,
};

function chooseColumns(input: DetectionInput): Result<TaskDetection> {
  const read = input.readTable();
  if (!read.ok) return read;
  const { table, profiles } = read.value;
  const choice = chooseLabelled(profiles, input.overrides, input.file, !input.chosen);
  if (!choice.ok) return choice;
  return ok({ ...choice.value, table });
}

type Choice = Result<Omit<TaskDetection, 'table'>>;

function chooseLabelled(
  profiles: ColumnProfile[],
  overrides: DatasetOverrides,
  file: string,
  detected: boolean,
): Choice {
  const names = profiles.map((p) => p.name);
  const hint = detected ? l10n.t('; or, if the file is a series, make every column but the date numeric') : '';
  const text =
    overrides.textColumn !== undefined
      ? profiles.find((p) => p.name === overrides.textColumn)!
      : pickText(profiles, overrides.labelColumn);
  if (!text) {
    return failWith(
      file,
      l10n.t('no column holds text to classify (columns {0}); name it with textColumn{1}', listNames(names), hint),
    );
  }
  const label =
    overrides.labelColumn !== undefined
      ? profiles.find((p) => p.name === overrides.labelColumn)!
      : pickLabel(profiles, text.name);
  if (!label) {
    return failWith(
      file,
      l10n.t(
        "no label column: next to the text column '{0}' there is no column with a few distinct values (like 'label' or 'sentiment'); name it with labelColumn, or choose the task 'language-model' to learn the text itself{1}",
        text.name,
        hint,
      ),
    );
  }
  if (label.name === text.name)
    return failWith(file, l10n.t("the text and the label cannot both be column '{0}'", text.name));
  const words = text.meanWords < 10 ? text.meanWords.toFixed(1) : Math.round(text.meanWords).toString();
  const values = label.distinct >= 1000 ? '1000+ values' : `${label.distinct} ${plural(label.distinct, 'value')}`;
  const reason = l10n.t(
    "column '{0}' holds free text (mean {1} words), column '{2}' has {3}",
    text.name,
    words,
    label.name,
    values,
  );
  const warnings =
    label.distinct > MAX_AUTO_CLASSES ? [`column '${label.name}' has ${values}: is it really a label?`] : [];
  return ok({ columns: { text: text.name, label: label.name }, reason, warnings });
}

function pickText(profiles: ColumnProfile[], labelColumn: string | undefined): ColumnProfile | undefined {
  const candidates = profiles.filter(
    (p) => p.name !== labelColumn && p.filled > 0 && !isNumericColumn(p) && !isDateColumn(p),
  );
  return (
    columnByName(candidates, TEXT_COLUMN_NAMES) ??
    maxBy(
      candidates.filter((p) => !LABEL_COLUMN_NAMES.includes(normaliseColumnName(p.name))),
      (p) => p.meanWords,
    )
  );
}

function pickLabel(profiles: ColumnProfile[], textColumn: string): ColumnProfile | undefined {
  const candidates = profiles.filter((p) => p.name !== textColumn && p.filled > 0 && p.distinct <= MAX_AUTO_CLASSES);
  const named = columnByName(candidates, LABEL_COLUMN_NAMES);
  if (named) return named;
  const few = candidates.filter((p) => p.distinct >= 2 && p.distinct <= Math.max(2, p.filled / 2) && !isDateColumn(p));
  // Fewest values wins; on a tie the rightmost column, where labels usually sit.
  return few.reduce<ColumnProfile | undefined>(
    (best, p) => (!best || p.distinct <= best.distinct ? p : best),
    undefined,
  );
}
