/**
 * The data side of many series with calendar and known-future inputs: calendar features against
 * hand-computed values (a leap day, a year boundary, an hour read as written whatever the time zone),
 * holiday flags for known dates, the long reader's grouping and its errors, per-series normalisation,
 * and windows that never cross two series and carry the known-future values on their horizon steps.
 */

import { describe, expect, it } from 'vitest';
import {
  calendarPhase,
  detectFrequency,
  isoWeek,
  nextTime,
  parseDateUtc,
  writeCalendarFeatures,
} from '../../../src/data/calendar-features';
import { parseTable } from '../../../src/data/table';
import { holidayCalendar, type HolidayCalendar } from '../../../src/data/series-holidays';
import { stepLayout, stepInputNames, type ForecastInputsJSON } from '../../../src/data/series-inputs';
import { LongSeriesReader } from '../../../src/data/series-long';
import { buildSeriesSteps, fitSeriesNormalization } from '../../../src/data/series-steps';
import { seriesValidationUnits, trainingWindowStarts, validationWindowStarts } from '../../../src/data/series-windows';
import { replayTable } from '../../../src/data/table';

const day = (text: string) => parseDateUtc(text);

describe('calendar features', () => {
  it('reads dates as written, in UTC: a leap day, an invalid day, an hour on a DST night', () => {
    expect(day('2024-02-29')).toBe(Date.UTC(2024, 1, 29));
    expect(day('2023-02-29')).toBeNaN();
    // 02:30 on the night European clocks jump forward is 02:30 here.
    expect(new Date(day('2024-03-31 02:30')).getUTCHours()).toBe(2);
    expect(day('2024-03-31T02:30:00+02:00')).toBe(Date.UTC(2024, 2, 31, 2, 30));
  });

  it('encodes each field as sin/cos of its phase, computed by hand', () => {
    const leap = day('2024-02-29'); // a Thursday, ISO week 9, day 29 of 29
    expect(calendarPhase('dayOfWeek', leap)).toBeCloseTo(3 / 7, 12);
    expect(calendarPhase('dayOfMonth', leap)).toBeCloseTo(28 / 29, 12);
    expect(calendarPhase('month', leap)).toBeCloseTo(1 / 12, 12);
    expect(isoWeek(leap)).toBe(9);
    // 2021-01-01 is a Friday in ISO week 53 of 2020; 2024-12-30 is a Monday in week 1 of 2025.
    expect(isoWeek(day('2021-01-01'))).toBe(53);
    expect(isoWeek(day('2024-12-30'))).toBe(1);
    const out = new Float32Array(4);
    writeCalendarFeatures(['dayOfWeek', 'hourOfDay'], day('2024-01-01 06:00'), out, 0); // Monday, 06:00
    expect(Array.from(out)).toEqual([0, 1, 1, expect.closeTo(0, 6)]);
  });

  it('detects the frequency and continues dates at it', () => {
    const daily = [0, 1, 2, 3].map((d) => Date.UTC(2024, 0, 1 + d));
    expect(detectFrequency(daily)).toBe('daily');
    expect(detectFrequency([0, 3_600_000, 7_200_000])).toBe('hourly');
    expect(detectFrequency([Date.UTC(2024, 0, 31), Date.UTC(2024, 1, 29), Date.UTC(2024, 2, 31)])).toBe('monthly');
    expect(detectFrequency([0, 5 * 60_000])).toEqual({ problem: expect.stringContaining('not hourly, daily') });
    expect(new Date(nextTime(Date.UTC(2024, 0, 31), 'monthly')).toISOString().slice(0, 10)).toBe('2024-02-29');
  });

  it('flags public holidays of a country for known dates', () => {
    const us = holidayCalendar('us') as HolidayCalendar;
    expect(us.country).toBe('US');
    expect(us.isHoliday(day('2024-07-04'))).toBe(true);
    expect(us.isHoliday(day('2024-11-28'))).toBe(true); // Thanksgiving
    expect(us.isHoliday(day('2024-07-05'))).toBe(false);
    const de = holidayCalendar('DE') as HolidayCalendar;
    expect(de.isHoliday(day('2024-10-03 12:00'))).toBe(true); // German Unity Day, at noon
    expect(holidayCalendar('XX')).toEqual({ problem: expect.stringContaining("'XX' is not a country") });
  });
});

const LONG = [
  'store,date,sales,promo',
  ...['a', 'b'].flatMap((store, s) =>
    Array.from(
      { length: 10 },
      (_, d) => `${store},2024-01-${String(d + 1).padStart(2, '0')},${(s + 1) * 100 + d},${d % 2}`,
    ),
  ),
].join('\n');

function readLong(text: string, times = true) {
  const table = parseTable(text, 'stores.csv', 'csv');
  if (!table.ok) throw new Error(table.error.message);
  const reader = new LongSeriesReader(
    { features: ['sales', 'promo'], targets: ['sales'], date: 'date', seriesColumn: 'store', times },
    'stores.csv',
  );
  const problem = replayTable(table.value, reader);
  if (problem) return { ok: false as const, error: problem };
  return reader.finish();
}

