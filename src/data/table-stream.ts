/**
 * Tables as a stream: CSV/TSV (RFC 4180 quoting) and JSON Lines parsed piece by piece, each row handed
 * to a sink as soon as it is complete, with the file line where it starts. Nothing is kept but the row
 * being read, so a ten-million-row file never exists as rows of strings. `parseTable` (table.ts) is this
 * parser fed the whole text as one piece, so both paths read a file the same way by construction.
 *
 * The delimited reader follows csv-parse with `relax_quotes`, `relax_column_count` and
 * `skip_empty_lines` (the library this replaced): the first line break outside quotes (CRLF, LF or CR)
 * is the record delimiter from then on; a quote opens a quoted field only as a field's first character;
 * a closing quote followed by anything but a delimiter, a record delimiter or the end is kept as text.
 * Lines count LF, CRLF and a lone CR once each, inside quotes too.
 */

import { dataError, failWith, ok, type DataError, type Result } from './errors';
import { jsonSyntaxProblem } from '../protocol/json-syntax';

export type TableFormat = 'csv' | 'tsv' | 'jsonl';

/** Where parsed rows go. Returning a problem stops the parse with it. */
export interface TableRowSink {
  /**
   * The checked column names, once, before the first row. `complete`: the list is final (CSV/TSV: the
   * header; a table held whole). JSON Lines streamed: the list the parser keeps growing as new keys
   * appear, empty at this call.
   */
  header(columns: readonly string[], complete: boolean): DataError | null;
  /**
   * One row: a cell per column known so far (JSON Lines: later keys are not in earlier rows, and a
   * missing cell is empty). `cells` is the sink's to keep. `line` is the 1-based line where it starts.
   */
  row(cells: string[], line: number): DataError | null;
}

/** What a whole parse saw. */
export interface TableShape {
  columns: string[];
  rows: number;
}

const QUOTE = 34;
const CR = 13;
const LF = 10;

/** Reads a table from pieces of text (pieces may split anything but a code point). */
export class TableStreamParser {
  private readonly reader: PieceReader;
  private problem: DataError | null = null;
  private finished = false;

  constructor(file: string, format: TableFormat, sink: TableRowSink) {
    this.reader =
      format === 'jsonl' ? new JsonLinesReader(file, sink) : new DelimitedReader(file, format === 'tsv' ? 9 : 44, sink);
  }

  /** Column names (JSON Lines: those seen so far). */
  get columns(): readonly string[] {
    return this.reader.columns;
  }

  /** Parses one more piece; the first problem stops the parse and is returned from then on. */
  push(piece: string): DataError | null {
    if (this.finished) throw new Error('TableStreamParser: push after finish');
    if (this.problem === null && piece.length > 0) this.problem = this.reader.read(piece, false);
    return this.problem;
  }

  /** Ends the input: the last row, and the checks on the whole file. */
  finish(): Result<TableShape> {
    if (this.finished) throw new Error('TableStreamParser: finish called twice');
    this.finished = true;
    if (this.problem === null) this.problem = this.reader.read('', true);
    if (this.problem !== null) return { ok: false, error: this.problem };
    return this.reader.end();
  }
}

interface PieceReader {
  readonly columns: readonly string[];
  /** Reads a piece (`final`: nothing follows); a problem stops. */
  read(piece: string, final: boolean): DataError | null;
  /** The whole-file checks once everything was read. */
  end(): Result<TableShape>;
}

class DelimitedReader implements PieceReader {
  columns: string[] = [];
  private header: string[] | null = null;
  private rows = 0;
  /** Text held back from the last piece because deciding it needs the next character(s). */
  private carry = '';
  private quoting = false;
  private wasQuoting = false;
  /** The current field's text read from earlier pieces (or rebuilt around a relaxed quote). */
  private field = '';
  /** Whether the current field has any character (csv-parse opens a quote only on an empty field). */
  private fieldStarted = false;
  private record: string[] = [];
  /** The record delimiter once found: CRLF, LF or CR; '' before the first line break outside quotes. */
  private recordDelimiter = '';
  private line = 1;
  private recordLine = 1;
  private afterCR = false;

  constructor(
    private readonly file: string,
    private readonly delimiter: number,
    private readonly sink: TableRowSink,
  ) {}

