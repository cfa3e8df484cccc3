/**
 * A selection of rows of a wide table (a date and one column per series: `date,store_1,store_2,…`) for a
 * model trained on one: whole rows, with or without the header line (without it, the training file's
 * columns stored in the checkpoint are used). Each of the model's series columns in the rows becomes one
 * series of the same `LongSelection` a long file gives, so the forecast, the picker and the gates follow
 * one path; the forecast is inserted back as wide rows (the date and the chosen series' column filled).
 */

import type { DatasetMetadata } from '../../data/dataset-metadata';
import type { ForecastInputsJSON } from '../../data/series-inputs';
import { number, type Parsed } from '../../inference/numeric-selection';
import type { LongSelection, SelectedSeries } from './series-selection-types';

const SEPARATORS = ['\t', ';', ','];

export function parseWideSelection(text: string, dataset: DatasetMetadata): Parsed<LongSelection> {
  const inputs = dataset.forecastInputs as ForecastInputsJSON;
  const seriesColumns = inputs.wide ?? [];
  const date = dataset.columns.date;
  const fail = (problem: string): Parsed<LongSelection> => ({ ok: false, problem });
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const separator = SEPARATORS.find((s) => lines.some((line) => line.includes(s))) ?? ',';
  const cells = lines.map((line) => line.split(separator).map((c) => c.trim().replace(/^"(.*)"$/, '$1')));
  // A header names the date or a series column; a row of the data holds neither (dates and numbers).
  const named = new Set([...seriesColumns, ...(date !== undefined ? [date] : [])]);
  const header = cells.length > 0 && cells[0].some((cell) => named.has(cell));
  const columns = header ? cells[0] : (inputs.tableColumns ?? []);
  const body = header ? cells.slice(1) : cells;
  const expected = `select whole rows of the wide table (${(inputs.tableColumns ?? seriesColumns).join(', ')}), with or without the header line`;
  if (body.length === 0) return fail(`the selection has no rows; ${expected}`);
  const dateAt = date === undefined ? -1 : columns.indexOf(date);
  if (inputs.calendar && dateAt < 0) return fail(`the rows have no date column '${date}'; ${expected}`);
  // The model's series in the rows' column order; columns it does not know are left out.
  const present = columns.filter((column) => seriesColumns.includes(column));
  if (present.length === 0)
    return fail(`the rows have none of the model's series columns (${seriesColumns.join(', ')}); ${expected}`);
  const series: SelectedSeries[] = present.map((id) => ({ id, rows: [], dates: [], future: [] }));
  const at = present.map((id) => columns.indexOf(id));
  let decimals = 0;
  for (let r = 0; r < body.length; r++) {
    const row = body[r];
    const where = `row ${r + 1}`;
    if (row.length !== columns.length)
      return fail(`${where} has ${row.length} cells, not ${columns.length}; ${expected}`);
    for (let s = 0; s < present.length; s++) {
      const cell = row[at[s]];
      const x = number(cell);
      if (x === null)
        return fail(
          cell === ''
            ? `${where}: series '${present[s]}' has no value; a wide row needs every series column filled`
            : `${where}: '${cell}' is not a number (series '${present[s]}')`,
        );
      decimals = Math.max(decimals, /\.(\d+)/.exec(cell)?.[1].length ?? 0);
      series[s].rows.push([x]);
      series[s].dates.push(dateAt >= 0 ? row[dateAt] : '');
    }
  }
  return { ok: true, value: { series, separator, decimals, columns, wide: true } };
}

/**
 * The forecast of one series as wide rows to insert after the selection: the date and that series'
 * column filled, every other column empty (the other series were not forecast).
 */
export function formatWideRows(
  selection: LongSelection,
  dataset: DatasetMetadata,
  one: SelectedSeries,
  values: readonly (readonly number[])[],
  dates: readonly string[],
): string {
  const fmt = (x: number) => x.toFixed(Math.min(6, Math.max(selection.decimals, 1)));
  return values
    .map((row, step) =>
      selection.columns
        .map((column) => (column === one.id ? fmt(row[0]) : column === dataset.columns.date ? (dates[step] ?? '') : ''))
        .join(selection.separator),
    )
    .map((line) => `\n${line}`)
    .join('');
}
