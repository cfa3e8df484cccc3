/**
 * Preparing a forecaster with series, calendar or known-future inputs: the table read as one series per
 * id (`LongSeriesReader`), each split at its own tail and z-scored by its own training part, every row
 * written once as a history and a future step, windows cut per series (src/data/series-windows.ts).
 * A table held whole and one streamed from a big file go through the same reader.
 */

import { calendarFor, stepLayout, type ForecastInputsJSON } from '../../data/series-inputs';
import { failWith, ok, type Result } from '../../data/errors';
import type { DatasetColumns } from '../../data/detect';
import type { ResolvedOptions, TaskPreparation } from '../../data/prepare';
import { holidayCalendar, type HolidayCalendar } from '../../data/series-holidays';
import { LongSeriesReader, type LongSeriesChoice, type ManySeries } from '../../data/series-long';
import { WideToLongSink } from '../../data/series-wide';
import type { TableRowSink } from '../../data/table-stream';
import { buildSeriesSteps, fitSeriesNormalization } from '../../data/series-steps';
import { SeriesWindowBatcher, seriesValidationUnits } from '../../data/series-windows';
import { tailSplit } from '../../data/split';
import { PAD_ID } from '../../data/vocabulary';
import { resolveSeason, seasonalNaiveScale } from './baselines';
import { distributionOf, type Distribution } from './distribution';
import { fitZScore } from '../../data/normalize';
import * as l10n from '../../protocol/l10n';

/** Whether the columns ask for the step inputs of this module (else the plain series path, as before). */
export function hasForecastInputs(columns: DatasetColumns): boolean {
  return columns.series !== undefined || (columns.knownFuture?.length ?? 0) > 0 || columns.calendar !== undefined;
}

/** How to read the table for these columns. */
export function longSeriesChoice(columns: DatasetColumns): LongSeriesChoice {
  return {
    features: columns.features ?? [],
    targets: columns.targets ?? [],
    date: columns.date,
    seriesColumn: columns.series,
    times: columns.calendar !== undefined,
  };
}

/**
 * The reader of these columns' series, and the sink to feed the table's rows to: the reader itself, or
 * for a wide table (`columns.wide`) the reshaping into the long rows the reader takes.
 */
export function manySeriesReader(
  columns: DatasetColumns,
  file: string,
): { reader: LongSeriesReader; sink: TableRowSink } {
  const reader = new LongSeriesReader(longSeriesChoice(columns), file);
  const sink = columns.wide
    ? new WideToLongSink({ seriesColumns: columns.wide, date: columns.date }, reader, file)
    : reader;
  return { reader, sink };
}

/** The holiday calendar the columns name, or null; a problem when the country has none. */
export function holidaysOf(country: string | undefined, file: string): Result<HolidayCalendar | null> {
  if (country === undefined) return ok(null);
  const calendar = holidayCalendar(country);
  return 'problem' in calendar ? failWith(file, calendar.problem) : ok(calendar);
}