  read(piece: string, final: boolean): DataError | null {
    const s = this.carry.length > 0 ? this.carry + piece : piece;
    this.carry = '';
    const n = s.length;
    const delimiter = this.delimiter;
    // Start of the current field's text within `s` (from `segment` to the current position).
    let segment = 0;
    for (let i = 0; i < n; i++) {
      const c = s.charCodeAt(i);
      if (this.quoting) {
        if (c === QUOTE) {
          this.afterCR = false;
          if (!final && i + 2 >= n) {
            // A quote's meaning depends on the next two characters (`""`, `"` + CRLF): wait for them.
            this.field += s.slice(segment, i);
            this.carry = s.slice(i);
            return null;
          }
          const next = i + 1 < n ? s.charCodeAt(i + 1) : -1;
          if (next === QUOTE) {
            this.field += s.slice(segment, i); // a doubled quote is one quote: keep the second
            segment = i + 1;
            i++;
            continue;
          }
          this.field += s.slice(segment, i);
          this.quoting = false;
          this.wasQuoting = true;
          if (next === -1 || next === delimiter || this.isRecordDelimiterAt(s, i + 1)) {
            segment = i + 1;
            continue;
          }
          // A closing quote followed by text: csv-parse keeps both quotes and reads on unquoted.
          this.field = `"${this.field}`;
          segment = i;
          continue;
        }
        if (c === CR || c === LF) {
          this.countBreak(c);
          continue;
        }
        this.afterCR = false;
        // Plain text up to the next quote or line break: nothing to decide.
        while (i + 1 < n) {
          const d = s.charCodeAt(i + 1);
          if (d === QUOTE || d === CR || d === LF) break;
          i++;
        }
        continue;
      }
      if (c === CR || c === LF) {
        if (c === CR && !final && i + 1 >= n) {
          this.field += s.slice(segment, i); // CR or CRLF: wait for the next character
          this.carry = s.slice(i);
          return null;
        }
        if (this.recordDelimiter === '') {
          this.recordDelimiter = c === LF ? '\n' : s.charCodeAt(i + 1) === LF ? '\r\n' : '\r';
        }
        if (this.isRecordDelimiterAt(s, i)) {
          const length = this.recordDelimiter.length;
          const value = this.field + s.slice(segment, i);
          if (!(c === LF && this.afterCR)) this.line++; // the LF of a CRLF whose CR was text
          this.afterCR = false;
          i += length - 1;
          segment = i + 1;
          if (!this.wasQuoting && this.record.length === 0 && !this.fieldStarted) {
            this.recordLine = this.line; // an empty line
            continue;
          }
          this.record.push(value);
          const problem = this.endRecord();
          this.recordLine = this.line;
          if (problem) return problem;
          continue;
        }
        this.countBreak(c);
        this.fieldStarted = true;
        continue;
      }
      this.afterCR = false;
      if (c === delimiter) {
        this.record.push(this.field + s.slice(segment, i));
        this.resetField();
        segment = i + 1;
        continue;
      }
      if (c === QUOTE && !this.fieldStarted) {
        this.quoting = true;
        this.fieldStarted = true;
        segment = i + 1;
        continue;
      }
      this.fieldStarted = true;
      // Plain text up to the next delimiter or line break (a quote inside an unquoted field is text).
      while (i + 1 < n) {
        const d = s.charCodeAt(i + 1);
        if (d === delimiter || d === CR || d === LF) break;
        i++;
      }
    }
    this.field += s.slice(segment);
    if (!final) return null;
    if (this.quoting) {
      return dataError(
        this.file,
        "a quoted field is never closed: its opening '\"' has no closing '\"' before the end of the file",
        { line: this.recordLine },
      );
    }
    if (this.wasQuoting || this.record.length > 0 || this.fieldStarted) {
      this.record.push(this.field);
      return this.endRecord();
    }
    return null;
  }

  end(): Result<TableShape> {
    if (this.header === null) return failWith(this.file, 'the file has no header row and no data');
    if (this.rows === 0) return failWith(this.file, 'the file has a header row but no data rows', { line: 1 });
    return ok({ columns: this.columns, rows: this.rows });
  }

  private isRecordDelimiterAt(s: string, i: number): boolean {
    const d = this.recordDelimiter;
    if (d === '') {
      const c = s.charCodeAt(i);
      return c === CR || c === LF; // found here (csv-parse discovers it while checking a closing quote)
    }
    return d.length === 1 ? s.charCodeAt(i) === d.charCodeAt(0) : s.charCodeAt(i) === CR && s.charCodeAt(i + 1) === LF;
  }

