/**
 * A table's text and label columns → examples with class ids. Rows with an empty text are skipped and
 * counted (not an error); a label column with a single class is an error. `LabelledReader` takes rows one
 * at a time (a table streamed from a file too big to hold as rows of strings) and hands each kept text on
 * (training tokenises it at once); `readLabelledRows` and `readLabelledExamples` feed it a table held
 * whole. Evaluation assigns ids from a checkpoint's classes instead of the file's.
 */

import { compareLabels } from './cells';
import { dataError, failWith, listNames, ok, type DataError, type Result } from './errors';
import { GrowableInt32 } from './growable';
import { replayTable, type Table } from './table';
import type { TableRowSink } from './table-stream';
import * as l10n from '../protocol/l10n';

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

/** The kept rows' labels as codes in order of first appearance, before the classes are sorted. */
export interface LabelCodes {
  /** Code of each kept row: an index into `names`. */
  codes: Int32Array;
  /** Each distinct label (trimmed), in order of first appearance. */
  names: string[];
  /** File line of each kept row. */
  lines: Int32Array;
  skippedEmptyText: number;
  skippedEmptyLabel: number;
  warnings: string[];
}

/** Reads the text and label of rows as they arrive (a `TableRowSink`): texts go to `onText`, labels become codes. */
export class LabelledReader implements TableRowSink {
  private tableColumns: readonly string[] = [];
  private complete = true;
  private textIndex = -1;
  private labelIndex = -1;
  private readonly codes = new GrowableInt32(1 << 12);
  private readonly codeOf = new Map<string, number>();
  private readonly lines = new GrowableInt32(1 << 12);
  private skippedEmptyText = 0;
  private skippedEmptyLabel = 0;

  constructor(
    private readonly columns: { text: string; label: string },
    private readonly file: string,
    private readonly onText: (text: string) => void,
  ) {}

  header(columns: readonly string[], complete: boolean): DataError | null {
    this.tableColumns = columns;
    this.complete = complete;
    this.textIndex = columns.indexOf(this.columns.text);
    this.labelIndex = columns.indexOf(this.columns.label);
    return complete ? this.absentColumn() : null;
  }

  row(cells: string[], line: number): DataError | null {
    if (!this.complete) {
      // JSON Lines streamed: a key may first appear in any object (a missing one is an empty cell).
      if (this.textIndex < 0) this.textIndex = this.tableColumns.indexOf(this.columns.text);
      if (this.labelIndex < 0) this.labelIndex = this.tableColumns.indexOf(this.columns.label);
    }
    const text = this.textIndex < 0 ? '' : (cells[this.textIndex] ?? '');
    const label = this.labelIndex < 0 ? '' : (cells[this.labelIndex] ?? '').trim();
    if (text.trim() === '') {
      this.skippedEmptyText++;
      return null;
    }
    if (label === '') {
      this.skippedEmptyLabel++;
      return null;
    }
    let code = this.codeOf.get(label);
    if (code === undefined) {
      code = this.codeOf.size;
      this.codeOf.set(label, code);
    }
    this.codes.push(code);
    this.lines.push(line);
    this.onText(text);
    return null;
  }

  finish(): Result<LabelCodes> {
    const absent = this.absentColumn();
    if (absent) return { ok: false, error: absent };
    const { text, label } = this.columns;
    if (this.codes.length === 0) {
      return failWith(this.file, l10n.t("no row has both a text in '{0}' and a label in '{1}'", text, label), {
        column: text,
      });
    }
    const { skippedEmptyText, skippedEmptyLabel } = this;
    const warnings: string[] = [];
    if (skippedEmptyText > 0)
      warnings.push(l10n.t("{0} with an empty '{1}' skipped", describeRows(skippedEmptyText), text));
    if (skippedEmptyLabel > 0)
      warnings.push(l10n.t("{0} with an empty '{1}' skipped", describeRows(skippedEmptyLabel), label));
    return ok({
      codes: this.codes.toArray(),
      names: [...this.codeOf.keys()],
      lines: this.lines.toArray(),
      skippedEmptyText,
      skippedEmptyLabel,
      warnings,
    });
  }

  private absentColumn(): DataError | null {
    for (const [name, index] of [
      [this.columns.text, this.textIndex],
      [this.columns.label, this.labelIndex],
    ] as const) {
      if (index < 0) {
        const names = listNames([...this.tableColumns], 50);
        return dataError(this.file, l10n.t("there is no column '{0}'; the columns are {1}", name, names), { line: 1 });
      }
    }
    return null;
  }
}

/** Class ids from label codes: classes sorted (numbers numerically, then code points); at least two. */
export function assignClasses(
  read: LabelCodes,
  labelColumn: string,
  file: string,
): Result<{ labels: Int32Array; classes: string[] }> {
  const classes = [...read.names].sort(compareLabels);
  if (classes.length < 2) {
    return failWith(
      file,
      l10n.t("has only one class ('{0}'); classification needs at least two different labels", classes[0]),
      {
        column: labelColumn,
      },
    );
  }
  const idOf = new Map(classes.map((name, id) => [name, id]));
  const classOfCode = Int32Array.from(read.names, (name) => idOf.get(name)!);
  const labels = new Int32Array(read.codes.length);
  for (let i = 0; i < labels.length; i++) labels[i] = classOfCode[read.codes[i]];
  return ok({ labels, classes });
}

export function readLabelledRows(
  table: Table,
  columns: { text: string; label: string },
  file: string,
): Result<LabelledRows> {
  const held = readHeldTable(table, columns, file);
  if (!held.ok) return held;
  const { texts, read } = held.value;
  const { codes, names, ...rest } = read;
  return ok({ texts, labelNames: Array.from(codes, (code) => names[code]), ...rest });
}

export function readLabelledExamples(
  table: Table,
  columns: { text: string; label: string },
  file: string,
): Result<LabelledExamples> {
  const held = readHeldTable(table, columns, file);
  if (!held.ok) return held;
  const { texts, read } = held.value;
  const classes = assignClasses(read, columns.label, file);
  if (!classes.ok) return classes;
  const { codes: _codes, names: _names, ...rest } = read;
  return ok({ texts, ...rest, ...classes.value });
}

export function describeRows(n: number): string {
  return n === 1 ? '1 row' : `${n} rows`;
}

/** A table held in memory read through a `LabelledReader`: its texts and label codes. */
function readHeldTable(
  table: Table,
  columns: { text: string; label: string },
  file: string,
): Result<{ texts: string[]; read: LabelCodes }> {
  const texts: string[] = [];
  const reader = new LabelledReader(columns, file, (text) => void texts.push(text));
  const problem = replayTable(table, reader);
  if (problem) return { ok: false, error: problem };
  const read = reader.finish();
  if (!read.ok) return read;
  return ok({ texts, read: read.value });
}
