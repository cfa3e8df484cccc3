/**
 * Predict on Selection for a model trained on a wide table: rows of the table (with or without its
 * header; without it the checkpoint's columns) read as one series per column, with one-line errors naming
 * the row and series, and the forecast written back as wide rows.
 */

import { describe, expect, it } from 'vitest';
import type { DatasetMetadata } from '../../../../src/data/dataset-metadata';
import { formatSeriesRows, parseLongSelection } from '../../../../src/tasks/forecasting/series-selection';
import { parseWideSelection } from '../../../../src/tasks/forecasting/wide-selection';

/** What a wide model's checkpoint stores about its table: `date,store_1,store_2,store_3`, daily. */
function wideDataset(calendar = true): DatasetMetadata {
  const ids = ['store_1', 'store_2', 'store_3'];
  return {
    format: 'lstm-studio-dataset/1',
    file: 'stores-wide.csv',
    fingerprint: 'sha256:0',
    fileFormat: 'csv',
    kind: 'series',
    task: 'forecasting',
    columns: { features: ['value'], targets: ['value'], date: 'date', series: 'series', wide: ids },
    featureColumns: ['value'],
    horizon: 2,
    forecastInputs: {
      format: 'lstm-studio-forecast-inputs/1',
      series: { column: 'series', ids, mean: [[10], [20], [30]], std: [[1], [2], [3]] },
      ...(calendar ? { calendar: { frequency: 'daily' as const, fields: ['dayOfWeek' as const] } } : {}),
      knownFuture: [],
      futureSteps: calendar,
      tableColumns: ['date', ...ids],
      wide: ids,
    },
  } as DatasetMetadata;
}

const rows = ['2024-01-01,10.5,20,30.25', '2024-01-02,11.5,21,31.25', '2024-01-03,12.5,22,32.25'];

describe('a selection of a wide table', () => {
  it('reads rows without the header in the checkpoint’s column order, one series per column', () => {
    const parsed = parseWideSelection(rows.join('\n'), wideDataset());
    if (!parsed.ok) throw new Error(parsed.problem);
    const { series, separator, decimals, columns, wide } = parsed.value;
    expect(series.map((s) => s.id)).toEqual(['store_1', 'store_2', 'store_3']);
    expect(series[0].rows).toEqual([[10.5], [11.5], [12.5]]);
    expect(series[2].rows).toEqual([[30.25], [31.25], [32.25]]);
    expect(series[1].dates).toEqual(['2024-01-01', '2024-01-02', '2024-01-03']);
    expect(series.every((s) => s.future.length === 0)).toBe(true);
    expect([separator, decimals, wide]).toEqual([',', 2, true]);
    expect(columns).toEqual(['date', 'store_1', 'store_2', 'store_3']);
  });

  it('reads a header in any column order, leaving columns the model does not know out', () => {
    const text = ['store_3;date;other;store_1', '1;2024-01-01;9;4', '2;2024-01-02;9;5'].join('\n');
    const parsed = parseWideSelection(text, wideDataset());
    if (!parsed.ok) throw new Error(parsed.problem);
    expect(parsed.value.series.map((s) => [s.id, s.rows.flat()])).toEqual([
      ['store_3', [1, 2]],
      ['store_1', [4, 5]],
    ]);
    expect(parsed.value.separator).toBe(';');
  });

  it('is what parseLongSelection gives for a wide model', () => {
    expect(parseLongSelection(rows.join('\n'), wideDataset())).toEqual(
      parseWideSelection(rows.join('\n'), wideDataset()),
    );
  });

  it('refuses what it cannot read in one line naming the row and the series', () => {
    const problem = (text: string, dataset = wideDataset()) => {
      const parsed = parseWideSelection(text, dataset);
      return parsed.ok ? 'read' : parsed.problem;
    };
    expect(problem('2024-01-01,1,x,3')).toBe("row 1: 'x' is not a number (series 'store_2')");
    expect(problem('2024-01-01,1,2,3\n2024-01-02,1,,3')).toBe(
      "row 2: series 'store_2' has no value; a wide row needs every series column filled",
    );
    expect(problem('2024-01-01,1,2')).toBe(
      'row 1 has 3 cells, not 4; select whole rows of the wide table (date, store_1, store_2, store_3), with or without the header line',
    );
    expect(problem('date,store_1,store_2,store_3')).toMatch(/^the selection has no rows; /);
    expect(problem('store_1,store_2\n1,2')).toMatch(/^the rows have no date column 'date'; /);
    expect(problem('date,north\n2024-01-01,3')).toMatch(
      /^the rows have none of the model's series columns \(store_1, store_2, store_3\)/,
    );
    // Without calendar inputs the date is not needed.
    expect(problem('store_1,store_2\n1,2', wideDataset(false))).toBe('read');
  });

  it('writes the forecast back as wide rows: the date and the forecast series’ column', () => {
    const parsed = parseWideSelection(['date,store_1,store_2,store_3', ...rows].join('\n'), wideDataset());
    if (!parsed.ok) throw new Error(parsed.problem);
    const one = parsed.value.series[1];
    const text = formatSeriesRows(parsed.value, wideDataset(), one, [[23.456], [24]], ['2024-01-04', '2024-01-05']);
    expect(text).toBe('\n2024-01-04,,23.46,\n2024-01-05,,24.00,');
  });
});
