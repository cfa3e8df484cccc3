/**
 * Sentence-pair files without a header row — Tatoeba's and Anki's `English<TAB>French<TAB>attribution`
 * (`Go.\tVa !\tCC-BY 2.0 (France) Attribution: tatoeba.org #2877272 (CM) & #1158250 (Wittydev)`) —
 * read by a parser that takes the first line for column names. Whether that first line is data is a
 * judgement on its cells (`headerLooksLikeData`); such a table is then read with its columns named by
 * position (`column 1`, `column 2`…, the parser's `header: false`).
 */

import { isDateCell } from './cells';
import { positionalColumnName } from './table-stream';
import type { Table } from './table';

/** Sentence punctuation that ends a sentence, rarely a column name. */
const SENTENCE_END = /[.!?。！？…]$/u;
/** An attribution column of Tatoeba/Anki pair files. */
const ATTRIBUTION = /^CC[- ]BY\b/i;
/** Column names are short; a first-line cell of this many words is text. */
const SENTENCE_WORDS = 5;

/**
 * Whether the cells a parser took for column names look like a row of text: one ends like a sentence
 * (`Go.`, `Va !`), holds 5 words or more, or is a Creative Commons attribution; or, given the rows, one
 * is a date atop a column of dates (`2021-03-03`). (A column named by position, `column 2`, is a name:
 * a blank header cell gets that name from the parser.)
 */
export function headerLooksLikeData(columns: readonly string[], rows: readonly string[][] = []): boolean {
  return columns.some(
    (name, i) =>
      name !== positionalColumnName(i) &&
      (SENTENCE_END.test(name.trim()) ||
        name.trim().split(/\s+/).length >= SENTENCE_WORDS ||
        ATTRIBUTION.test(name) ||
        (isDateCell(name) && isDateColumn(rows, i))),
  );
}

/** The sampled rows' cells of column `index` are dates (all but one in twenty). */
function isDateColumn(rows: readonly string[][], index: number): boolean {
  const step = Math.max(1, Math.ceil(rows.length / DATE_SAMPLE_ROWS));
  let cells = 0;
  let dates = 0;
  for (let r = 0; r < rows.length; r += step) {
    const cell = rows[r][index] ?? '';
    if (cell.trim() === '') continue;
    cells++;
    if (isDateCell(cell)) dates++;
  }
  return cells > 0 && dates >= 0.95 * cells;
}

const DATE_SAMPLE_ROWS = 1000;

/**
 * A table parsed with a header read as one without: its column names become the first row (as the
 * parser trimmed them) and the columns are named by position. For scoring a sample; preparation parses
 * the text again with `header: false`, which keeps the first row exactly as written.
 */
export function asHeaderless(table: Table): Table {
  const lines = new Int32Array(table.lines.length + 1);
  lines[0] = 1;
  lines.set(table.lines, 1);
  return {
    columns: table.columns.map((_, i) => positionalColumnName(i)),
    rows: [[...table.columns], ...table.rows],
    lines,
  };
}

/** Whether `name` is a positional column name (`column 3`) — naming one asks to read a file as headerless. */
export function isPositionalColumnName(name: string): boolean {
  return /^column [1-9]\d*$/.test(name);
}
