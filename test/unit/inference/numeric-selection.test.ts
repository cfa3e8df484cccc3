/** Numbers selected in an editor → rows of a forecaster's columns, and forecast values written back. */

import { describe, expect, it } from 'vitest';
import {
  formatForecastForInsertion,
  nextDates,
  number,
  parseNumericSelection,
} from '../../../src/inference/numeric-selection';

const ONE = ['load'];
const TWO = ['load', 'temperature'];

function rows(text: string, features = ONE, date?: string) {
  const parsed = parseNumericSelection(text, features, date);
  if (!parsed.ok) throw new Error(parsed.problem);
  return parsed.value;
}

function problem(text: string, features = ONE, date?: string): string {
  const parsed = parseNumericSelection(text, features, date);
  if (parsed.ok) throw new Error('expected a problem');
  return parsed.problem;
}

describe('parseNumericSelection', () => {
  it('reads comma, space, semicolon, tab and newline separated numbers', () => {
    for (const text of ['1, 2.5, -3', '1 2.5 -3', '1;2.5;-3', '1\t2.5\t-3', '1\n2.5\n-3\n', '  1,2.5 ,  −3 ']) {
      expect(rows(text).rows).toEqual([[1], [2.5], [-3]]);
    }
  });

  it('remembers the layout: one line with its separator, or one value per line', () => {
    expect(rows('1, 2, 3').layout).toMatchObject({ kind: 'inline', separator: ', ', decimals: 0 });
    expect(rows('1,2,3').layout).toMatchObject({ kind: 'inline', separator: ',' });
    expect(rows('1 2 3').layout).toMatchObject({ kind: 'inline', separator: ' ' });
    expect(rows('1.25\n2.5').layout).toMatchObject({ kind: 'lines', decimals: 2 });
  });

  it('reads a flat list as whole rows of a multi-column model', () => {
    expect(rows('570.7, -1.2, 565.9, -1.9', TWO).rows).toEqual([
      [570.7, -1.2],
      [565.9, -1.9],
    ]);
    expect(problem('570.7, 565.9, 559.0', TWO)).toMatch(/3 values do not make whole rows of 2 \(load, temperature\)/);
  });

  it('reads CSV rows with a header naming the model columns, in any order, extra columns ignored', () => {
    const text =
      'date,temperature,load,humidity\n2023-01-02T00:00:00Z,-1.2,570.7,80\n2023-01-02T01:00:00Z,-1.9,565.9,81';
    const parsed = rows(text, TWO, 'date');
    expect(parsed.rows).toEqual([
      [570.7, -1.2],
      [565.9, -1.9],
    ]);
    expect(parsed.layout).toMatchObject({
      kind: 'table',
      header: true,
      dateColumn: 0,
      columns: ['date', 'temperature', 'load', 'humidity'],
    });
  });

  it('reads CSV rows without a header, after a date column', () => {
    const parsed = rows('2023-01-02T00:00:00Z,570.7,-1.2\n2023-01-02T01:00:00Z,565.9,-1.9', TWO, 'date');
    expect(parsed.rows).toEqual([
      [570.7, -1.2],
      [565.9, -1.9],
    ]);
    expect(parsed.layout).toMatchObject({ kind: 'table', header: false, dateColumn: 0 });
  });

  it('says why a selection is not usable', () => {
    expect(problem('the quick brown fox', TWO)).toBe(
      "'the' is not a number; a forecaster reads numbers: comma, space or newline separated, or CSV rows with the columns load, temperature",
    );
    expect(problem('1\n2\nabc\n4')).toMatch(/^line 3: 'abc' is not a number/);
    expect(problem('   \n ')).toMatch(/^the selection is empty/);
    expect(problem('date,load\n2023-01-01,12\n2023-01-02', ONE, 'date')).toBe(
      'line 3: expected 2 columns (date, load), found 1',
    );
    expect(problem('date,load,x\n2023-01-01,12,1\n2023-01-02,,2', ONE, 'date')).toBe("line 3, column 'load' is empty");
    expect(problem('date,temperature\n2023-01-01,1', TWO, 'date')).toBe(
      "the rows have no column 'load'; the model reads 'load', 'temperature'",
    );
    expect(problem('1,2,3\n4,5,6', TWO)).toBe(
      'each line has 3 values, but the model reads rows of 2 (load, temperature)',
    );
  });

  it('number() accepts plain decimal notation only', () => {
    expect(['1', '-2.5', '+3', '.5', '1e3', '"4"', '\u22127'].map(number)).toEqual([1, -2.5, 3, 0.5, 1000, 4, -7]);
    expect(['', 'abc', '1,5', '0x10', 'NaN', 'Infinity', '1.2.3'].map(number)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
    ]);
  });
});

describe('formatForecastForInsertion', () => {
  it('appends to the line, one per line, or as table rows with the next dates', () => {
    expect(formatForecastForInsertion({ kind: 'inline', separator: ', ', decimals: 1 }, [[1.234], [2]], ['load'])).toBe(
      ', 1.2, 2.0',
    );
    expect(formatForecastForInsertion({ kind: 'lines', separator: ' ', decimals: 2 }, [[1.234], [2]], ['load'])).toBe(
      '\n1.23\n2.00',
    );
    const layout = {
      kind: 'table' as const,
      separator: ',',
      decimals: 1,
      columns: ['date', 'load', 'temperature'],
      header: true,
      dateColumn: 0,
      lastDates: ['2023-01-02T00:00:00Z', '2023-01-02T01:00:00Z'],
    };
    expect(formatForecastForInsertion(layout, [[600.04], [610]], ['load'])).toBe(
      '\n2023-01-02T02:00:00Z,600.0,\n2023-01-02T03:00:00Z,610.0,',
    );
  });

  it('continues dates by their last interval, in their format', () => {
    expect(nextDates(['2024-01-30', '2024-01-31'], 2)).toEqual(['2024-02-01', '2024-02-02']);
    expect(nextDates(['2024-01-01T00:00:00.000Z', '2024-01-01T00:30:00.000Z'], 1)).toEqual([
      '2024-01-01T01:00:00.000Z',
    ]);
    expect(nextDates(['Monday', 'Tuesday'], 1)).toEqual([]);
  });
});

describe('prose selected for a forecaster', () => {
  it('names the first word that is not a number, even when the text has commas or semicolons', () => {
    expect(problem('The battery is weak. I was disappointed; it broke, twice.')).toMatch(/^'The' is not a number; /);
    expect(problem('1, 2, three')).toMatch(/^'three' is not a number; /);
  });
});
