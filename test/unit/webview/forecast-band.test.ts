import { describe, expect, it } from 'vitest';
import {
  forecastLines,
  insertChoices,
  intervalLabel,
  medianLevelIndex,
  quantileLabel,
} from '../../../webview/prediction/tasks/forecast-band';
import { pointForecast, quantileForecast } from './forecast-fixtures';

describe('the forecast chart geometry', () => {
  it('puts the history at x ≤ 0 and the forecast at 1…horizon, starting from the last selected value', () => {
    const lines = forecastLines(pointForecast(), 1);
    // temperature is feature 1; the model read the last 2 of 3 rows, and the selected line meets it.
    expect(lines.selected).toEqual([
      { x: -2, y: 1 },
      { x: -1, y: 2 },
    ]);
    expect(lines.read).toEqual([
      { x: -1, y: 2 },
      { x: 0, y: 3 },
    ]);
    expect(lines.median).toEqual([
      { x: 0, y: 3 },
      { x: 1, y: 4 },
      { x: 2, y: 5 },
    ]);
    expect(lines.band).toBeNull();
    expect(lines.quantiles).toEqual([]);
  });

  it('draws the interval as a band fanning out from the last value, and the other quantiles as lines', () => {
    const lines = forecastLines(quantileForecast(), 0);
    // sales is the second feature: its history, not price's.
    expect(lines.read.at(-1)).toEqual({ x: 0, y: 105 });
    expect(lines.band).toEqual({
      level: 0.8,
      lower: [
        { x: 0, y: 105 },
        { x: 1, y: 98 },
        { x: 2, y: 99 },
      ],
      upper: [
        { x: 0, y: 105 },
        { x: 1, y: 118 },
        { x: 2, y: 127 },
      ],
    });
    // The median is the forecast line itself: only 10 % and 90 % get their own lines.
    expect(lines.quantiles.map((q) => q.level)).toEqual([0.1, 0.9]);
    expect(lines.quantiles[1].points).toEqual([
      { x: 0, y: 105 },
      { x: 1, y: 118 },
      { x: 2, y: 127 },
    ]);
  });

  it('takes the outermost quantiles as the band when the answer has no interval', () => {
    const answer = quantileForecast();
    delete answer.interval;
    const band = forecastLines(answer, 0).band!;
    expect(band.level).toBeCloseTo(0.8, 12);
    expect(band.lower.map((p) => p.y)).toEqual([105, 98, 99]);
    expect(band.upper.map((p) => p.y)).toEqual([105, 118, 127]);
  });

  it('keeps a one-row window and an empty history drawable', () => {
    const answer = { ...pointForecast(), windowRows: 1 };
    expect(forecastLines(answer, 0).read).toEqual([{ x: 0, y: 11 }]);
    expect(forecastLines(answer, 0).selected).toHaveLength(3);
    const empty = { ...pointForecast(), history: [] };
    expect(forecastLines(empty, 0).median).toEqual([
      { x: 1, y: 13 },
      { x: 2, y: 14 },
    ]);
  });

  it('words levels the way the panel shows them', () => {
    expect(intervalLabel(0.8)).toBe('80 % interval');
    expect(intervalLabel(0.9 - 0.1)).toBe('80 % interval');
    expect(intervalLabel(0.95)).toBe('95 % interval');
    expect(quantileLabel(0.1)).toBe('10 %');
    expect(quantileLabel(0.025)).toBe('2.5 %');
    expect(medianLevelIndex([0.1, 0.5, 0.9])).toBe(1);
    expect(medianLevelIndex([0.05, 0.95])).toBe(-1);
  });
});

describe('the forecast insert buttons', () => {
  it('offers Insert alone for a point forecaster', () => {
    expect(insertChoices(pointForecast())).toEqual({ valuesLabel: 'Insert', quantiles: false });
  });

  it('offers Insert median and Insert quantiles when the model has quantiles', () => {
    expect(insertChoices(quantileForecast())).toEqual({ valuesLabel: 'Insert median', quantiles: true });
    const noText = quantileForecast();
    delete noText.quantileInsertText;
    expect(insertChoices(noText).quantiles).toBe(false);
  });
});
