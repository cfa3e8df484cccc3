/**
 * A new file for evaluating a forecaster with series, calendar or known-future inputs: read like its
 * training file (one series per id), each series z-scored with the stored normalisation of its id, and
 * every window of every series a validation window. Rows of a series the model does not know are left
 * out with a warning (it has no normalisation nor series input for them).
 */

import { readTableWith } from '../../data/read-columns';
import type { LoadedText } from '../../data/decode-text';
import type { DatasetFormat } from '../../data/detect';
import { failWith, ok, type Result } from '../../data/errors';
import type { TaskEvaluation } from '../../data/prepare-evaluation';
import type { ForecastInputsJSON } from '../../data/series-inputs';
import { LongSeriesReader, type ManySeries } from '../../data/series-long';
import { WideToLongSink } from '../../data/series-wide';
import { buildSeriesSteps } from '../../data/series-steps';
import { seriesValidationUnits } from '../../data/series-windows';
import { replayTable } from '../../data/table';
import type { StoredEncoding } from '../task-training';
import { holidaysOf } from './prepare-inputs';
import * as l10n from '../../protocol/l10n';

export function prepareSeriesEvaluation(
  file: LoadedText,
  format: DatasetFormat,
  stored: StoredEncoding,
): Result<TaskEvaluation> {
  const { dataset } = stored;
  const inputs = dataset.forecastInputs as ForecastInputsJSON;
  const features = dataset.featureColumns!;
  const targets = dataset.columns.targets ?? [];
  const date = dataset.columns.date;
  if (inputs.wide) return prepareWideEvaluation(file, format, stored);
  const needed = [
    ...features.map((name) => ({
      name,
      why: targets.includes(name) ? 'the model forecasts it' : 'the model reads it',
    })),
    ...(inputs.series ? [{ name: inputs.series.column, why: 'it names the series' }] : []),
    ...(inputs.calendar && date ? [{ name: date, why: 'the calendar inputs come from it' }] : []),
  ];
  const table = readTableWith(file, format, needed);
  if (!table.ok) return table;
  const reader = new LongSeriesReader(
    { features, targets, date, order: 'listed', seriesColumn: inputs.series?.column, times: !!inputs.calendar },
    file.name,
  );
  const problem = replayTable(table.value, reader);
  if (problem) return { ok: false, error: problem };
  return evaluateManySeries(file, reader.finish(), stored, []);
}

/**
 * A wide file (one column per series) for a model trained on a wide table: the columns named like the
 * model's series are read as its long rows; other columns but the date are left out with a warning.
 */
function prepareWideEvaluation(
  file: LoadedText,
  format: DatasetFormat,
  stored: StoredEncoding,
): Result<TaskEvaluation> {
  const { dataset } = stored;
  const inputs = dataset.forecastInputs as ForecastInputsJSON;
  const date = dataset.columns.date;
  const needed = inputs.calendar && date ? [{ name: date, why: 'the calendar inputs come from it' }] : [];
  const table = readTableWith(file, format, needed);
  if (!table.ok) return table;
  const ids = inputs.series?.ids ?? [];
  const seriesColumns = table.value.columns.filter((c) => ids.includes(c));
  const others = table.value.columns.filter((c) => c !== date && !ids.includes(c));
  if (seriesColumns.length === 0)
    return failWith(file.name, l10n.t("no series column of the model's ({0}) is in the file", ids.join(', ')), {
      line: 1,
    });
  const warnings =
    others.length > 0
      ? [`column(s) ${others.map((c) => `'${c}'`).join(', ')} are not among the model's series and left out`]
      : [];
  const reader = new LongSeriesReader(
    {
      features: dataset.featureColumns!,
      targets: dataset.columns.targets ?? [],
      date,
      order: 'listed',
      seriesColumn: inputs.series?.column,
      times: !!inputs.calendar,
    },
    file.name,
  );
  const sink = new WideToLongSink(
    { seriesColumns, date: table.value.columns.includes(date ?? '') ? date : undefined },
    reader,
    file.name,
  );
  const problem = replayTable(table.value, sink);
  if (problem) return { ok: false, error: problem };
  return evaluateManySeries(file, reader.finish(), stored, warnings);
}

/** The known series of a file read as many series, z-scored by their stored normalisation, as windows. */
function evaluateManySeries(
  file: LoadedText,
  read: Result<ManySeries>,
  stored: StoredEncoding,
  readWarnings: string[],
): Result<TaskEvaluation> {
  if (!read.ok) return read;
  const { dataset } = stored;
  const inputs = dataset.forecastInputs as ForecastInputsJSON;
  const features = dataset.featureColumns!;
  const targets = dataset.columns.targets ?? [];
  const warnings = [...readWarnings, ...read.value.warnings];
  const known = read.value.series.filter((one) => !inputs.series || inputs.series.ids.includes(one.id));
  const unknown = read.value.series.filter((one) => !known.includes(one));
  if (unknown.length > 0)
    warnings.push(
      `series ${unknown.map((one) => `'${one.id}'`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among the model's and left out`,
    );
  if (known.length === 0)
    return failWith(file.name, l10n.t("no series of the model's ({0}) is in the file", inputs.series!.ids.join(', ')));
  const holidays = holidaysOf(inputs.calendar?.holidays, file.name);
  if (!holidays.ok) return holidays;
  const index = known.map((one) => (inputs.series ? inputs.series.ids.indexOf(one.id) : 0));
  const pooled = stored.normalization!;
  const normalization = {
    mean: index.map((s) => (inputs.series ? inputs.series.mean[s] : pooled.mean)),
    std: index.map((s) => (inputs.series ? inputs.series.std[s] : pooled.std)),
  };
  const horizon = dataset.horizon!;
  const steps = buildSeriesSteps({
    many: { ...read.value, series: known },
    inputs,
    columns: features,
    targetIndices: targets.map((name) => features.indexOf(name)),
    normalization,
    trainRows: known.map(() => 0),
    horizon,
    holidays: holidays.value,
    seriesIndex: index,
  });
  const rows = known.reduce((sum, one) => sum + one.data.rows, 0);
  const units = (window: number) => {
    const all = seriesValidationUnits(steps, window);
    if (all.count === 0)
      throw new Error(
        `${file.name}: no series has ${window + horizon} rows, enough for a window of ${window} plus ${horizon} row(s) ahead`,
      );
    return all;
  };
  return ok({
    summary: { size: { unit: 'rows', total: rows }, unknownTokenRate: 0, warnings },
    makeBatches: (batchSize, window) =>
      Array.from(units(window).batches(batchSize, null), (b) => ({
        ...b,
        features: b.features!.slice(),
        targets: b.targets.slice(),
      })),
    streamBatches: (batchSize, window) => units(window).batches(batchSize, null),
    validationUnits: units,
  });
}
