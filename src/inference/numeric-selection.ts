/**
 * Numbers selected in an editor → rows of a forecaster's feature columns. Accepted: numbers separated
 * by commas, semicolons, tabs, spaces or newlines (`1, 2, 3` or one per line), and CSV/TSV rows — with a
 * header naming the model's columns (any order, extra columns ignored), or without one in the model's
 * column order, optionally after a date column. Also remembers the layout, so forecast values can be
 * written back the same way (`formatForecastForInsertion`).
 */

import type { NumberLayout } from '../protocol/prediction-inputs';

export type Parsed<T> = { ok: true; value: T } | { ok: false; problem: string };

export type { NumberLayout } from '../protocol/prediction-inputs';

export interface NumericSelection {
  /** Rows of the model's feature columns, in its order. */
  rows: number[][];
  layout: NumberLayout;
}

const SEPARATORS = ['\t', ';', ','];

/** Parses the selection for a model reading `features` (and, in its dataset, the date column `dateColumn`). */
export function parseNumericSelection(
  text: string,
  features: readonly string[],
  dateColumn?: string,
): Parsed<NumericSelection> {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const names = features.join(', ');
  const expect = `a forecaster reads numbers: comma, space or newline separated, or CSV rows with the column${features.length > 1 ? 's' : ''} ${names}`;
  if (lines.length === 0) return { ok: false, problem: `the selection is empty; ${expect}` };
  const separator = SEPARATORS.find((s) => lines.some((line) => line.includes(s))) ?? null;
  const split = (line: string) => (separator ? line.split(separator).map((c) => c.trim()) : line.split(/\s+/));
  const cells = lines.map(split);
  const decimals = Math.max(0, ...cells.flat().map(decimalsOf));
  const sep =
    separator === null ? ' ' : separator === '\t' || !text.includes(`${separator} `) ? separator : `${separator} `;

  const headerColumns = cells[0].some((c) => number(c) === null) ? matchHeader(cells[0], features, dateColumn) : null;
  if (headerColumns) return parseTable(cells, features, headerColumns, separator ?? ' ', decimals);

  const width = cells[0].length;
  const rectangular = lines.length > 1 && width > 1 && cells.every((row) => row.length === width);
  if (rectangular && features.length > 1) {
    const dated = width === features.length + 1 && cells.every((row) => number(row[0]) === null);
    if (width !== features.length && !dated) {
      return {
        ok: false,
        problem: `each line has ${width} values, but the model reads rows of ${features.length} (${names})`,
      };
    }
    const first = dated ? 1 : 0;
    const rows: number[][] = [];
    for (let r = 0; r < cells.length; r++) {
      const row: number[] = [];
      for (let k = first; k < width; k++) {
        const x = number(cells[r][k]);
        if (x === null) return { ok: false, problem: notANumber(cells[r][k], r + 1, lines.length, expect) };
        row.push(x);
      }
      rows.push(row);
    }
    const columns = dated ? [dateColumn ?? 'date', ...features] : [...features];
    const lastDates = dated ? cells.map((row) => row[0]) : [];
    return {
      ok: true,
      value: {
        rows,
        layout: {
          kind: 'table',
          separator: separator ?? ' ',
          decimals,
          columns,
          header: false,
          dateColumn: dated ? 0 : null,
          lastDates,
        },
      },
    };
  }

  // A flat list of numbers (one line, one per line, or a block): whole rows of the features.
  const flat: number[] = [];
  for (let r = 0; r < cells.length; r++) {
    for (const cell of cells[r]) {
      if (cell === '') continue;
      const x = number(cell);
      if (x === null) return { ok: false, problem: notANumber(cell, r + 1, lines.length, expect) };
      flat.push(x);
    }
  }
  const D = features.length;
  if (flat.length % D !== 0) {
    return {
      ok: false,
      problem: `${flat.length} values do not make whole rows of ${D} (${names}); select CSV rows with ${D === 2 ? 'both' : 'all'} columns`,
    };
  }
  const rows: number[][] = [];
  for (let k = 0; k < flat.length; k += D) rows.push(flat.slice(k, k + D));
  const layout: NumberLayout =
    lines.length === 1 ? { kind: 'inline', separator: sep, decimals } : { kind: 'lines', separator: sep, decimals };
  return { ok: true, value: { rows, layout } };
}

