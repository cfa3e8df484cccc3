/**
 * Detecting a forecaster's inputs besides its numeric columns: the series column of a long table (named
 * with `seriesColumn`, or the one text column beside a date that repeats), known-future columns and
 * calendar inputs, with the reason in words.
 */

import { DISTINCT_CAP, isDateColumn, isNumericColumn, type ColumnProfile } from '../../data/column-profile';
import type { DatasetColumns, DatasetOverrides } from '../../data/detect';
import { failWith, listNames, ok, type Result } from '../../data/errors';
import type { Table } from '../../data/table';
import * as l10n from '../../protocol/l10n';

/**
 * The series column: the one named, else the only column that is neither numeric nor a date when a
 * date column repeats its values (several series share each date) — a long table.
 */
export function seriesColumnOf(profiles: ColumnProfile[], overrides: DatasetOverrides): string | undefined {
  if (overrides.seriesColumn !== undefined) return overrides.seriesColumn;
  if (overrides.dateColumn === null) return undefined;
  const date = profiles.find((p) => p.name === overrides.dateColumn) ?? profiles.find(isDateColumn);
  // A capped count of distinct dates says nothing about repeats: then only a named column is a series column.
  if (!date || date.distinct >= date.filled || date.distinct >= DISTINCT_CAP) return undefined;
  const others = profiles.filter((p) => p !== date && !isNumericColumn(p) && !isDateColumn(p));
  return others.length === 1 && others[0].distinct >= 2 && others[0].distinct < others[0].filled
    ? others[0].name
    : undefined;
}

/** "column 'store' identifies 8 series of 730 rows each (long format)", counted over the whole table. */
export function describeLongFormat(table: Table, series: string): string {
  const index = table.columns.indexOf(series);
  const counts = new Map<string, number>();
  for (const row of table.rows) {
    const id = (row[index] ?? '').trim();
    counts.set(id, (counts.get(id) ?? 0) + 1);
  }
  const sizes = [...counts.values()];
  const [least, most] = [Math.min(...sizes), Math.max(...sizes)];
  const rows = least === most ? `${least} rows each` : `${least} to ${most} rows`;
  return `column '${series}' identifies ${counts.size} series of ${rows} (long format)`;
}

/** The series, known-future and calendar parts of the columns, checked against the chosen ones. */
export function chooseInputs(
  overrides: DatasetOverrides,
  chosen: { features: string[]; targets: string[]; date?: string; series?: string },
  file: string,
): Result<Pick<DatasetColumns, 'series' | 'knownFuture' | 'calendar'>> {
  const { features, targets, date, series } = chosen;
  const knownFuture = overrides.knownFutureColumns ?? [];
  const notFeature = knownFuture.filter((c) => !features.includes(c));
  if (notFeature.length > 0)
    return failWith(
      file,
      l10n.t('known-future column {0} is not a numeric column of the table', listNames(notFeature)),
    );
  const forecast = knownFuture.filter((c) => targets.includes(c));
  if (forecast.length > 0)
    return failWith(
      file,
      l10n.t('{0} cannot be both forecast and known ahead; choose other targets', listNames(forecast)),
    );
  const wanted =
    overrides.calendar === 'on' ||
    (overrides.calendar !== 'off' &&
      (series !== undefined || knownFuture.length > 0 || overrides.holidays !== undefined));
  if (wanted && date === undefined) {
    if (overrides.calendar === 'on' || overrides.holidays !== undefined)
      return failWith(file, l10n.t('calendar inputs and holidays need a date column; name it with dateColumn'));
  }
  const calendar = wanted && date !== undefined;
  return ok({
    ...(series !== undefined ? { series } : {}),
    ...(knownFuture.length > 0 ? { knownFuture } : {}),
    ...(calendar ? { calendar: overrides.holidays ? { holidays: overrides.holidays.toUpperCase() } : {} } : {}),
  });
}
