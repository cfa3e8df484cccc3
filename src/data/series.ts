/**
 * A table's numeric columns → a matrix of doubles, strictly: an empty cell, a missing-value marker, a
 * word or NaN/Infinity is an error naming the line and the column. The rows are taken in file order,
 * which is the time order. `SeriesReader` takes rows one at a time (a table streamed from a file too big
 * to hold as rows of strings); `readSeries` feeds it a table held whole.
 *
 * Values are float64, not the engine's float32: the z-score fit sums them in float64 and `(x − mean) /
 * std` is rounded to float32 only after, so a price of 123456.78 keeps its cents; the training data the
 * engine sees is the float32 normalised copy, and this matrix can be dropped once that is made.
 */

import { parseDateUtc } from './calendar-features';
import { readNumberCell } from './cells';
import { dataError, listNames, ok, type DataError, type Result } from './errors';
import { GrowableFloat64 } from './growable';
import { replayTable, type Table } from './table';
import type { TableRowSink } from './table-stream';
import * as l10n from '../protocol/l10n';

export interface SeriesData {
  /** Feature columns (targets included), in file order. */
  columns: string[];
  /** Values `[rows, columns]`, row-major, as read (not normalised). */
  values: Float64Array;
  rows: number;
  /** Index into `columns` of each target column. */
  targetIndices: number[];
  /** The date column's first and last cells (trimmed), when there is one. */
  dateRange: { first: string; last: string } | null;
  /**
   * Each row's date as UTC ms read as written (NaN where it is not ISO-like), when there is a date
   * column: what a backtest origin is labelled by. 8 bytes a row, like one more column.
   */
  times?: Float64Array;
  warnings: string[];
}

export interface SeriesColumnChoice {
  features: string[];
  targets: string[];
  date?: string;
  /**
   * Order of the columns read: the file's (default; training), or `features` as listed, then any
   * target not among them (evaluation, where a stored normalisation fixes the order).
   */
  order?: 'file' | 'listed';
}

export function readSeries(table: Table, choice: SeriesColumnChoice, file: string): Result<SeriesData> {
  const reader = new SeriesReader(choice, file);
  const problem = replayTable(table, reader);
  return problem ? { ok: false, error: problem } : reader.finish();
}

/** Reads the chosen numeric columns of rows as they arrive (a `TableRowSink`), keeping only numbers. */
export class SeriesReader implements TableRowSink {
  private tableColumns: readonly string[] = [];
  private complete = true;
  private columns: string[] = [];
  /** Cell index of each read column. */
  private indices: number[] = [];
  private dateIndex = -1;
  private readonly values: GrowableFloat64;
  private rows = 0;
  private readonly dates = new DateOrder();
  private readonly times: GrowableFloat64 | null;

  /**
   * `expectedRows`: an estimate (a streamed file's size over its sample's bytes per row), so the values
   * are allocated about once instead of doubling through the sizes below.
   */
  constructor(
    private readonly choice: SeriesColumnChoice,
    private readonly file: string,
    expectedRows = 0,
  ) {
    const columns = new Set([...choice.features, ...choice.targets]).size;
    this.values = new GrowableFloat64(Math.max(1 << 16, Math.ceil(expectedRows * 1.02) * columns));
    this.times = choice.date === undefined ? null : new GrowableFloat64(Math.max(1024, Math.ceil(expectedRows * 1.02)));
  }

  header(columns: readonly string[], complete: boolean): DataError | null {
    this.tableColumns = columns;
    this.complete = complete;
    const { choice, file } = this;
    if (!complete) return null; // JSON Lines streamed: columns are resolved when the first row shows them
    this.columns =
      choice.order === 'listed'
        ? [...choice.features, ...choice.targets.filter((name) => !choice.features.includes(name))]
        : columns.filter((name) => choice.features.includes(name) || choice.targets.includes(name));
    if (this.columns.length === 0) return dataError(file, l10n.t('no numeric column was chosen'));
    return this.resolveColumns();
  }