function parseTable(
  cells: string[][],
  features: readonly string[],
  columns: string[],
  separator: string,
  decimals: number,
): Parsed<NumericSelection> {
  const lower = columns.map((c) => c.toLowerCase());
  const index = features.map((f) => lower.indexOf(f.toLowerCase()));
  const missing = features.filter((_, k) => index[k] < 0);
  if (missing.length > 0) {
    return {
      ok: false,
      problem: `the rows have no column ${missing.map((m) => `'${m}'`).join(', ')}; the model reads ${features.map((f) => `'${f}'`).join(', ')}`,
    };
  }
  const rows: number[][] = [];
  for (let r = 1; r < cells.length; r++) {
    const line = r + 1;
    if (cells[r].length !== columns.length)
      return {
        ok: false,
        problem: `line ${line}: expected ${columns.length} columns (${columns.join(', ')}), found ${cells[r].length}`,
      };
    const row: number[] = [];
    for (let k = 0; k < features.length; k++) {
      const cell = cells[r][index[k]];
      const x = number(cell);
      if (x === null)
        return {
          ok: false,
          problem:
            cell === ''
              ? `line ${line}, column '${features[k]}' is empty`
              : `line ${line}, column '${features[k]}': '${cell}' is not a number`,
        };
      row.push(x);
    }
    rows.push(row);
  }
  if (rows.length === 0) return { ok: false, problem: 'the selection has a header but no rows of numbers' };
  const dateColumn = columns.findIndex(
    (_, k) =>
      !index.includes(k) && cells.slice(1).every((row) => number(row[k]) === null && !Number.isNaN(Date.parse(row[k]))),
  );
  const lastDates = dateColumn >= 0 ? cells.slice(1).map((row) => row[dateColumn]) : [];
  return {
    ok: true,
    value: {
      rows,
      layout: {
        kind: 'table',
        separator,
        decimals,
        columns,
        header: true,
        dateColumn: dateColumn >= 0 ? dateColumn : null,
        lastDates,
      },
    },
  };
}

/** The header's cells when they name the model's columns (or its date column), else null. */
function matchHeader(first: string[], features: readonly string[], dateColumn?: string): string[] | null {
  const known = new Set([...features, ...(dateColumn ? [dateColumn] : [])].map((f) => f.toLowerCase()));
  const names = first.map((c) => c.replace(/^"(.*)"$/, '$1'));
  return names.some((c) => known.has(c.toLowerCase())) ? names : null;
}

function notANumber(cell: string, line: number, lines: number, expect: string): string {
  const where = lines > 1 ? `line ${line}: ` : '';
  // Prose split at a comma or semicolon: name its first word that is not a number, not the whole clause.
  const word = cell.split(/\s+/).find((w) => number(w) === null) ?? cell;
  return `${where}'${word.length > 40 ? `${word.slice(0, 40)}…` : word}' is not a number; ${expect}`;
}

/** A finite number, or null: accepts a leading `+`, the Unicode minus and surrounding quotes. */
export function number(cell: string): number | null {
  const text = cell
    .replace(/^"(.*)"$/, '$1')
    .replace(/\u2212/g, '-')
    .trim();
  if (text === '' || !/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(text)) return null;
  const x = Number(text);
  return Number.isFinite(x) ? x : null;
}

function decimalsOf(cell: string): number {
  const match = /\.(\d+)(?:e|$)/i.exec(cell.trim());
  return match && number(cell) !== null ? match[1].length : 0;
}

/**
 * Forecast values as text to insert after the selection, in the selection's layout: appended to the
 * line (`, 612.3, 615.0`), one per line, or table rows with the next dates and the targets in their
 * columns (other columns left empty, since the model does not predict them).
 */
export function formatForecastForInsertion(
  layout: NumberLayout,
  values: readonly (readonly number[])[],
  targets: readonly string[],
): string {
  const fmt = (x: number) => x.toFixed(Math.min(6, Math.max(layout.decimals, 1)));
  if (layout.kind === 'inline')
    return values.map((row) => layout.separator + row.map(fmt).join(layout.separator)).join('');
  if (layout.kind === 'lines') return values.map((row) => `\n${row.map(fmt).join(layout.separator)}`).join('');
  const dates = nextDates(layout.lastDates, values.length);
  const lines = values.map((row, step) =>
    layout.columns
      .map((column, k) => {
        if (k === layout.dateColumn) return dates[step] ?? '';
        const target = targets.findIndex((t) => t.toLowerCase() === column.toLowerCase());
        return target >= 0 ? fmt(row[target]) : '';
      })
      .join(layout.separator),
  );
  return lines.map((line) => `\n${line}`).join('');
}

/** Continues a series of timestamps by its last interval, in the same format (ISO date or date-time). */
export function nextDates(dates: readonly string[], count: number): string[] {
  if (dates.length < 2) return [];
  const last = Date.parse(dates[dates.length - 1]);
  const step = last - Date.parse(dates[dates.length - 2]);
  if (!Number.isFinite(last) || !Number.isFinite(step) || step <= 0) return [];
  const sample = dates[dates.length - 1];
  const format = (ms: number) => {
    const iso = new Date(ms).toISOString();
    if (/^\d{4}-\d{2}-\d{2}$/.test(sample)) return iso.slice(0, 10);
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/.test(sample)) return iso.replace('.000Z', 'Z');
    if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(sample)) return iso;
    return '';
  };
  return Array.from({ length: count }, (_, k) => format(last + (k + 1) * step));
}
