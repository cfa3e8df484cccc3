/**
 * The forecast's messages from the Prediction panel — Insert quantiles and the series picker — as the
 * validator checks them, and as the host checks them against its own answer (src/extension/forecast-choices.ts).
 */

import { describe, expect, it } from 'vitest';
import { validate } from '../../../src/protocol/message-validation';
import { MAX_SERIES_ID_LENGTH, predictionPanelMessage } from '../../../src/protocol/prediction-panel-validation';
import { forecastSeriesChoice, gatesInputOf, quantileRowsToInsert } from '../../../src/extension/forecast-choices';
import { pointForecast, quantileForecast } from '../webview/forecast-fixtures';

describe('forecast messages from the Prediction panel', () => {
  it('accepts Insert quantiles without any text, and a series by id', () => {
    expect(validate(predictionPanelMessage, { type: 'insert-quantiles' }).ok).toBe(true);
    expect(validate(predictionPanelMessage, { type: 'forecast-series', series: 'store 3' })).toEqual({
      ok: true,
      value: { type: 'forecast-series', series: 'store 3' },
    });
  });

  it('refuses text smuggled into Insert quantiles, and a missing, non-string or huge series id', () => {
    const refused = (message: unknown, reason: RegExp) => {
      const result = validate(predictionPanelMessage, message);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason).toMatch(reason);
    };
    refused({ type: 'insert-quantiles', text: 'rm -rf /' }, /unexpected field 'text'/);
    refused({ type: 'forecast-series' }, /series: expected a string/);
    refused({ type: 'forecast-series', series: 3 }, /series: expected a string/);
    refused({ type: 'forecast-series', series: 'x'.repeat(MAX_SERIES_ID_LENGTH + 1) }, /series: \d+ characters/);
    refused({ type: 'forecast-series', series: 'A', path: '/etc/passwd' }, /unexpected field 'path'/);
  });
});

describe("the host's check against its answer", () => {
  it('forecasts another series only when the model knows it', () => {
    expect(forecastSeriesChoice(quantileForecast(), 'C')).toBe('C');
    expect(() => forecastSeriesChoice(quantileForecast(), 'Z')).toThrow(/knows no series 'Z' in column 'store'/);
    expect(() => forecastSeriesChoice(quantileForecast(), '\u0000')).toThrow(/series '\?'/);
    expect(() => forecastSeriesChoice(pointForecast(), 'A')).toThrow(/trained on one series/);
    expect(() => forecastSeriesChoice(null, 'A')).toThrow(/no forecast/);
  });

  it("inserts the answer's own quantile rows, and says why it cannot", () => {
    expect(quantileRowsToInsert(quantileForecast(), false)).toBe('\n98,108,118\n99,112,127');
    expect(() => quantileRowsToInsert(quantileForecast(), true)).toThrow(/no forecast to insert yet/);
    expect(() => quantileRowsToInsert(pointForecast(), false)).toThrow(/single values.*Insert median/);
  });

  it('opens Gate Heatmaps on the series forecast, else on the panel’s input', () => {
    expect(gatesInputOf(quantileForecast(), 'A,2024-01-01,3')).toEqual({ series: 'B' });
    expect(gatesInputOf(pointForecast(), '1\n2\n3')).toEqual({ text: '1\n2\n3' });
    expect(gatesInputOf(null, 'hello')).toEqual({ text: 'hello' });
  });
});
