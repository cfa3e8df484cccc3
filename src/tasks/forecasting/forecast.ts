/** Forecasting the next values of a series with a trained forecaster, rolling beyond its horizon when asked. */

import type { UserInput } from '../../data/encode-input';
import { unwrap, type Predictor } from '../../inference/predictor';
import { requireTask } from '../task-use';
import { forecastingPresentation } from './presentation';

export interface Forecast {
  /** Target column names. */
  columns: string[];
  /** `[horizon][target]` in the data's units. */
  values: number[][];
  /** Input columns the model does not predict, held at their last value to roll beyond its horizon. */
  held?: { column: string; value: number }[];
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
  const batch = unwrap(encoder.encode(input, { seqLen }));
  const values = encoder.decodeForecast(model.forward(batch).output);
  if (wanted <= trained) return { columns: targets, values: values.slice(0, wanted) };
  // Beyond the trained horizon, roll forward: feed each prediction back as the newest row. That needs
  // every input column to be predicted (a univariate or all-targets model), or an assumption about the
  // others: held at their last value when the caller accepts that.
  const features = dataset.featureColumns ?? [];
  const others = features.filter((c) => !targets.includes(c));
  if (others.length > 0 && !options.holdOtherColumns) {
    throw new Error(
      `this model predicts ${trained} step(s) of ${targets.join(', ')} from ${features.join(', ')}; it cannot roll further without future values of ${others.join(', ')}`,
    );
  }
  const rows = toRows(input, features.length);
  const last = rows[rows.length - 1];
  const out: number[][] = [];
  while (out.length < wanted) {
    const window = seqLen && rows.length > seqLen ? rows.slice(rows.length - seqLen) : rows;
    const next = encoder.decodeForecast(model.forward(unwrap(encoder.encode(window))).output);
    for (const row of next) {
      if (out.length >= wanted) break;
      out.push(row);
      rows.push(features.map((c, k) => (targets.includes(c) ? row[targets.indexOf(c)] : last[k])));
    }
  }
  const held = others.map((column) => ({ column, value: last[features.indexOf(column)] }));
  return { columns: targets, values: out, ...(held.length > 0 ? { held } : {}) };
}

function toRows(input: UserInput, width: number): number[][] {
  if (typeof input === 'string') throw new Error('a forecaster reads numbers');
  if (input.length > 0 && Array.isArray(input[0])) return (input as readonly (readonly number[])[]).map((r) => [...r]);
  const flat = input as readonly number[];
  const rows: number[][] = [];
  for (let r = 0; r + width <= flat.length; r += width) rows.push(flat.slice(r, r + width));
  return rows;
}