/** The split, normalisation, step inputs, batchers, summary and checkpoint of many series read whole. */
export function prepareManySeries(
  file: string,
  many: ManySeries,
  columns: DatasetColumns,
  options: ResolvedOptions,
  tableColumns?: readonly string[],
): Result<TaskPreparation> {
  const { horizon } = options;
  const holidays = holidaysOf(columns.calendar?.holidays, file);
  if (!holidays.ok) return holidays;
  const first = many.series[0].data;
  const names = first.columns;
  const targetCount = first.targetIndices.length;
  const trainRows = many.series.map((one) => tailSplit(one.data.rows, options.validationFraction).train);
  const shortest = many.series.findIndex((_, s) => trainRows[s] < horizon + 1);
  if (shortest >= 0) {
    const one = many.series[shortest];
    const which = one.id === '' ? 'the training part' : `series '${one.id}' has a training part that`;
    return failWith(
      file,
      l10n.t(
        '{0} has {1} rows; forecasting {2} row(s) ahead needs at least {3}',
        which,
        trainRows[shortest],
        horizon,
        horizon + 1,
      ),
    );
  }
  let distribution: Distribution;
  try {
    distribution = distributionOf(options);
  } catch (error) {
    return failWith(file, (error as Error).message);
  }
  // The baselines' season (from the first series' dates) and MASE's scale: the in-sample seasonal-naive
  // MAE of each target, averaged over the series (errors are reported in pooled units; see the docs).
  const season = resolveSeason(options.season, first.dateRange, first.rows);
  const scales = many.series.map((one, s) =>
    seasonalNaiveScale(one.data.values, names.length, one.data.targetIndices, trainRows[s], season),
  );
  const maseScale = first.targetIndices.map((_, t) => scales.reduce((sum, one) => sum + one[t], 0) / scales.length);
  const warnings = [...many.warnings];
  let perSeries: { mean: number[][]; std: number[][] };
  let pooled;
  let seriesJSON: ForecastInputsJSON['series'];
  if (columns.series !== undefined) {
    const fitted = fitSeriesNormalization(many, names, trainRows, columns.series);
    [perSeries, pooled, seriesJSON] = [fitted.series, fitted.pooled, fitted.series];
    warnings.push(...fitted.warnings);
  } else {
    const fitted = fitZScore(first.values, names, trainRows[0]);
    pooled = fitted.normalization;
    perSeries = { mean: [pooled.mean], std: [pooled.std] };
    warnings.push(...fitted.warnings);
  }
  const knownFuture = columns.knownFuture ?? [];
  const inputs: ForecastInputsJSON = {
    format: 'lstm-studio-forecast-inputs/1',
    ...(seriesJSON ? { series: seriesJSON } : {}),
    ...(columns.calendar && many.frequency
      ? {
          calendar: {
            ...calendarFor(many.frequency, columns.calendar.holidays),
            ...holidayDaysOf(many, holidays.value),
          },
        }
      : {}),
    knownFuture,
    futureSteps: knownFuture.length > 0 || columns.calendar !== undefined,
    ...(tableColumns ? { tableColumns: [...tableColumns] } : {}),
    ...(columns.wide ? { wide: [...columns.wide] } : {}),
  };
  const steps = buildSeriesSteps({
    many,
    inputs,
    columns: names,
    targetIndices: first.targetIndices,
    normalization: perSeries,
    trainRows,
    horizon,
    holidays: holidays.value,
  });
  const width = stepLayout(inputs, names.length).width;
  const total = many.series.reduce((sum, one) => sum + one.data.rows, 0);
  const train = trainRows.reduce((sum, n) => sum + n, 0);
  return ok({
    numClasses: 0,
    inputSize: width,
    model: {
      vocabSize: 0,
      inputSize: width,
      outputSize: horizon * targetCount * distribution.paramsPerValue,
      loss: distribution.loss,
      ...(distribution.quantiles ? { quantiles: distribution.quantiles } : {}),
      headOn: 'last',
      paddingIdx: PAD_ID,
    },
    summary: { sizes: { unit: 'rows', total, train, validation: total - train }, warnings },
    checkpoint: {
      dataset: { featureColumns: names, horizon, forecastInputs: inputs, season, maseScale },
      vocab: null,
      normalization: pooled,
    },
    makeTrainBatcher: (batchSize, window, random) => new SeriesWindowBatcher(steps, batchSize, window, random),
    // The stream reuses its arrays from batch to batch; a list of batches needs its own copies.
    makeValidationBatches: (batchSize, window) =>
      Array.from(seriesValidationUnits(steps, window).batches(batchSize, null), (b) => ({
        ...b,
        features: b.features!.slice(),
        targets: b.targets.slice(),
      })),
    validationUnits: (window) => seriesValidationUnits(steps, window),
  });
}

/** The holiday days of the data's years and the next (what a forecast past the end may reach). */
function holidayDaysOf(many: ManySeries, holidays: HolidayCalendar | null): { holidayDays?: string[] } {
  if (!holidays) return {};
  let [first, last] = [Infinity, -Infinity];
  for (const one of many.series) {
    if (!one.times || one.times.length === 0) continue;
    first = Math.min(first, new Date(one.times[0]).getUTCFullYear());
    last = Math.max(last, new Date(one.times[one.times.length - 1]).getUTCFullYear());
  }
  return Number.isFinite(first) ? { holidayDays: holidays.daysBetween(first, last + 1) } : {};
}
