/**
 * Tables from text: CSV/TSV (RFC 4180 quoting, via csv-parse) and JSON Lines, both with a header and
 * the file line where each row starts, so later checks can say "line 212".
 */

import { parse } from 'csv-parse/sync';
import { dataError, fail, failWith, ok, type DataError, type Result } from './errors';
import { jsonSyntaxProblem } from '../protocol/json-syntax';

export interface Table {
  /** Column names from the header row (JSON Lines: every key, in order of first appearance). */
  columns: string[];
  /** Cells as written, one array per row, each as long as `columns`. */
  rows: string[][];
  /** 1-based line where each row starts (a quoted field may span lines). */
  lines: Int32Array;
}

/** Thrown inside csv-parse's record callback to stop at the first ragged row. */
class StopParsing extends Error {
  constructor(readonly problem: DataError) {
    super(problem.message);
  }
}

/**
 * Parses CSV (`,`) or TSV (`\t`) with a header row. Quoted fields may hold delimiters, doubled quotes
 * and newlines; a stray quote inside an unquoted field is kept as text. Blank lines are skipped.
 */
export function parseDelimited(text: string, file: string, delimiter: ',' | '\t'): Result<Table> {
  const rows: string[][] = [];
  const lines = new LineList();
  let header: string[] | null = null;
  // csv-parse counts a CRLF inside a quoted field as two lines; this undoes the drift it causes.
  let quotedCrlfSoFar = 0;
  let lastLine = 0;
  const onRecord = (record: string[], context: { lines: number }): null => {
    let breaks = 0;
    for (const field of record) {
      if (field.indexOf('\n') < 0 && field.indexOf('\r') < 0) continue;
      const counts = countBreaks(field);
      breaks += counts.breaks;
      quotedCrlfSoFar += counts.crlf;
    }
    const endLine = context.lines - quotedCrlfSoFar;
    const line = endLine - breaks;
    lastLine = endLine;
    if (record.length === 1 && record[0].trim() === '') return null; // a line of spaces
    if (header === null) {
      header = record;
      return null;
    }
    if (record.length !== header.length) {
      const expected = header.length;
      throw new StopParsing(
        dataError(
          file,
          `expected ${expected} ${plural(expected, 'column')}, found ${record.length}${raggedHint(delimiter)}`,
          { line },
        ),
      );
    }
    rows.push(record);
    lines.push(line);
    return null;
  };
  try {
    parse(text, {
      delimiter,
      relax_column_count: true,
      relax_quotes: true,
      skip_empty_lines: true,
      on_record: onRecord,
    });
  } catch (error) {
    if (error instanceof StopParsing) return fail(error.problem);
    return fail(describeCsvError(error, text, file, lastLine, quotedCrlfSoFar));
  }
  if (header === null) return failWith(file, 'the file has no header row and no data');
  const columns = checkHeader(header, file);
  if (!columns.ok) return columns;
  if (rows.length === 0) return failWith(file, 'the file has a header row but no data rows', { line: 1 });
  return ok({ columns: columns.value, rows, lines: lines.toArray() });
}

/** Parses a table by its file format: CSV, TSV or JSON Lines. */
export function parseTable(text: string, file: string, format: 'csv' | 'tsv' | 'jsonl'): Result<Table> {
  return format === 'jsonl' ? parseJsonLines(text, file) : parseDelimited(text, file, format === 'tsv' ? '\t' : ',');
}

/**
 * Parses JSON Lines: one JSON object per line, blank lines skipped. Values become cells: strings as they
 * are, numbers and booleans as text, null or a missing key as an empty cell, arrays and objects as JSON.
 */
export function parseJsonLines(text: string, file: string): Result<Table> {
  const objects: Record<string, unknown>[] = [];
  const lines = new LineList();
  const columns = new Map<string, number>();
  let lineNumber = 0;
  for (let start = 0; start < text.length;) {
    let end = text.indexOf('\n', start);
    if (end < 0) end = text.length;
    lineNumber++;
    const line = text.slice(start, end).trim();
    start = end + 1;
    if (line === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const where = jsonSyntaxProblem(error);
      return failWith(file, `not valid JSON${where ? ` (${where})` : ''}; each line must hold one JSON object`, {
        line: lineNumber,
      });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      return failWith(file, `expected a JSON object like {"text": "...", "label": "..."}, found ${found}`, {
        line: lineNumber,
      });
    }
    for (const key of Object.keys(value)) if (!columns.has(key)) columns.set(key, columns.size);
    objects.push(value as Record<string, unknown>);
    lines.push(lineNumber);
  }
  if (objects.length === 0) return failWith(file, 'the file holds no JSON objects');
  const names = [...columns.keys()];
  const rows = objects.map((object) => names.map((name) => cellText(object[name])));
  return ok({ columns: names, rows, lines: lines.toArray() });
}

function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

function checkHeader(header: string[], file: string): Result<string[]> {
  const names = header.map((name, i) => name.trim() || `column ${i + 1}`);
  const seen = new Map<string, number>();
  for (let i = 0; i < names.length; i++) {
    const previous = seen.get(names[i]);
    if (previous !== undefined) {
      return failWith(
        file,
        `column name '${names[i]}' appears twice (columns ${previous + 1} and ${i + 1}); rename one`,
        { line: 1 },
      );
    }
    seen.set(names[i], i);
  }
  if (names.length > 1 && header.every((name) => name.trim() !== '' && Number.isFinite(Number(name)))) {
    return failWith(file, 'the first line holds numbers, not column names; add a header row naming the columns', {
      line: 1,
    });
  }
  return ok(names);
}

function describeCsvError(error: unknown, text: string, file: string, lastLine: number, quotedCrlf: number): DataError {
  const csv = error as { code?: string; lines?: number; message?: string };
  if (csv.code === 'CSV_QUOTE_NOT_CLOSED') {
    const line = firstNonBlankLineAfter(text, lastLine);
    return dataError(
      file,
      "a quoted field is never closed: its opening '\"' has no closing '\"' before the end of the file",
      { line },
    );
  }
  const problem = (csv.message ?? String(error)).replace(/\s+at line \d+.*$/s, '');
  if (typeof csv.lines === 'number') return dataError(file, problem, { line: csv.lines - quotedCrlf });
  return dataError(file, problem);
}

/** 1-based number of the first line after `line` that is not blank. */
function firstNonBlankLineAfter(text: string, line: number): number {
  let offset = 0;
  for (let n = 0; n < line && offset >= 0; n++) {
    offset = text.indexOf('\n', offset);
    if (offset >= 0) offset++;
  }
  let current = line + 1;
  while (offset >= 0 && offset < text.length) {
    const end = text.indexOf('\n', offset);
    const content = text.slice(offset, end < 0 ? text.length : end);
    if (content.trim() !== '') return current;
    if (end < 0) break;
    offset = end + 1;
    current++;
  }
  return line + 1;
}

/** Line breaks inside a field (CRLF, LF and lone CR count once each) and how many were CRLF. */
function countBreaks(field: string): { breaks: number; crlf: number } {
  let breaks = 0;
  let crlf = 0;
  for (let i = 0; i < field.length; i++) {
    const c = field.charCodeAt(i);
    if (c === 10) breaks++;
    else if (c === 13) {
      if (field.charCodeAt(i + 1) === 10) {
        crlf++;
        i++;
      }
      breaks++;
    }
  }
  return { breaks, crlf };
}

function raggedHint(delimiter: string): string {
  const sep = delimiter === '\t' ? 'tab' : 'comma';
  return ` (a field containing a ${sep} must be in double quotes)`;
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
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
