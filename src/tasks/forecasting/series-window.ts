/**
 * One prediction window of a forecaster with series, calendar or known-future inputs, built like a
 * training window (src/data/series-steps.ts): the history rows z-scored by their series, the series
 * one-hot, the calendar of each row's date, then `horizon` future steps with the known-future values and
 * the calendar continued from the last date. Also reads the model's output back in that series' units.
 */

import type { Batch } from '../../engine/batch';
import { nextTime, parseDateUtc } from '../../data/calendar-features';
import type { DatasetMetadata } from '../../data/dataset-metadata';
import { holidayCalendar, type HolidayCalendar } from '../../data/series-holidays';
import { stepLayout, writeStepContext, type ForecastInputsJSON } from '../../data/series-inputs';
import { outputIndex } from './output-layout';

export interface SeriesWindowInput {
  /** History rows of the feature columns, in the data's units (the last `seqLen` are read). */
  rows: readonly (readonly number[])[];
  /** Each history row's date (needed with calendar inputs). */
  dates?: readonly string[];
  /** The series the rows belong to (needed with a series column). */
  series?: string;
  /** The known-future columns' values for each forecast step, `[horizon][knownFuture]`. */
  future?: readonly (readonly number[])[];
}

export interface SeriesWindow {
  batch: Batch;
  /** Index of the series among the ids the model knows; -1 for one it was not trained on. */
  seriesIndex: number;
  /** The z-score the rows were normalised with (and the forecast is read back with). */
  mean: readonly number[];
  std: readonly number[];
  /** The forecast steps' times (UTC ms), when there are calendar inputs. */
  futureTimes: number[];
  notices: string[];
}

const calendars = new Map<string, HolidayCalendar | null>();

function holidaysOf(country: string | undefined): HolidayCalendar | null {
  if (!country) return null;
  if (!calendars.has(country)) {
    const calendar = holidayCalendar(country);
    calendars.set(country, 'problem' in calendar ? null : calendar);
  }
  return calendars.get(country)!;
}

/** The window, or a sentence saying what the input lacks. */
export function encodeSeriesWindow(
  dataset: DatasetMetadata,
  pooled: { mean: readonly number[]; std: readonly number[] },
  input: SeriesWindowInput,
  seqLen?: number,
): SeriesWindow | { problem: string } {
  const inputs = dataset.forecastInputs as ForecastInputsJSON;
  const features = dataset.featureColumns ?? [];
  const D = features.length;
  const H = dataset.horizon ?? 1;
  const layout = stepLayout(inputs, D);
  const I = layout.width;
  const notices: string[] = [];
  const start = seqLen && seqLen > 0 && input.rows.length > seqLen ? input.rows.length - seqLen : 0;
  const rows = input.rows.slice(start);
  if (rows.length === 0) return { problem: `give at least one row of ${features.join(', ')}` };
  let seriesIndex = -1;
  let { mean, std } = pooled;
  if (inputs.series) {
    const { ids, column } = inputs.series;
    if (input.series === undefined)
      return { problem: `name the series (column '${column}'): one of ${ids.join(', ')}` };
    seriesIndex = ids.indexOf(input.series);
    if (seriesIndex >= 0) [mean, std] = [inputs.series.mean[seriesIndex], inputs.series.std[seriesIndex]];
    else
      notices.push(
        `series '${input.series}' is not one the model was trained on (it knows ${ids.join(', ')}); it is forecast with no series input and the pooled normalisation`,
      );
  }
  let times: number[] = [];
  const futureTimes: number[] = [];
  if (inputs.calendar) {
    const dates = (input.dates ?? []).slice(start);
    times = dates.map(parseDateUtc);
    if (dates.length !== rows.length || times.some(Number.isNaN))
      return { problem: 'the model reads calendar inputs: every row needs its date (like 2024-02-29)' };
    for (let h = 1; h <= H; h++) futureTimes.push(nextTime(times[times.length - 1], inputs.calendar.frequency, h));
  }
  const known = inputs.knownFuture.map((name) => features.indexOf(name));
  if (known.length > 0 && (input.future?.length ?? 0) < H)
    return {
      problem: `the model needs ${inputs.knownFuture.join(', ')} for each of the ${H} forecast steps: add ${H} rows after the history with ${inputs.knownFuture.join(', ')} filled in and the forecast columns empty`,
    };
  const holidays = holidaysOf(inputs.calendar?.holidays);
  const W = rows.length;
  const T = W + (inputs.futureSteps ? H : 0);
  const values = new Float32Array(T * I);
  for (let r = 0; r < W; r++) {
    writeStepContext(layout, Math.max(0, seriesIndex), times[r] ?? NaN, holidays, false, values, r * I);
    if (seriesIndex < 0 && layout.seriesCount > 0) values[r * I + layout.seriesAt] = 0;
    for (let d = 0; d < D; d++) values[r * I + d] = (rows[r][d] - mean[d]) / std[d];
  }
  if (inputs.futureSteps) {
    for (let h = 0; h < H; h++) {
      const at = (W + h) * I;
      writeStepContext(layout, Math.max(0, seriesIndex), futureTimes[h] ?? NaN, holidays, true, values, at);
      if (seriesIndex < 0 && layout.seriesCount > 0) values[at + layout.seriesAt] = 0;
      known.forEach((d, j) => (values[at + d] = (input.future![h][j] - mean[d]) / std[d]));
    }
  }
  return { batch: { batchSize: 1, steps: T, features: values }, seriesIndex, mean, std, futureTimes, notices };
}

/** The model's normalised outputs `[horizon × targets]` → `[horizon][target]` in the series' units. */
export function decodeSeriesForecast(
  dataset: DatasetMetadata,
  window: Pick<SeriesWindow, 'mean' | 'std'>,
  outputs: ArrayLike<number>,
): number[][] {
  const features = dataset.featureColumns ?? [];
  const targets = dataset.columns.targets ?? [];
  const columns = targets.map((name) => features.indexOf(name));
  const rows: number[][] = [];
  for (let h = 0; h < (dataset.horizon ?? 1); h++)
    rows.push(columns.map((d, k) => outputs[outputIndex(h, k, targets.length)] * window.std[d] + window.mean[d]));
  return rows;
}