  /** Counts a line break that is not a record delimiter (inside quotes, or a stray one in a field). */
  private countBreak(c: number): void {
    if (c === CR) {
      this.line++;
      this.afterCR = true;
    } else {
      if (c === LF && !this.afterCR) this.line++;
      this.afterCR = false;
    }
  }

  private resetField(): void {
    this.field = '';
    this.fieldStarted = false;
    this.wasQuoting = false;
  }

  private endRecord(): DataError | null {
    const record = this.record;
    const line = this.recordLine;
    this.record = [];
    this.resetField();
    if (record.length === 1 && record[0].trim() === '') return null; // a line of spaces
    if (this.header === null) {
      this.header = record;
      const columns = checkHeader(record, this.file);
      if (!columns.ok) return columns.error;
      this.columns = columns.value;
      return this.sink.header(this.columns, true);
    }
    if (record.length !== this.header.length) {
      const expected = this.header.length;
      const sep = this.delimiter === 9 ? 'tab' : 'comma';
      return dataError(
        this.file,
        `expected ${expected} ${plural(expected, 'column')}, found ${record.length} (a field containing a ${sep} must be in double quotes)`,
        { line },
      );
    }
    this.rows++;
    return this.sink.row(record, line);
  }
}

/**
 * JSON Lines: one JSON object per line (split at LF; surrounding spaces and a CR trimmed), blank lines
 * skipped. Values become cells: strings as they are, numbers and booleans as text, null or a missing key
 * as an empty cell, arrays and objects as JSON. Columns are the keys in order of first appearance.
 */
class JsonLinesReader implements PieceReader {
  readonly columns: string[] = [];
  private readonly index = new Map<string, number>();
  private partial = '';
  private lineNumber = 0;
  private rows = 0;

  constructor(
    private readonly file: string,
    private readonly sink: TableRowSink,
  ) {}

  read(piece: string, final: boolean): DataError | null {
    let start = 0;
    for (;;) {
      const end = piece.indexOf('\n', start);
      if (end < 0) break;
      const text = this.partial.length > 0 ? this.partial + piece.slice(start, end) : piece.slice(start, end);
      this.partial = '';
      start = end + 1;
      const problem = this.readLine(text);
      if (problem) return problem;
    }
    this.partial += piece.slice(start);
    if (!final) return null;
    const last = this.partial;
    this.partial = '';
    return last.length > 0 ? this.readLine(last) : null;
  }

  end(): Result<TableShape> {
    if (this.rows === 0) return failWith(this.file, 'the file holds no JSON objects');
    return ok({ columns: this.columns, rows: this.rows });
  }

  private readLine(raw: string): DataError | null {
    this.lineNumber++;
    const line = raw.trim();
    if (line === '') return null;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      const where = jsonSyntaxProblem(error);
      return dataError(this.file, `not valid JSON${where ? ` (${where})` : ''}; each line must hold one JSON object`, {
        line: this.lineNumber,
      });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      return dataError(this.file, `expected a JSON object like {"text": "...", "label": "..."}, found ${found}`, {
        line: this.lineNumber,
      });
    }
    if (this.rows === 0) {
      const problem = this.sink.header(this.columns, false);
      if (problem) return problem;
    }
    const object = value as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      if (!this.index.has(key)) {
        this.index.set(key, this.columns.length);
        this.columns.push(key);
      }
    }
    this.rows++;
    return this.sink.row(
      this.columns.map((name) => cellText(object[name])),
      this.lineNumber,
    );
  }
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

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}

/**
 * Streams a file's text (`stream` reads it once, piece by piece: see `DatasetFile.stream`) through the
 * parser into `sink`. After a problem the rest of the file is read but not parsed.
 */
export async function streamTable(
  stream: (onText: (piece: string) => void) => Promise<Result<unknown>>,
  file: string,
  format: TableFormat,
  sink: TableRowSink,
): Promise<Result<TableShape>> {
  const parser = new TableStreamParser(file, format, sink);
  const streamed = await stream((piece) => void parser.push(piece));
  if (!streamed.ok) return streamed;
  return parser.finish();
}
