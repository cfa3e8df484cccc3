/**
 * Tables as a stream: CSV/TSV (RFC 4180 quoting) and JSON Lines parsed piece by piece, each row handed
 * to a sink as soon as it is complete, with the file line where it starts. Nothing is kept but the row
 * being read, so a ten-million-row file never exists as rows of strings. `parseTable` (table.ts) is this
 * parser fed the whole text as one piece, so both paths read a file the same way by construction.
 *
 * CSV/TSV is read by csv-parse's stream parser with `relax_quotes`, `relax_column_count` and
 * `skip_empty_lines`: the first line break outside quotes (CRLF, LF or CR) is the record delimiter from
 * then on; a quote opens a quoted field only as a field's first character; a closing quote followed by
 * anything but a delimiter, a record delimiter or the end is kept as text. Lines count LF, CRLF and a
 * lone CR once each, inside quotes too.
 */

import { parse, type CsvError, type Info, type Parser } from 'csv-parse';
import { dataError, failWith, ok, type DataError, type Result } from './errors';
import { jsonSyntaxProblem } from '../protocol/json-syntax';
import * as l10n from '../protocol/l10n';

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

/** How a table is read besides its format. */
export interface TableReadOptions {
  /**
   * CSV/TSV: false when the first line is data, not column names (Tatoeba/Anki sentence pairs); the
   * columns are then named by position, `column 1`, `column 2`… (`positionalColumnName`). JSON Lines
   * always names its keys. Default true.
   */
  header?: boolean;
}

/** The name of the column at 0-based `index` of a table without a header row. */
export function positionalColumnName(index: number): string {
  return `column ${index + 1}`;
}

/** Reads a table from pieces of text, split anywhere (even inside a surrogate pair). */
export class TableStreamParser {
  private readonly reader: PieceReader;
  private problem: DataError | null = null;
  private finished = false;

