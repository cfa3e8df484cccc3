/**
 * A table's numeric columns → a matrix of doubles, strictly: an empty cell, a missing-value marker, a
 * word or NaN/Infinity is an error naming the line and the column. The rows are taken in file order,
 * which is the time order.
 */

import { readNumberCell } from './cells';
import { failWith, listNames, ok, type Result } from './errors';
import type { Table } from './table';

export interface SeriesData {
  /** Feature columns (targets included), in file order. */
  columns: string[];
  /** Values `[rows, columns]`, row-major, as read (not normalised). */
  values: Float64Array;
  rows: number;
  /** Index into `columns` of each target column. */
  targetIndices: number[];
  /** The date column's cells, when there is one. */
  dates: string[] | null;
  /** File line of each row. */
  lines: Int32Array;
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
  const columns =
    choice.order === 'listed'
      ? [...choice.features, ...choice.targets.filter((name) => !choice.features.includes(name))]
      : table.columns.filter((name) => choice.features.includes(name) || choice.targets.includes(name));
  const indices = columns.map((name) => table.columns.indexOf(name));
  const targetIndices = choice.targets.map((name) => columns.indexOf(name));
  if (columns.length === 0) return failWith(file, 'no numeric column was chosen');
  const absent = columns.filter((_, d) => indices[d] < 0);
  if (absent.length > 0)
    return failWith(file, `there is no column ${listNames(absent)}; the columns are ${listNames(table.columns, 50)}`, {
      line: 1,
    });
  if (targetIndices.some((i) => i < 0)) return failWith(file, `target column ${choice.targets.join(', ')} not found`);
  const D = columns.length;
  const N = table.rows.length;
  const values = new Float64Array(N * D);
  for (let r = 0; r < N; r++) {
    const row = table.rows[r];
    for (let d = 0; d < D; d++) {
      const cell = readNumberCell(row[indices[d]]);
      if (cell.kind === 'number') {
        values[r * D + d] = cell.value;
        continue;
      }
      const where = { line: table.lines[r], column: columns[d] };
      switch (cell.kind) {
        case 'empty':
          return failWith(
            file,
            'empty cell; a series needs a number in every row (fill it in or remove the row)',
            where,
          );
        case 'missing':
          return failWith(
            file,
            `missing value '${cell.text}'; a series needs a number in every row (fill it in or remove the row)`,
            where,
          );
        case 'non-finite':
          return failWith(file, `'${cell.text}' is not a finite number; replace it with a number`, where);
        case 'text':
          return failWith(file, `'${shorten(cell.text)}' is not a number`, where);
      }
    }
  }
  const dateIndex = choice.date === undefined ? -1 : table.columns.indexOf(choice.date);
  const dates = dateIndex < 0 ? null : table.rows.map((row) => row[dateIndex].trim());
  const warnings: string[] = [];
  const disorder = dates ? firstTimeDisorder(dates, table.lines) : null;
  if (disorder) warnings.push(disorder);
  return ok({ columns, values, rows: N, targetIndices, dates, lines: table.lines, warnings });
}

/** A warning when ISO-like dates go backwards (the file order is used as the time order). */
function firstTimeDisorder(dates: string[], lines: Int32Array): string | null {
  let previous = NaN;
  for (let r = 0; r < dates.length; r++) {
    if (!/^\d{4}-\d{2}/.test(dates[r])) return null; // only ISO-like dates compare reliably
    const time = Date.parse(dates[r]);
    if (Number.isNaN(time)) return null;
    if (time < previous) {
      return `rows are not in time order: line ${lines[r]} (${dates[r]}) comes after line ${lines[r - 1]} (${dates[r - 1]}); the file order is used as the time order`;
    }
    previous = time;
  }
  return null;
}

function shorten(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}
