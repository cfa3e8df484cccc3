/** Forecasting the next values of a series with a trained forecaster, rolling beyond its horizon when asked. */

import type { UserInput } from '../../data/encode-input';
import { unwrap, type Predictor } from '../../inference/predictor';
import { requireTask } from '../task-use';
import { forecastingPresentation } from './presentation';
import { decodeSeriesForecast, encodeSeriesWindow, type SeriesWindowInput } from './series-window';
import { formatTime } from '../../data/calendar-features';
import { appendForecast, decodeForecastInUnits, firstSteps, type ForecastInUnits } from './decode-output';

/**
 * `values` `[horizon][target]` in the data's units (a distribution's median), with a distribution head's
 * `quantiles` and `interval` (ForecastInUnits).
 */
export interface Forecast extends ForecastInUnits {
  /** Target column names. */
  columns: string[];
  /** Input columns the model does not predict, held at their last value to roll beyond its horizon. */
  held?: { column: string; value: number }[];
  /** A model with series inputs: the series forecast. */
  series?: string;
  /** A model with calendar inputs: the forecast steps' dates. */
  dates?: string[];
  /** What the caller should know (an unknown series, a horizon cut to the trained one). */
  notices?: string[];
}

export interface ForecastOptions {
  /** Rows of history the model reads (the last ones); default all. */
  seqLen?: number;
  /**
   * Beyond the trained horizon, hold the input columns the model does not predict at their last value
   * (a persistence assumption, reported in `held`) instead of refusing. Default false.
   */
  holdOtherColumns?: boolean;
}

export function forecast(
  predictor: Predictor,
  input: UserInput,
  horizon?: number,
  options: ForecastOptions = {},
): Forecast {
  requireTask(predictor, forecastingPresentation);
  const { model, encoder } = predictor;
  const dataset = encoder.dataset;
  const trained = dataset.horizon ?? 1;
  const wanted = horizon ?? trained;
  const targets = dataset.columns.targets ?? [];
  const seqLen = options.seqLen;
  if (dataset.forecastInputs) {
    if (typeof input === 'string' || (input.length > 0 && !Array.isArray(input[0])))
      throw new Error('this model reads rows of its columns with their series and dates; give them as a table');
    return forecastSeries(predictor, { rows: input as readonly (readonly number[])[] }, wanted, seqLen);
  }
  const decode = (output: ArrayLike<number>) =>
    decodeForecastInUnits(
      model.config,
      trained,
      targets.length,
      output,
      (flat) => encoder.decodeForecast(flat),
      dataset.forecastCalibration,
    );
  const batch = unwrap(encoder.encode(input, { seqLen }));
  const first = decode(model.forward(batch).output);
  if (wanted <= trained) return { columns: targets, ...firstSteps(first, wanted) };
  // Beyond the trained horizon, roll forward: feed each prediction back as the newest row. That needs
  // every input column to be predicted (a univariate or all-targets model), or an assumption about the
  // others: held at their last value when the caller accepts that. A distribution's later quantiles are
  // conditional on the medians fed back, not a joint forecast: narrower than the truth.
  const features = dataset.featureColumns ?? [];
  const others = features.filter((c) => !targets.includes(c));
  if (others.length > 0 && !options.holdOtherColumns) {
    throw new Error(
      `this model predicts ${trained} step(s) of ${targets.join(', ')} from ${features.join(', ')}; it cannot roll further without future values of ${others.join(', ')}`,
    );
  }
  const rows = toRows(input, features.length);
  const last = rows[rows.length - 1];
  const out = firstSteps(first, 0);
  while (out.values.length < wanted) {
    const window = seqLen && rows.length > seqLen ? rows.slice(rows.length - seqLen) : rows;
    const next = decode(model.forward(unwrap(encoder.encode(window))).output);
    const count = Math.min(next.values.length, wanted - out.values.length);
    appendForecast(out, next, count);
    for (const row of next.values.slice(0, count))
      rows.push(features.map((c, k) => (targets.includes(c) ? row[targets.indexOf(c)] : last[k])));
  }
  const held = others.map((column) => ({ column, value: last[features.indexOf(column)] }));
  return { columns: targets, ...out, ...(held.length > 0 ? { held } : {}) };
}

/**
 * A model with series, calendar or known-future inputs: one window of history plus the horizon's future
 * steps. It forecasts its trained horizon (rolling further would need the known-future values and dates
 * of every step anyway, which the caller gives for the horizon only); more is cut with a notice.
 */
export function forecastSeries(
  predictor: Predictor,
  input: SeriesWindowInput,
  horizon?: number,
  seqLen?: number,
): Forecast {
  requireTask(predictor, forecastingPresentation);
  const { model, encoder } = predictor;
  const dataset = encoder.dataset;
  const trained = dataset.horizon ?? 1;
  const wanted = Math.min(horizon ?? trained, trained);
  const window = encodeSeriesWindow(dataset, encoder.normalization!, input, seqLen);
  if ('problem' in window) throw new Error(window.problem);
  const targetCount = dataset.columns.targets?.length ?? 0;
  const decoded = decodeForecastInUnits(
    model.config,
    trained,
    targetCount,
    model.forward(window.batch).output,
    (flat) => decodeSeriesForecast(dataset, window, flat),
    dataset.forecastCalibration,
  );
  const notices = [...window.notices];
  if ((horizon ?? trained) > trained)
    notices.push(
      `this model forecasts ${trained} step(s) with their known-future and calendar inputs; it does not roll further`,
    );
  const frequency = dataset.forecastInputs?.calendar?.frequency;
  return {
    columns: dataset.columns.targets ?? [],
    ...firstSteps(decoded, wanted),
    ...(input.series !== undefined ? { series: input.series } : {}),
    ...(frequency ? { dates: window.futureTimes.slice(0, wanted).map((t) => formatTime(t, frequency)) } : {}),
    ...(notices.length > 0 ? { notices } : {}),
  };
}

function toRows(input: UserInput, width: number): number[][] {
  if (typeof input === 'string') throw new Error('a forecaster reads numbers');
  if (input.length > 0 && Array.isArray(input[0])) return (input as readonly (readonly number[])[]).map((r) => [...r]);
  const flat = input as readonly number[];
  const rows: number[][] = [];
  for (let r = 0; r + width <= flat.length; r += width) rows.push(flat.slice(r, r + width));
  return rows;
}
