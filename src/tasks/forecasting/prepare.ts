/**
 * Preparing a series: numeric columns z-scored with statistics of the training rows, the last rows held
 * out. A table held whole (`prepareForecasting`) and one streamed from a file too big for that
 * (`prepareForecastingFile`) go through the same reader, which keeps only the numbers.
 */

import { ForecastBatcher, forecastValidationBatches, forecastValidationUnits } from '../../data/batches';
import { detectFormat } from '../../data/detect';
import { failWith, ok, type Result } from '../../data/errors';
import { fitZScore, normalizeSeries } from '../../data/normalize';
import type { ResolvedOptions, TaskPreparation } from '../../data/prepare';
import { SeriesReader, type SeriesData } from '../../data/series';
import { tailSplit } from '../../data/split';
import { replayTable } from '../../data/table';
import { streamTable } from '../../data/table-stream';
import { PAD_ID } from '../../data/vocabulary';
import type { DatasetFile, TaskDetection } from '../task-training';
import { hasForecastInputs, manySeriesReader, prepareManySeries } from './prepare-inputs';
import { resolveSeason, seasonalNaiveScale } from './baselines';
import { distributionOf, type Distribution } from './distribution';
import * as l10n from '../../protocol/l10n';

export function prepareForecasting(
  file: string,
  _content: string,
  detection: TaskDetection,
  options: ResolvedOptions,
): Result<TaskPreparation> {
  const { features, targets, date } = detection.columns;
  if (!detection.table || !features || !targets) return failWith(file, l10n.t('forecasting needs numeric columns'));
  if (hasForecastInputs(detection.columns)) {
    const { reader, sink } = manySeriesReader(detection.columns, file);
    const problem = replayTable(detection.table, sink);
    if (problem) return { ok: false, error: problem };
    const many = reader.finish();
    return many.ok ? prepareManySeries(file, many.value, detection.columns, options, detection.table.columns) : many;
  }
  const reader = new SeriesReader({ features, targets, date }, file);
  const problem = replayTable(detection.table, reader);
  if (problem) return { ok: false, error: problem };
  const read = reader.finish();
  return read.ok ? prepareSeries(file, read.value, targets.length, options) : read;
}

/** `prepareForecasting` for a file streamed in one pass: the same reader, fed by the streaming parser. */
export async function prepareForecastingFile(
  file: DatasetFile,
  detection: TaskDetection,
  options: ResolvedOptions,
): Promise<Result<TaskPreparation>> {
  const { features, targets, date } = detection.columns;
  const format = detectFormat(file.name);
  if (format === 'text' || !features || !targets)
    return failWith(file.name, l10n.t('forecasting needs numeric columns'));
  if (hasForecastInputs(detection.columns)) {
    const { reader, sink } = manySeriesReader(detection.columns, file.name);
    const parsed = await streamTable((onText) => file.stream(onText), file.name, format, sink);
    if (!parsed.ok) return parsed;
    const many = reader.finish();
    return many.ok
      ? prepareManySeries(file.name, many.value, detection.columns, options, detection.table?.columns)
      : many;
  }
  const { sample } = file;
  const sampleRows = detection.table?.rows.length ?? 0;
  const expectedRows = sample.sampleBytes > 0 ? (sampleRows * sample.byteLength) / sample.sampleBytes : 0;
  const reader = new SeriesReader({ features, targets, date }, file.name, expectedRows);
  const parsed = await streamTable((onText) => file.stream(onText), file.name, format, reader);
  if (!parsed.ok) return parsed;
  const read = reader.finish();
  return read.ok ? prepareSeries(file.name, read.value, targets.length, options) : read;
}

/** The split, normalisation, batchers, summary and checkpoint of a series read whole. */
function prepareSeries(
  file: string,
  series: SeriesData,
  targetCount: number,
  options: ResolvedOptions,
): Result<TaskPreparation> {
  const { horizon } = options;
  const split = tailSplit(series.rows, options.validationFraction);
  if (split.train < horizon + 1) {
    return failWith(
      file,
      l10n.t(
        'the training part has {0} rows; forecasting {1} row(s) ahead needs at least {2}',
        split.train,
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
  // The baselines' season and MASE's scale (in-sample seasonal-naive MAE), kept for evaluation.
  const season = resolveSeason(options.season, series.dateRange, series.rows);
  const maseScale = seasonalNaiveScale(series.values, series.columns.length, series.targetIndices, split.train, season);
  const fitted = fitZScore(series.values, series.columns, split.train);
  // The float32 copy is what training reads; the float64 values are not kept past this function.
  const normalizedValues = normalizeSeries(fitted.normalization, series.values, file);
  if (!normalizedValues.ok) return normalizedValues;
  const normalized = {
    values: normalizedValues.value,
    rows: series.rows,
    columns: series.columns.length,
    targetIndices: series.targetIndices,
    horizon,
  };
  const outputSize = horizon * targetCount;
  return ok({
    numClasses: 0,
    inputSize: series.columns.length,
    model: {
      vocabSize: 0,
      inputSize: series.columns.length,
      outputSize: outputSize * distribution.paramsPerValue,
      loss: distribution.loss,
      ...(distribution.quantiles ? { quantiles: distribution.quantiles } : {}),
      headOn: 'last',
      paddingIdx: PAD_ID,
    },
    summary: {
      sizes: { unit: 'rows', total: series.rows, train: split.train, validation: split.validation },
      warnings: [...series.warnings, ...fitted.warnings],
    },
    checkpoint: {
      dataset: { featureColumns: series.columns, horizon, season, maseScale },
      vocab: null,
      normalization: fitted.normalization,
    },
    makeTrainBatcher: (batchSize, window, random) =>
      new ForecastBatcher(normalized, split.train, batchSize, window, random),
    makeValidationBatches: (batchSize, window) =>
      split.validation === 0 ? [] : forecastValidationBatches(normalized, split.train, batchSize, window),
    validationUnits: (window) => forecastValidationUnits(normalized, split.train, window, series.times),
  });
}
