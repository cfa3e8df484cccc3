/**
 * A selection of rows of a long-format (or dated) file for a forecaster with series, calendar or
 * known-future inputs: whole rows, with or without the header line (without it, the training file's
 * column order is used). Rows are grouped by series; trailing rows of a series whose forecast columns
 * are empty but whose known-future columns are filled are the forecast steps' known values.
 */

import type { DatasetMetadata } from '../../data/dataset-metadata';
import type { ForecastInputsJSON } from '../../data/series-inputs';
import { number, type Parsed } from '../../inference/numeric-selection';
import { formatWideRows, parseWideSelection } from './wide-selection';
import type { LongSelection, SelectedSeries } from './series-selection-types';

export type { LongSelection, SelectedSeries } from './series-selection-types';

const SEPARATORS = ['\t', ';', ','];

export function parseLongSelection(text: string, dataset: DatasetMetadata): Parsed<LongSelection> {
  const inputs = dataset.forecastInputs as ForecastInputsJSON;
  const features = dataset.featureColumns ?? [];
  const targets = dataset.columns.targets ?? [];
  if (inputs.wide) return parseWideSelection(text, dataset);
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line.length > 0);
  const fail = (problem: string): Parsed<LongSelection> => ({ ok: false, problem });
  const separator = SEPARATORS.find((s) => lines.some((line) => line.includes(s))) ?? ',';
  const cells = lines.map((line) => line.split(separator).map((c) => c.trim().replace(/^"(.*)"$/, '$1')));
  const header = cells.length > 0 && features.every((f) => cells[0].includes(f));
  const columns = header ? cells[0] : (inputs.tableColumns ?? []);
  const body = header ? cells.slice(1) : cells;
  const expected = `select whole rows of the file (${(inputs.tableColumns ?? features).join(', ')}), with or without the header line`;
  if (body.length === 0) return fail(`the selection has no rows; ${expected}`);
  const at = (name: string | undefined) => (name === undefined ? -1 : columns.indexOf(name));
  const featureAt = features.map(at);
  const seriesAt = at(inputs.series?.column);
  const dateAt = at(dataset.columns.date);
  if (featureAt.some((i) => i < 0) || (inputs.series && seriesAt < 0) || (inputs.calendar && dateAt < 0))
    return fail(expected);
  const targetSet = new Set(targets.map((t) => features.indexOf(t)));
  const known = inputs.knownFuture.map((name) => features.indexOf(name));
  const bySeries = new Map<string, SelectedSeries>();
  let decimals = 0;
  for (let r = 0; r < body.length; r++) {
    const row = body[r];
    const where = `row ${r + 1}`;
    if (row.length !== columns.length)
      return fail(`${where} has ${row.length} cells, not ${columns.length}; ${expected}`);
    const id = seriesAt >= 0 ? row[seriesAt] : '';
    let one = bySeries.get(id);
    if (!one) bySeries.set(id, (one = { id, rows: [], dates: [], future: [] }));
    const isFuture = [...targetSet].every((d) => row[featureAt[d]] === '');
    if (isFuture && one.rows.length > 0) {
      const values = known.map((d) => number(row[featureAt[d]]));
      if (values.some((v) => v === null))
        return fail(`${where}: a forecast step needs ${inputs.knownFuture.join(', ')} filled in`);
      one.future.push(values as number[]);
      continue;
    }
    if (one.future.length > 0) return fail(`${where}: history rows of series '${id}' come after its forecast steps`);
    const values: number[] = [];
    for (let d = 0; d < features.length; d++) {
      const cell = row[featureAt[d]];
      const x = number(cell);
      if (x === null) return fail(`${where}: '${cell}' is not a number (column '${features[d]}')`);
      decimals = Math.max(decimals, /\.(\d+)/.exec(cell)?.[1].length ?? 0);
      values.push(x);
    }
    one.rows.push(values);
    one.dates.push(dateAt >= 0 ? row[dateAt] : '');
  }
  return { ok: true, value: { series: [...bySeries.values()], separator, decimals, columns } };
}

/**
 * The forecast as rows of the file to insert after the selection: the series id, the date, the
 * forecast values and the known-future values given; other columns left empty.
 */
export function formatSeriesRows(
  selection: LongSelection,
  dataset: DatasetMetadata,
  one: SelectedSeries,
  values: readonly (readonly number[])[],
  dates: readonly string[],
): string {
  if (selection.wide) return formatWideRows(selection, dataset, one, values, dates);
  const inputs = dataset.forecastInputs as ForecastInputsJSON;
  const targets = dataset.columns.targets ?? [];
  const fmt = (x: number) => x.toFixed(Math.min(6, Math.max(selection.decimals, 1)));
  return values
    .map((row, step) =>
      selection.columns
        .map((column) => {
          if (column === inputs.series?.column) return one.id;
          if (column === dataset.columns.date) return dates[step] ?? '';
          const target = targets.indexOf(column);
          if (target >= 0) return fmt(row[target]);
          const known = inputs.knownFuture.indexOf(column);
          return known >= 0 && one.future[step] ? String(one.future[step][known]) : '';
        })
        .join(selection.separator),
    )
    .map((line) => `\n${line}`)
    .join('');
}
