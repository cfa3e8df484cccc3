import { describe, expect, it } from 'vitest';
import {
  baselineForecast,
  resolveSeason,
  seasonalNaiveScale,
  seasonFromDates,
} from '../../../../src/tasks/forecasting/baselines';

const series = [1, 2, 3, 4, 10, 20, 30, 40];
const history = (i: number) => series[i];

function forecastOf(kind: 'naive' | 'seasonalNaive' | 'drift', length: number, horizon: number, season: number) {
  const out = new Float64Array(horizon);
  baselineForecast(kind, history, length, horizon, season, out);
  return Array.from(out);
}

describe('baselines', () => {
  it('naive repeats the last value', () => {
    expect(forecastOf('naive', 8, 3, 4)).toEqual([40, 40, 40]);
  });

  it('seasonal naive repeats the last season, step by step', () => {
    expect(forecastOf('seasonalNaive', 8, 6, 4)).toEqual([10, 20, 30, 40, 10, 20]);
    // A history shorter than a season, or no season: the naive forecast.
    expect(forecastOf('seasonalNaive', 3, 2, 4)).toEqual([3, 3]);
    expect(forecastOf('seasonalNaive', 8, 2, 1)).toEqual([40, 40]);
  });

  it('drift extends the line through the first and last value', () => {
    // slope (40 − 1) / 7
    const slope = 39 / 7;
    const got = forecastOf('drift', 8, 3, 1);
    [40 + slope, 40 + 2 * slope, 40 + 3 * slope].forEach((v, h) => expect(got[h]).toBeCloseTo(v, 12));
    expect(forecastOf('drift', 1, 2, 1)).toEqual([1, 1]);
  });

  it("MASE's scale is the training part's in-sample seasonal-naive MAE", () => {
    // two columns, the target is column 1; training part = first 6 rows
    const values = series.flatMap((v) => [0, v]);
    expect(seasonalNaiveScale(values, 2, [1], 6, 1)).toEqual([(1 + 1 + 1 + 6 + 10) / 5]);
    expect(seasonalNaiveScale(values, 2, [1], 6, 4)).toEqual([(9 + 18) / 2]);
    // a season as long as the training part falls back to m = 1
    expect(seasonalNaiveScale(values, 2, [1], 4, 4)).toEqual([1]);
  });

  it('finds the season from the spacing of the dates', () => {
    expect(seasonFromDates({ first: '2024-01-01T00:00', last: '2024-01-02T23:00' }, 48)).toBe(24);
    expect(seasonFromDates({ first: '2024-01-01', last: '2024-01-31' }, 31)).toBe(7);
    expect(seasonFromDates({ first: '2024-01-01', last: '2024-12-30' }, 53)).toBe(52);
    expect(seasonFromDates({ first: '2020-01-01', last: '2024-12-01' }, 60)).toBe(12);
    expect(seasonFromDates({ first: 'x', last: 'y' }, 60)).toBe(1);
    expect(seasonFromDates(null, 60)).toBe(1);
    expect(resolveSeason(5, null, 60)).toBe(5);
    expect(resolveSeason(0, { first: '2024-01-01', last: '2024-01-31' }, 31)).toBe(7);
  });
});
