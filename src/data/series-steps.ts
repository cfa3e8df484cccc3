/**
 * Many series → the step inputs every window is cut from (`SeriesSteps`, src/data/series-windows.ts):
 * each series z-scored by its own training part (per-series normalisation, stored in the checkpoint),
 * then each row written once as a history step and once as a future step (see src/data/series-inputs.ts
 * for the layout).
 */

import { fitZScore, type NormalizationJSON } from './normalize';
import type { HolidayCalendar } from './series-holidays';
import { stepLayout, writeStepContext, type ForecastInputsJSON, type SeriesNormalizationJSON } from './series-inputs';
import type { ManySeries } from './series-long';
import type { SeriesSteps } from './series-windows';

/** Warnings of constant columns kept to this many (a hundred series with a constant column say it once each otherwise). */
const MAX_CONSTANT_WARNINGS = 5;

/**
 * Mean and std of each feature of each series over its first `trainRows[s]` rows, and a pooled
 * normalisation (mean of the means, root mean square of the stds) that stands for them where one scale
 * per column is asked for (the metrics' units).
 */
export function fitSeriesNormalization(
  many: ManySeries,
  columns: readonly string[],
  trainRows: readonly number[],
  seriesColumn: string,
): { series: SeriesNormalizationJSON; pooled: NormalizationJSON; warnings: string[] } {
  const mean: number[][] = [];
  const std: number[][] = [];
  const warnings: string[] = [];
  many.series.forEach((one, s) => {
    const fitted = fitZScore(one.data.values, columns, trainRows[s]);
    mean.push(fitted.normalization.mean);
    std.push(fitted.normalization.std);
    warnings.push(...fitted.warnings.map((w) => `series '${one.id}': ${w}`));
  });
  const D = columns.length;
  const S = many.series.length;
  const pooledMean = Array.from({ length: D }, (_, d) => mean.reduce((sum, m) => sum + m[d], 0) / S);
  const pooledStd = Array.from({ length: D }, (_, d) => Math.sqrt(std.reduce((sum, x) => sum + x[d] ** 2, 0) / S));
  const shown = warnings.slice(0, MAX_CONSTANT_WARNINGS);
  if (warnings.length > shown.length) shown.push(`… and ${warnings.length - shown.length} more constant columns`);
  return {
    series: { column: seriesColumn, ids: many.series.map((one) => one.id), mean, std },
    pooled: {
      format: 'lstm-studio-normalization/1',
      method: 'z-score',
      columns: [...columns],
      mean: pooledMean,
      std: pooledStd,
    },
    warnings: shown,
  };
}

export interface StepSources {
  many: ManySeries;
  inputs: ForecastInputsJSON;
  /** Feature columns, in the values' order. */
  columns: readonly string[];
  targetIndices: readonly number[];
  /** Each series' normalisation (`mean[s]`, `std[s]`); a single series without a series column uses one. */
  normalization: { mean: readonly (readonly number[])[]; std: readonly (readonly number[])[] };
  trainRows: readonly number[];
  horizon: number;
  holidays: HolidayCalendar | null;
  /** The one-hot index of each series (default: its position; evaluation keeps the trained order). */
  seriesIndex?: readonly number[];
}

/** Every row's history and future step inputs, and its normalised targets. */
export function buildSeriesSteps(sources: StepSources): SeriesSteps {
  const { many, inputs, columns, targetIndices, normalization, horizon, holidays } = sources;
  const D = columns.length;
  const K = targetIndices.length;
  const layout = stepLayout(inputs, D);
  const I = layout.width;
  const known = inputs.knownFuture.map((name) => columns.indexOf(name));
  const total = many.series.reduce((sum, one) => sum + one.data.rows, 0);
  const history = new Float32Array(total * I);
  const future = inputs.futureSteps ? new Float32Array(total * I) : null;
  const targets = new Float32Array(total * K);
  const segments: { start: number; rows: number; trainRows: number }[] = [];
  let row = 0;
  many.series.forEach((one, s) => {
    const mean = normalization.mean[s];
    const std = normalization.std[s];
    const oneHot = sources.seriesIndex?.[s] ?? s;
    const { values, rows } = one.data;
    segments.push({ start: row, rows, trainRows: sources.trainRows[s] });
    for (let r = 0; r < rows; r++, row++) {
      const time = one.times ? one.times[r] : NaN;
      // history step: every feature, z-scored by this series
      writeStepContext(layout, oneHot, time, holidays, false, history, row * I);
      for (let d = 0; d < D; d++) history[row * I + d] = (values[r * D + d] - mean[d]) / std[d];
      for (let k = 0; k < K; k++) targets[row * K + k] = history[row * I + targetIndices[k]];
      if (!future) continue;
      // future step: only the known-future features; the unknown ones stay 0 (their mean)
      writeStepContext(layout, oneHot, time, holidays, true, future, row * I);
      for (const d of known) future[row * I + d] = history[row * I + d];
    }
  });
  return { history, future, width: I, targets, targetCount: K, segments, horizon };
}
