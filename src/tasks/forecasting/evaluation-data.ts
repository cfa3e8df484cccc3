/**
 * A new file for evaluating a forecaster: the whole series, z-scored with the stored normalisation, as
 * the validation part with no training rows before it.
 */

import { forecastValidationBatches, forecastValidationUnits } from '../../data/batches';
import type { LoadedText } from '../../data/decode-text';
import type { DatasetFormat } from '../../data/detect';
import { ok, type Result } from '../../data/errors';
import { applyZScore, type NormalizationJSON } from '../../data/normalize';
import type { TaskEvaluation } from '../../data/prepare-evaluation';
import { readTableWith } from '../../data/read-columns';
import { readSeries } from '../../data/series';
import type { StoredEncoding } from '../task-training';
import { prepareSeriesEvaluation } from './evaluation-series';

/** How many stored standard deviations a column's mean may move before evaluation warns about it. */
const SHIFT_WARNING_STDS = 3;

export function prepareForecastingEvaluation(
  file: LoadedText,
  format: DatasetFormat,
  stored: StoredEncoding,
): Result<TaskEvaluation> {
  const { dataset } = stored;
  if (dataset.forecastInputs) return prepareSeriesEvaluation(file, format, stored);
  const normalization = stored.normalization!;
  const features = dataset.featureColumns!;
  const targets = dataset.columns?.targets ?? [];
  const horizon = dataset.horizon!;
  const table = readTableWith(
    file,
    format,
    features.map((name) => ({
      name,
      why: targets.includes(name) ? 'the model forecasts it' : 'the model reads it as a feature',
    })),
  );
  if (!table.ok) return table;
  // The stored order, not the file's: feature d is normalised with the stored mean[d] and std[d].
  const read = readSeries(table.value, { features, targets, date: dataset.columns?.date, order: 'listed' }, file.name);
  if (!read.ok) return read;
  const series = read.value;
  const warnings = [...series.warnings, ...shiftWarnings(series.values, series.rows, normalization)];
  const normalized = {
    values: applyZScore(normalization, series.values),
    rows: series.rows,
    columns: features.length,
    targetIndices: series.targetIndices,
    horizon,
  };
  const checkRows = (window: number) => {
    if (series.rows < window + horizon) {
      throw new Error(
        `${file.name} has ${series.rows} rows, too few for a window of ${window} plus ${horizon} row(s) ahead; it needs at least ${window + horizon}`,
      );
    }
  };
  return ok({
    summary: { size: { unit: 'rows', total: series.rows }, unknownTokenRate: 0, warnings },
    makeBatches: (batchSize, window) => {
      checkRows(window);
      // No training rows: every window of the file is a validation window.
      return forecastValidationBatches(normalized, 0, batchSize, window);
    },
    streamBatches: (batchSize, window) => {
      checkRows(window);
      return forecastValidationUnits(normalized, 0, window).batches(batchSize, null);
    },
    validationUnits: (window) => {
      checkRows(window);
      return forecastValidationUnits(normalized, 0, window);
    },
  });
}

/** A warning per column whose mean here lies far from the training mean, in stored standard deviations. */
function shiftWarnings(values: Float64Array, rows: number, normalization: NormalizationJSON): string[] {
  const D = normalization.columns.length;
  const warnings: string[] = [];
  for (let d = 0; d < D; d++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += values[r * D + d];
    const mean = sum / rows;
    const z = (mean - normalization.mean[d]) / normalization.std[d];
    if (Math.abs(z) > SHIFT_WARNING_STDS) {
      warnings.push(
        `column '${normalization.columns[d]}' averages ${round(mean)} here, ${Math.abs(z).toFixed(1)} standard deviations from the training mean ` +
          `(${round(normalization.mean[d])} ± ${round(normalization.std[d])}); the model has not seen values like these`,
      );
    }
  }
  return warnings;
}

function round(x: number): string {
  return Number(x.toPrecision(4)).toString();
}