  constructor(file: string, format: TableFormat, sink: TableRowSink, options: TableReadOptions = {}) {
    this.reader =
      format === 'jsonl'
        ? new JsonLinesReader(file, sink)
        : new DelimitedReader(file, format === 'tsv' ? '\t' : ',', sink, options.header ?? true);
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

/**
 * CSV/TSV through csv-parse's stream parser. Its `write` parses a piece and emits each complete record as
 * a 'data' event before returning (the last one at `end`), so rows reach the sink as the pieces arrive,
 * a problem is known when `push` returns, and the parser's line count is the record's when it is read.
 * (`on_record` would hand the line over too, but copies the parser's state for every record: 2.4 times
 * slower on ten million rows.)
 */
class DelimitedReader implements PieceReader {
  columns: string[] = [];
  private header: string[] | null = null;
  private rows = 0;
  private readonly parser: Parser;
  private readonly lines = new RecordLines();
  /** The problem that stopped the parse: ours (a ragged row, the header, the sink's) or csv-parse's. */
  private problem: DataError | null = null;
  /** The first half of a surrogate pair that ended the last piece. */
  private highSurrogate = '';

  constructor(
    private readonly file: string,
    private readonly delimiter: ',' | '\t',
    private readonly sink: TableRowSink,
    private readonly hasHeader: boolean,
  ) {
    this.parser = parse({ delimiter, relax_column_count: true, relax_quotes: true, skip_empty_lines: true });
    this.parser.on('data', (record: string[]) => {
      // After a problem the rest of the piece being written is still parsed, and ignored here.
      if (this.problem === null) this.problem = this.onRecord(record, this.parser.info);
    });
    // An error is read from `errored` right after `write`/`end`; the 'error' event itself comes a tick
    // later and, unheard, would crash the process.
    this.parser.on('error', () => undefined);
  }

  read(piece: string, final: boolean): DataError | null {
    let text = this.highSurrogate.length > 0 ? this.highSurrogate + piece : piece;
    this.highSurrogate = '';
    if (!final && isHighSurrogate(text.charCodeAt(text.length - 1))) {
      // Written alone, half a surrogate pair would become U+FFFD in the bytes csv-parse reads: wait for the rest.
      this.highSurrogate = text.slice(-1);
      text = text.slice(0, -1);
    }
    if (text.length > 0) this.parser.write(text);
    if (final) this.parser.end();
    if (this.parser.readableLength !== 0) throw new Error('csv-parse held records back instead of emitting them');
    const error = this.parser.errored;
    if (this.problem === null && error !== null) this.problem = this.describe(error);
    return this.problem;
  }

  end(): Result<TableShape> {
    if (this.header === null) return failWith(this.file, l10n.t('the file has no header row and no data'));
    if (this.rows === 0) return failWith(this.file, l10n.t('the file has a header row but no data rows'), { line: 1 });
    return ok({ columns: this.columns, rows: this.rows });
  }

  private onRecord(record: string[], info: Info): DataError | null {
    const line = this.lines.recordStart(record, info);
    if (record.length === 1 && record[0].trim() === '') return null; // a line of spaces
    if (this.header === null) {
      this.header = record;
      if (!this.hasHeader) {
        // The first line is a row: the columns are named by position and the row read below.
        this.columns = record.map((_, i) => positionalColumnName(i));
        const problem = this.sink.header(this.columns, true);
        if (problem) return problem;
      } else {
        const columns = checkHeader(record, this.file);
        if (!columns.ok) return columns.error;
        this.columns = columns.value;
        return this.sink.header(this.columns, true);
      }
    }
    if (record.length !== this.header.length) {
      const expected = this.header.length;
      const sep = this.delimiter === '\t' ? 'tab' : 'comma';
      return dataError(
        this.file,
        l10n.t(
          'expected {0} {1}, found {2} (a field containing a {3} must be in double quotes)',
          expected,
          plural(expected, 'column'),
          record.length,
          sep,
        ),
        { line },
      );
    }
    this.rows++;
    return this.sink.row(record, line);
  }

  /** csv-parse's own error, with our wording for the one these options leave: an unclosed quote. */
  private describe(error: Error): DataError {
    const csv = error as Partial<CsvError>;
    if (csv.code === 'CSV_QUOTE_NOT_CLOSED') {
      return dataError(
        this.file,
        l10n.t("a quoted field is never closed: its opening '\"' has no closing '\"' before the end of the file"),
        { line: this.lines.nextRecordStart(this.parser.info) },
      );
    }
    const problem = error.message.replace(/\s+at line \d+.*$/s, '');
    const line = typeof csv.lines === 'number' ? this.lines.fileLine(csv.lines) : undefined;
    return line === undefined ? dataError(this.file, problem) : dataError(this.file, problem, { line });
  }
}

/**
 * The file line where each record starts, from csv-parse's line count when the record ends. That count
 * takes a CRLF inside quotes as two lines; we count every line end once (CRLF, LF or a lone CR), so the
 * drift is undone, and the record's own line breaks lead back to its first line.
 */
class RecordLines {
  /** CRLFs inside quoted fields so far: how far csv-parse's count is ahead of the file's lines. */
  private quotedCrlf = 0;
  /** The line where the last record ended, and csv-parse's count of skipped empty lines by then. */
  private lastEnd = 0;
  private emptyLinesByLastEnd = 0;

  recordStart(record: readonly string[], info: Info): number {
    let breaks = 0;
    for (const field of record) {
      if (field.indexOf('\n') < 0 && field.indexOf('\r') < 0) continue;
      for (let i = 0; i < field.length; i++) {
        const c = field.charCodeAt(i);
        if (c === LF) breaks++;
        else if (c === CR) {
          breaks++;
          if (field.charCodeAt(i + 1) === LF) {
            this.quotedCrlf++;
            i++;
          }
        }
      }
    }
    this.lastEnd = this.fileLine(info.lines);
    this.emptyLinesByLastEnd = info.empty_lines;
    return this.lastEnd - breaks;
  }

  /** Where a record not yet ended starts: after the last one and the empty lines skipped since. */
  nextRecordStart(info: Info): number {
    return this.lastEnd + 1 + info.empty_lines - this.emptyLinesByLastEnd;
  }

  /** The file line of csv-parse's line count `lines`. */
  fileLine(lines: number): number {
    return lines - this.quotedCrlf;
  }
}

const CR = 13;
const LF = 10;

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
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
    if (this.rows === 0) return failWith(this.file, l10n.t('the file holds no JSON objects'));
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
      const problem = where
        ? l10n.t('not valid JSON ({0}); each line must hold one JSON object', where)
        : l10n.t('not valid JSON; each line must hold one JSON object');
      return dataError(this.file, problem, {
        line: this.lineNumber,
      });
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      const found = value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
      // The example object's braces would read as placeholders: it is an argument.
      return dataError(
        this.file,
        l10n.t('expected a JSON object like {0}, found {1}', '{"text": "...", "label": "..."}', found),
        {
          line: this.lineNumber,
        },
      );
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
        l10n.t("column name '{0}' appears twice (columns {1} and {2}); rename one", names[i], previous + 1, i + 1),
        { line: 1 },
      );
    }
    seen.set(names[i], i);
  }
  if (names.length > 1 && header.every((name) => name.trim() !== '' && Number.isFinite(Number(name)))) {
    return failWith(
      file,
      l10n.t('the first line holds numbers, not column names; add a header row naming the columns'),
      {
        line: 1,
      },
    );
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
  options: TableReadOptions = {},
): Promise<Result<TableShape>> {
  const parser = new TableStreamParser(file, format, sink, options);
  const streamed = await stream((piece) => void parser.push(piece));
  if (!streamed.ok) return streamed;
  return parser.finish();
}
