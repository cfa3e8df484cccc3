/**
 * Detecting a forecasting dataset: a table whose columns are all numeric besides a date (the time axis).
 * It scores above classification, so a numeric table is a series; the target is named like one
 * (`close`, `sales`) or is the first numeric column.
 */

import { isDateColumn, isNumericColumn, type ColumnProfile } from '../../data/column-profile';
import { normaliseColumnName, plural, type DatasetOverrides } from '../../data/detect';
import { failWith, listNames, ok, type Result } from '../../data/errors';
import { chooseInputs, describeLongFormat, seriesColumnOf } from './detect-inputs';
import { chooseWide } from './detect-wide';
import type { Table } from '../../data/table';
import type { DetectionInput, TaskDetection, TaskDetector } from '../task-training';
import * as l10n from '../../protocol/l10n';

/** Names that mark the column to forecast, best first. */
export const SERIES_TARGET_NAMES = [
  'target',
  'y',
  'value',
  'close',
  'price',
  'sales',
  'demand',
  'load',
  'count',
  'temperature',
  'temp',
];

export const forecastingDetector: TaskDetector = {
  readsPlainText: false,
  // Target, series and known-future columns and holidays are only read by forecasting, and win over a
  // label column named alongside.
  impliedBy: (overrides: DatasetOverrides) =>
    overrides.targetColumns !== undefined ||
    overrides.seriesColumn !== undefined ||
    overrides.knownFutureColumns !== undefined ||
    overrides.wide === 'on' ||
    overrides.holidays !== undefined
      ? 2
      : 0,
  score: (sample, overrides) => {
    if (sample.format === 'text') return null;
    const series = seriesColumnOf(sample.profiles, overrides);
    if (!looksLikeSeries(sample.profiles, overrides, series)) return null;
    return {
      score: 2,
      reason: series
        ? `every column but the date and the series column '${series}' is numeric`
        : 'every column but the date is numeric',
    };
  },
  chooseColumns,
};

function chooseColumns(input: DetectionInput): Result<TaskDetection> {
  const read = input.readTable();
  if (!read.ok) return read;
  const { table, profiles } = read.value;
  const choice = chooseSeries(table, profiles, input.overrides, input.file);
  if (!choice.ok) return choice;
  return ok({ ...choice.value, table });
}

function seriesDateColumn(profiles: ColumnProfile[], overrides: DatasetOverrides): string | undefined {
  if (overrides.dateColumn === null) return undefined;
  return overrides.dateColumn ?? profiles.find(isDateColumn)?.name;
}

/**
 * Every column but the date (and other date-like columns, unless dates are switched off) and the
 * series column is numeric.
 */
function looksLikeSeries(profiles: ColumnProfile[], overrides: DatasetOverrides, series?: string): boolean {
  const date = seriesDateColumn(profiles, overrides);
  const others = profiles.filter(
    (p) => p.name !== date && p.name !== series && (overrides.dateColumn === null || !isDateColumn(p)),
  );
  return others.length > 0 && others.every(isNumericColumn);
}

function chooseSeries(
  table: Table,
  profiles: ColumnProfile[],
  overrides: DatasetOverrides,
  file: string,
): Result<Omit<TaskDetection, 'table'>> {
  const warnings: string[] = [];
  const date = seriesDateColumn(profiles, overrides);
  const series = seriesColumnOf(profiles, overrides);
  const targetsChosen = overrides.targetColumns ?? [];
  const features: string[] = [];
  const ignored: string[] = [];
  for (const p of profiles) {
    if (p.name === date || p.name === series) continue;
    const numeric = isNumericColumn(p);
    if (targetsChosen.includes(p.name) || (numeric && (overrides.dateColumn === null || !isDateColumn(p))))
      features.push(p.name);
    else ignored.push(p.name);
  }
  if (features.length === 0) {
    return failWith(
      file,
      l10n.t('no numeric column to forecast; the columns are {0}', listNames(profiles.map((p) => p.name))),
    );
  }
  if (ignored.length > 0) {
    const are = ignored.length === 1 ? 'is' : 'are';
    warnings.push(
      l10n.t('{0} {1} {2} not numeric and {3} ignored', plural(ignored.length, 'column'), listNames(ignored), are, are),
    );
  }
  const wide = chooseWide(overrides, { features, date, series }, file);
  if (!wide.ok) return wide;
  if (wide.value) return ok({ ...wide.value, warnings: [...warnings, ...wide.value.warnings] });
  let targets = targetsChosen;
  let why = 'chosen';
  if (targets.length === 0) {
    const named = SERIES_TARGET_NAMES.map((n) => features.find((f) => normaliseColumnName(f) === n)).find(
      (f) => f !== undefined,
    );
    targets = [named ?? features[0]];
    why = named
      ? 'named like a target'
      : features.length === 1
        ? 'the only numeric column'
        : 'the first numeric column; choose others with targetColumns';
  }
  const dateText = date ? `, '${date}' is the time axis` : '';
  const are = features.length === 1 ? 'is' : 'are';
  const inputs = chooseInputs(overrides, { features, targets, date, series }, file);
  if (!inputs.ok) return inputs;
  const reason = `${plural(features.length, 'column')} ${listNames(features)} ${are} numeric${dateText}: forecasting ${listNames(targets)} (${why})`;
  return ok({
    columns: { features, targets, ...(date ? { date } : {}), ...inputs.value },
    reason: series ? `${reason}; ${describeLongFormat(table, series)}` : reason,
    warnings,
  });
}
