/**
 * Tables from text held in memory: CSV/TSV (RFC 4180 quoting) and JSON Lines, both with a header and the
 * file line where each row starts, so later checks can say "line 212". This is the streaming parser
 * (table-stream.ts) fed the whole text as one piece, collecting its rows: a file too big for that is
 * streamed into typed columns instead (table-columns.ts), read by the very same parser.
 */

import type { DataError, Result } from './errors';
import { TableStreamParser, type TableFormat, type TableReadOptions, type TableRowSink } from './table-stream';

export interface Table {
  /** Column names from the header row (JSON Lines: every key, in order of first appearance). */
  columns: string[];
  /** Cells as written, one array per row, each as long as `columns`. */
  rows: string[][];
  /** 1-based line where each row starts (a quoted field may span lines). */
  lines: Int32Array;
}

/**
 * Parses CSV (`,`) or TSV (`\t`) with a header row. Quoted fields may hold delimiters, doubled quotes
 * and newlines; a stray quote inside an unquoted field is kept as text. Blank lines are skipped.
 */
export function parseDelimited(text: string, file: string, delimiter: ',' | '\t'): Result<Table> {
  return parseTable(text, file, delimiter === '\t' ? 'tsv' : 'csv');
}

/**
 * Parses JSON Lines: one JSON object per line, blank lines skipped. Values become cells: strings as they
 * are, numbers and booleans as text, null or a missing key as an empty cell, arrays and objects as JSON.
 */
export function parseJsonLines(text: string, file: string): Result<Table> {
  return parseTable(text, file, 'jsonl');
}

/** Parses a table by its file format: CSV, TSV or JSON Lines (`options.header`: see `TableReadOptions`). */
export function parseTable(
  text: string,
  file: string,
  format: TableFormat,
  options: TableReadOptions = {},
): Result<Table> {
  const rows: string[][] = [];
  const lines = new LineList();
  const parser = new TableStreamParser(
    file,
    format,
    {
      header: () => null,
      row(cells, line) {
        rows.push(cells);
        lines.push(line);
        return null;
      },
    },
    options,
  );
  parser.push(text);
  const parsed = parser.finish();
  if (!parsed.ok) return parsed;
  const { columns } = parsed.value;
  // JSON Lines: a key first seen in a later object is an empty cell of the rows before it.
  for (const row of rows) while (row.length < columns.length) row.push('');
  return { ok: true, value: { columns, rows, lines: lines.toArray() } };
}

/** Hands a table held whole to a row sink, as the parser would have: its columns, then each row. */
export function replayTable(table: Table, sink: TableRowSink): DataError | null {
  const problem = sink.header(table.columns, true);
  if (problem) return problem;
  for (let r = 0; r < table.rows.length; r++) {
    const rowProblem = sink.row(table.rows[r], table.lines[r]);
    if (rowProblem) return rowProblem;
  }
  return null;
}

/** An append-only list of line numbers that ends as an Int32Array. */
class LineList {
  private data = new Int32Array(1024);
  private length = 0;
  push(line: number): void {
    if (this.length === this.data.length) {
      const grown = new Int32Array(this.data.length * 2);
      grown.set(this.data);
      this.data = grown;
    }
    this.data[this.length++] = line;
  }
  toArray(): Int32Array {
    return this.data.slice(0, this.length);
  }
}