  row(cells: string[], line: number): DataError | null {
    if (!this.complete) {
      // JSON Lines streamed: a series needs every chosen key in every object, so the first one has them
      // all, in the order the whole table would list them; a key it lacks is its empty cell.
      const { features, targets } = this.choice;
      const missing = [...features, ...targets].find((name) => !this.tableColumns.includes(name));
      if (missing !== undefined) return cellProblem(this.file, { kind: 'empty' }, { line, column: missing });
      const problem = this.header(this.tableColumns, true);
      if (problem) return problem;
    }
    const { indices, columns, values } = this;
    const D = indices.length;
    for (let d = 0; d < D; d++) {
      const cell = readNumberCell(cells[indices[d]] ?? '');
      if (cell.kind !== 'number') return cellProblem(this.file, cell, { line, column: columns[d] });
      values.push(cell.value);
    }
    if (this.dateIndex >= 0) {
      const date = (cells[this.dateIndex] ?? '').trim();
      this.dates.add(date, line);
      this.times?.push(parseDateUtc(date));
    }
    this.rows++;
    return null;
  }

  finish(): Result<SeriesData> {
    const { columns, choice } = this;
    const warnings: string[] = [];
    const disorder = this.dates.warning();
    if (disorder) warnings.push(disorder);
    return ok({
      columns,
      values: this.values.view(), // not a copy: a copy would hold the values twice at the peak
      rows: this.rows,
      targetIndices: choice.targets.map((name) => columns.indexOf(name)),
      dateRange: this.dates.range(),
      ...(this.times && this.dateIndex >= 0 ? { times: this.times.view() } : {}),
      warnings,
    });
  }

  private resolveColumns(): DataError | null {
    const { columns, choice } = this;
    this.indices = columns.map((name) => this.tableColumns.indexOf(name));
    const absent = columns.filter((_, d) => this.indices[d] < 0);
    if (absent.length > 0) {
      const names = listNames([...this.tableColumns], 50);
      return dataError(this.file, l10n.t('there is no column {0}; the columns are {1}', listNames(absent), names), {
        line: 1,
      });
    }
    if (choice.targets.some((name) => !columns.includes(name)))
      return dataError(this.file, l10n.t('target column {0} not found', choice.targets.join(', ')));
    this.dateIndex = choice.date === undefined ? -1 : this.tableColumns.indexOf(choice.date);
    return null;
  }
}

function cellProblem(
  file: string,
  cell: Exclude<ReturnType<typeof readNumberCell>, { kind: 'number' }>,
  where: { line: number; column: string },
): DataError {
  switch (cell.kind) {
    case 'empty':
      return dataError(
        file,
        l10n.t('empty cell; a series needs a number in every row (fill it in or remove the row)'),
        where,
      );
    case 'missing':
      return dataError(
        file,
        l10n.t("missing value '{0}'; a series needs a number in every row (fill it in or remove the row)", cell.text),
        where,
      );
    case 'non-finite':
      return dataError(file, l10n.t("'{0}' is not a finite number; replace it with a number", cell.text), where);
    case 'text':
      return dataError(file, l10n.t("'{0}' is not a number", shorten(cell.text)), where);
  }
}

/**
 * Whether ISO-like dates go backwards, checked as they arrive: a warning at the first step back (the
 * file order is used as the time order); nothing once a date does not compare reliably.
 */
class DateOrder {
  private previous = NaN;
  private previousText = '';
  private previousLine = 0;
  private first: string | null = null;
  private last = '';
  private done = false;
  private disorder: string | null = null;

  add(date: string, line: number): void {
    if (this.first === null) this.first = date;
    this.last = date;
    if (this.done) return;
    const time = /^\d{4}-\d{2}/.test(date) ? Date.parse(date) : NaN; // only ISO-like dates compare reliably
    if (Number.isNaN(time)) {
      this.done = true;
      return;
    }
    if (time < this.previous) {
      this.disorder = `rows are not in time order: line ${line} (${date}) comes after line ${this.previousLine} (${this.previousText}); the file order is used as the time order`;
      this.done = true;
      return;
    }
    this.previous = time;
    this.previousText = date;
    this.previousLine = line;
  }

  warning(): string | null {
    return this.disorder;
  }

  range(): { first: string; last: string } | null {
    return this.first === null ? null : { first: this.first, last: this.last };
  }
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
