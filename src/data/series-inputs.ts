/**
 * What a forecaster with series, calendar or known-future inputs reads at each step, stored in the
 * checkpoint (`dataset.forecastInputs`) so prediction and the PyTorch export build the same steps.
 *
 * One step's input, `I` values wide:
 *
 *   [ feature values (D, z-scored by the row's series) | series one-hot (S) | calendar sin/cos (2F)
 *     | is-holiday (1, with a country) | future step (1, with future steps) ]
 *
 * A window is `W` history steps (every feature, future flag 0) followed, when there are known-future
 * inputs, by `horizon` future steps: the known-future columns' values of those rows, every other feature
 * 0 (unknown), the series and the calendar of those rows, future flag 1. The head reads the last step.
 * The one-hot into the first layer *is* a learned per-series vector: W_ih times a one-hot column is that
 * column of W_ih, trained like an embedding row.
 */

import {
  CALENDAR_FIELDS,
  calendarFeatureNames,
  writeCalendarFeatures,
  type CalendarField,
  type DateFrequency,
} from './calendar-features';
import type { HolidayCalendar } from './series-holidays';

export interface ForecastInputsJSON {
  format: 'lstm-studio-forecast-inputs/1';
  /** Long format: the column naming each row's series, every series id (one-hot order), and each one's z-score. */
  series?: SeriesNormalizationJSON;
  /** Calendar inputs from the date column: its frequency, the fields that vary at it, the holiday country. */
  calendar?: {
    frequency: DateFrequency;
    fields: CalendarField[];
    holidays?: string;
    /**
     * The country's public holidays (`YYYY-MM-DD`) from the data's first year to the year after its last:
     * the PyTorch export reads the flag from these, with no holiday library in Python.
     */
    holidayDays?: string[];
  };
  /** Feature columns whose values are known for the forecast steps. */
  knownFuture: string[];
  /** Whether each window ends with `horizon` future steps (there are known-future or calendar inputs). */
  futureSteps: boolean;
  /** The training file's columns in order, to read a selection of its rows that has no header line. */
  tableColumns?: string[];
  /**
   * Wide format: the training table's series columns (each one series, its id the column's name), read
   * as long rows `[date, series, value]` (src/data/series-wide.ts); `series.column` is then `series`.
   */
  wide?: string[];
}

export interface SeriesNormalizationJSON {
  column: string;
  ids: string[];
  /** `[series][feature]`, fitted on each series' training rows. */
  mean: number[][];
  std: number[][];
}

/** Where each part of a step lies, for one model's inputs over `D` feature columns. */
export interface StepLayout {
  features: number;
  seriesAt: number;
  seriesCount: number;
  calendarAt: number;
  calendarFields: readonly CalendarField[];
  holidayAt: number;
  futureAt: number;
  /** Values per step. */
  width: number;
}

export function stepLayout(inputs: ForecastInputsJSON, features: number): StepLayout {
  const seriesCount = inputs.series?.ids.length ?? 0;
  const calendarFields = inputs.calendar?.fields ?? [];
  const seriesAt = features;
  const calendarAt = seriesAt + seriesCount;
  const holidayAt = inputs.calendar?.holidays ? calendarAt + 2 * calendarFields.length : -1;
  const afterCalendar = calendarAt + 2 * calendarFields.length + (holidayAt >= 0 ? 1 : 0);
  const futureAt = inputs.futureSteps ? afterCalendar : -1;
  return {
    features,
    seriesAt,
    seriesCount,
    calendarAt,
    calendarFields,
    holidayAt,
    futureAt,
    width: afterCalendar + (inputs.futureSteps ? 1 : 0),
  };
}

/** Names of every step input, in order (the summary and the export show them). */
export function stepInputNames(inputs: ForecastInputsJSON, features: readonly string[]): string[] {
  const names = [...features];
  for (const id of inputs.series?.ids ?? []) names.push(`series=${id}`);
  names.push(...calendarFeatureNames(inputs.calendar?.fields ?? []));
  if (inputs.calendar?.holidays) names.push(`holiday.${inputs.calendar.holidays}`);
  if (inputs.futureSteps) names.push('futureStep');
  return names;
}

/** The calendar fields a frequency gets. */
export function calendarFor(frequency: DateFrequency, holidays?: string): NonNullable<ForecastInputsJSON['calendar']> {
  return { frequency, fields: [...CALENDAR_FIELDS[frequency]], ...(holidays ? { holidays } : {}) };
}

/**
 * out[offset …] ← one step's inputs besides the feature values: the series one-hot, the calendar of
 * `time` (UTC ms; ignored without calendar inputs), the holiday flag and the future flag. The feature
 * values (the first D) are the caller's.
 */
export function writeStepContext(
  layout: StepLayout,
  series: number,
  time: number,
  holidays: HolidayCalendar | null,
  future: boolean,
  out: Float32Array,
  offset: number,
): void {
  out.fill(0, offset + layout.seriesAt, offset + layout.width);
  if (layout.seriesCount > 0) out[offset + layout.seriesAt + series] = 1;
  writeCalendarFeatures(layout.calendarFields, time, out, offset + layout.calendarAt);
  if (layout.holidayAt >= 0 && holidays) out[offset + layout.holidayAt] = holidays.isHoliday(time) ? 1 : 0;
  if (layout.futureAt >= 0) out[offset + layout.futureAt] = future ? 1 : 0;
}

/** Checks a stored description against the dataset's feature columns; a sentence when it does not fit. */
export function checkForecastInputs(json: unknown, features: readonly string[]): string | null {
  if (json === null || typeof json !== 'object') return 'the forecast inputs are not a JSON object';
  const inputs = json as Partial<ForecastInputsJSON>;
  if (inputs.format !== 'lstm-studio-forecast-inputs/1')
    return `unknown forecast inputs format '${String(inputs.format)}'`;
  if (!Array.isArray(inputs.knownFuture) || inputs.knownFuture.some((c) => !features.includes(c)))
    return 'the known-future columns must be among the feature columns';
  if (typeof inputs.futureSteps !== 'boolean') return 'the forecast inputs must say whether windows have future steps';
  const s = inputs.series;
  if (s !== undefined) {
    const rows = (a: unknown) =>
      Array.isArray(a) &&
      a.length === s.ids?.length &&
      a.every((r) => Array.isArray(r) && r.length === features.length && r.every(Number.isFinite));
    if (typeof s.column !== 'string' || !Array.isArray(s.ids) || s.ids.length === 0)
      return 'the series must name their column and ids';
    if (!rows(s.mean) || !rows(s.std) || s.std.some((r) => r.some((x) => x <= 0)))
      return `each series needs ${features.length} means and positive standard deviations`;
  }
  const c = inputs.calendar;
  if (c !== undefined) {
    const fields = CALENDAR_FIELDS[c.frequency as DateFrequency];
    if (!fields) return `unknown date frequency '${String(c.frequency)}'`;
    if (!Array.isArray(c.fields) || c.fields.some((f) => !fields.includes(f)))
      return `calendar fields must be among ${fields.join(', ')}`;
  }
  return null;
}
