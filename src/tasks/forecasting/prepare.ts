/** Preparing a series: numeric columns z-scored with statistics of the training rows, the last rows held out. */

import { ForecastBatcher, forecastValidationBatches, forecastValidationUnits } from '../../data/batches';
import { failWith, ok, type Result } from '../../data/errors';
import { fitZScore, normalizeSeries } from '../../data/normalize';
import type { ResolvedOptions, TaskPreparation } from '../../data/prepare';
import { readSeries } from '../../data/series';
import { tailSplit } from '../../data/split';
import { PAD_ID } from '../../data/vocabulary';
import type { TaskDetection } from '../task-training';

export function prepareForecasting(
  file: string,
  _content: string,
  detection: TaskDetection,
  options: ResolvedOptions,
): Result<TaskPreparation> {
  const { features, targets, date } = detection.columns;
  if (!detection.table || !features || !targets) return failWith(file, 'forecasting needs numeric columns');
  const read = readSeries(detection.table, { features, targets, date }, file);
  if (!read.ok) return read;
  const series = read.value;
  const { horizon } = options;
  const split = tailSplit(series.rows, options.validationFraction);
  if (split.train < horizon + 1) {
    return failWith(
      file,
      `the training part has ${split.train} rows; forecasting ${horizon} row(s) ahead needs at least ${horizon + 1}`,
    );
  }
  const fitted = fitZScore(series.values, series.columns, split.train);
  const normalizedValues = normalizeSeries(fitted.normalization, series.values, file);
  if (!normalizedValues.ok) return normalizedValues;
  const normalized = {
    values: normalizedValues.value,
    rows: series.rows,
    columns: series.columns.length,
    targetIndices: series.targetIndices,
    horizon,
  };
  const outputSize = horizon * targets.length;
  return ok({
    numClasses: 0,
    inputSize: series.columns.length,
    model: {
      vocabSize: 0,
      inputSize: series.columns.length,
      outputSize,
      loss: 'mse',
      headOn: 'last',
      paddingIdx: PAD_ID,
    },
    summary: {
      sizes: { unit: 'rows', total: series.rows, train: split.train, validation: split.validation },
      warnings: [...series.warnings, ...fitted.warnings],
    },
    checkpoint: {
      dataset: { featureColumns: series.columns, horizon },
      vocab: null,
      normalization: fitted.normalization,
    },
    makeTrainBatcher: (batchSize, window, random) =>
      new ForecastBatcher(normalized, split.train, batchSize, window, random),
    makeValidationBatches: (batchSize, window) =>
      split.validation === 0 ? [] : forecastValidationBatches(normalized, split.train, batchSize, window),
    validationUnits: (window) => forecastValidationUnits(normalized, split.train, window),
  });
}
