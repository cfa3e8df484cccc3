/**
 * A table's text and label columns → examples with class ids. Rows with an empty text are skipped and
 * counted (not an error); a label column with a single class is an error. `readLabelledRows` is the
 * shared first half: evaluation assigns ids from a checkpoint's classes instead of the file's.
 */

import { compareLabels } from './cells';
import { failWith, listNames, ok, type Result } from './errors';
import type { Table } from './table';

/** Rows that have both a text and a label, labels as written (trimmed). */
export interface LabelledRows {
  texts: string[];
  /** Label of each kept row, trimmed. */
  labelNames: string[];
  /** File line of each kept row. */
  lines: Int32Array;
  /** Rows skipped because their text cell was empty. */
  skippedEmptyText: number;
  /** Rows skipped because their label cell was empty. */
  skippedEmptyLabel: number;
  warnings: string[];
}

export interface LabelledExamples extends Omit<LabelledRows, 'labelNames'> {
  /** Class id of each example: an index into `classes`. */
  labels: Int32Array;
  /** Class names in order (numbers numerically, then code points): class id = index. */
  classes: string[];
}

export function readLabelledRows(
  table: Table,
  columns: { text: string; label: string },
  file: string,
): Result<LabelledRows> {
  const textIndex = table.columns.indexOf(columns.text);
  const labelIndex = table.columns.indexOf(columns.label);
  for (const [name, index] of [
    [columns.text, textIndex],
    [columns.label, labelIndex],
  ] as const) {
    if (index < 0)
      return failWith(file, `there is no column '${name}'; the columns are ${listNames(table.columns, 50)}`, {
        line: 1,
      });
  }
  const texts: string[] = [];
  const labelNames: string[] = [];
  const keptLines: number[] = [];
  let skippedEmptyText = 0;
  let skippedEmptyLabel = 0;
  for (let r = 0; r < table.rows.length; r++) {
    const row = table.rows[r];
    const text = row[textIndex];
    const label = row[labelIndex].trim();
    if (text.trim() === '') {
      skippedEmptyText++;
      continue;
    }
    if (label === '') {
      skippedEmptyLabel++;
      continue;
    }
    texts.push(text);
    labelNames.push(label);
    keptLines.push(table.lines[r]);
  }
  if (texts.length === 0) {
    return failWith(file, `no row has both a text in '${columns.text}' and a label in '${columns.label}'`, {
      column: columns.text,
    });
  }
  const warnings: string[] = [];
  if (skippedEmptyText > 0) warnings.push(`${describeRows(skippedEmptyText)} with an empty '${columns.text}' skipped`);
  if (skippedEmptyLabel > 0)
    warnings.push(`${describeRows(skippedEmptyLabel)} with an empty '${columns.label}' skipped`);
  return ok({ texts, labelNames, lines: Int32Array.from(keptLines), skippedEmptyText, skippedEmptyLabel, warnings });
}

export function readLabelledExamples(
  table: Table,
  columns: { text: string; label: string },
  file: string,
): Result<LabelledExamples> {
  const read = readLabelledRows(table, columns, file);
  if (!read.ok) return read;
  const { labelNames, ...rest } = read.value;
  const classes = [...new Set(labelNames)].sort(compareLabels);
  if (classes.length < 2) {
    return failWith(file, `has only one class ('${classes[0]}'); classification needs at least two different labels`, {
      column: columns.label,
    });
  }
  const idOf = new Map(classes.map((name, id) => [name, id]));
  const labels = Int32Array.from(labelNames, (name) => idOf.get(name)!);
  return ok({ ...rest, labels, classes });
}

export function describeRows(n: number): string {
  return n === 1 ? '1 row' : `${n} rows`;
}