describe('long-format series', () => {
  it('groups rows by series, in order of first appearance, with their times', () => {
    const read = readLong(LONG);
    if (!read.ok) throw new Error(read.error.message);
    expect(read.value.series.map((s) => [s.id, s.data.rows])).toEqual([
      ['a', 10],
      ['b', 10],
    ]);
    expect(read.value.frequency).toBe('daily');
    expect(Array.from(read.value.series[1].data.values.subarray(0, 4))).toEqual([200, 0, 201, 1]);
  });

  it('refuses a missing day naming the series, the line and the missing date', () => {
    const gap = LONG.split('\n')
      .filter((line) => line !== 'b,2024-01-04,203,1')
      .join('\n');
    const read = readLong(gap);
    expect(read.ok).toBe(false);
    if (!read.ok)
      expect(read.error.message).toBe(
        "stores.csv, line 15, column 'date': series 'b': 2024-01-05 follows 2024-01-03, but the data is daily: 2024-01-04 is missing; add the missing rows (calendar inputs need evenly spaced rows)",
      );
  });
});

describe('per-series normalisation and windows', () => {
  const read = readLong(LONG);
  if (!read.ok) throw new Error(read.error.message);
  const many = read.value;
  const trainRows = [8, 8];
  const fitted = fitSeriesNormalization(many, ['sales', 'promo'], trainRows, 'store');
  const inputs: ForecastInputsJSON = {
    format: 'lstm-studio-forecast-inputs/1',
    series: fitted.series,
    calendar: { frequency: 'daily', fields: ['dayOfWeek'] },
    knownFuture: ['promo'],
    futureSteps: true,
  };
  const steps = buildSeriesSteps({
    many,
    inputs,
    columns: ['sales', 'promo'],
    targetIndices: [0],
    normalization: fitted.series,
    trainRows,
    horizon: 2,
    holidays: null,
  });

  it('z-scores each series by its own training rows, and back', () => {
    // sales of a: 100…107 in training (mean 103.5); of b: 200…207 (mean 203.5); same spread.
    expect(fitted.series.mean.map((m) => m[0])).toEqual([103.5, 203.5]);
    expect(fitted.series.std[0][0]).toBeCloseTo(Math.sqrt(5.25), 12);
    const I = steps.width;
    for (const [row, value, s] of [
      [3, 103, 0],
      [12, 202, 1],
    ]) {
      const z = steps.history[row * I];
      expect(z * fitted.series.std[s][0] + fitted.series.mean[s][0]).toBeCloseTo(value, 4);
    }
  });

  it('lays out a step as features, series one-hot, calendar, future flag', () => {
    expect(stepLayout(inputs, 2).width).toBe(2 + 2 + 2 + 1);
    expect(stepInputNames(inputs, ['sales', 'promo'])).toEqual([
      'sales',
      'promo',
      'series=a',
      'series=b',
      'dayOfWeek.sin',
      'dayOfWeek.cos',
      'futureStep',
    ]);
  });

  it('never lets a window cross two series, and validates the tail of each', () => {
    // window 3 + horizon 2 within 8 training rows: starts 0…3 of each series (rows 10… are series b)
    expect(Array.from(trainingWindowStarts(steps, 3))).toEqual([0, 1, 2, 3, 10, 11, 12, 13]);
    // targets in rows 8, 9 of each: starts 5 (history from training rows) of a and 15 of b
    expect(Array.from(validationWindowStarts(steps, 3))).toEqual([5, 15]);
  });

  it('feeds the known-future values and calendar on the horizon steps, and zeroes the unknown ones', () => {
    const units = seriesValidationUnits(steps, 3);
    const [batch] = [...units.batches(2, null)];
    const I = steps.width;
    expect(batch.steps).toBe(5);
    const row = (b: number, t: number) => Array.from(batch.features!.subarray((b * 5 + t) * I, (b * 5 + t + 1) * I));
    // series b, first future step = row 8 of b (2024-01-09, a Tuesday, promo 0)
    const future = row(1, 3);
    expect(future[0]).toBe(0); // sales unknown
    expect(future[1]).toBeCloseTo((0 - fitted.series.mean[1][1]) / fitted.series.std[1][1], 6);
    expect(future.slice(2, 4)).toEqual([0, 1]);
    expect(future[4]).toBeCloseTo(Math.sin((2 * Math.PI * 1) / 7), 6);
    expect(future[6]).toBe(1);
    expect(row(1, 2)[6]).toBe(0); // a history step
    // targets: the sales of rows 8 and 9 of b, normalised
    expect(batch.targets[2] * fitted.series.std[1][0] + fitted.series.mean[1][0]).toBeCloseTo(208, 4);
    expect(batch.targets[3] * fitted.series.std[1][0] + fitted.series.mean[1][0]).toBeCloseTo(209, 4);
  });
});
