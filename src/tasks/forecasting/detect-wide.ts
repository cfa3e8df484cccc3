/**
 * Detecting a wide table: a date and one numeric column per series (`store_1`, `store_2`…), trained as
 * many series of one global model by reading it as the long table it stands for (src/data/series-wide.ts).
 * Named with `wide: 'on'`, or detected when no target is named and at least three numeric columns are one
 * name and a number; `wide: 'off'` keeps such a table one multivariate series.
 */

import { listNames, failWith, ok, type Result } from '../../data/errors';
import type { DatasetOverrides } from '../../data/detect';
import { WIDE_SERIES_COLUMN, WIDE_VALUE_COLUMN, wideStem } from '../../data/series-wide';
import type { TaskDetection } from '../task-training';
import { chooseInputs } from './detect-inputs';
import * as l10n from '../../protocol/l10n';

/** The columns and reason of a wide table, or null when the table is not read as one. */
export function chooseWide(
  overrides: DatasetOverrides,
  chosen: { features: string[]; date?: string; series?: string },
  file: string,
): Result<Omit<TaskDetection, 'table'> | null> {
  const { features, date, series } = chosen;
  if (overrides.wide === 'off') return ok(null);
  const named = overrides.wide === 'on';
  if (named && series !== undefined)
    return failWith(
      file,
      l10n.t("a wide table has no series column; '{0}' was named as one (choose one of the two)", series),
    );
  if (named && overrides.targetColumns !== undefined)
    return failWith(file, l10n.t('in a wide table every numeric column is a series to forecast; name no target'));
  const stem = wideStem(features);
  const detected =
    !named && overrides.targetColumns === undefined && series === undefined && date !== undefined && stem !== null;
  if (!named && !detected) return ok(null);
  if (features.length < 2)
    return failWith(
      file,
      l10n.t('a wide table needs two or more numeric columns, one per series; it has {0}', listNames(features)),
    );
  const long = { features: [WIDE_VALUE_COLUMN], targets: [WIDE_VALUE_COLUMN], date, series: WIDE_SERIES_COLUMN };
  const inputs = chooseInputs(overrides, long, file);
  if (!inputs.ok) return inputs;
  const span = `${features[0]} … ${features[features.length - 1]}`;
  const share = detected ? ' share a name' : '';
  const dateText = date ? `; '${date}' is the time axis` : '';
  return ok({
    columns: {
      features: long.features,
      targets: long.targets,
      ...(date ? { date } : {}),
      ...inputs.value,
      wide: features,
    },
    reason: l10n.t(
      'columns {0}{1}: one series each (wide format, {2} series){3}',
      span,
      share,
      features.length,
      dateText,
    ),
    warnings: [],
  });
}
