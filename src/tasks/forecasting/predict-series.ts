/**
 * `forecast` for a model with series, calendar or known-future inputs: the chosen series' rows of the
 * selection (the picker's choice, else the only or the last series selected), its window and the
 * horizon's known-future values → the forecast, the series (`ForecastAnswer.series`) and rows to insert.
 */

import type { ForecastAnswer, PredictionNotice } from '../../protocol/prediction-results';
import { forecastSeries } from './forecast';
import type { SeriesSelection } from './selection';
import { formatSeriesRows, parseLongSelection, type LongSelection, type SelectedSeries } from './series-selection';
import { trainingWindow } from '../../inference/prepare-selection';
import { forecastingPresentation } from './presentation';
import type { Predictor } from '../../inference/predictor';
import { formatQuantileRows } from './decode-output';

export function answerSeriesForecast(
  predictor: Predictor,
  prepared: SeriesSelection,
  long: LongSelection,
  request: { horizon?: number; series?: string },
  started: number,
): ForecastAnswer {
  const dataset = predictor.encoder.dataset;
  const inputs = dataset.forecastInputs!;
  const features = dataset.featureColumns ?? [];
  const notices: PredictionNotice[] = [...prepared.notices];
  const ids = long.series.map((one) => one.id);
  let one = defaultSeries(long);
  if (request.series !== undefined) {
    const chosen = long.series.find((s) => s.id === request.series);
    if (!chosen) throw new Error(`the selection has no rows of series '${request.series}'; it holds ${ids.join(', ')}`);
    one = chosen;
  } else if (long.series.length > 1)
    notices.push({
      level: 'info',
      message: `the selection holds series ${ids.join(', ')}; forecasting '${one.id}', the ${long.wide ? 'first column' : 'last'} (pick another above the chart)`,
    });
  const window = prepared.window;
  if (one.rows.length < window)
    throw new Error(
      `too short for the model's window: it reads ${window} rows of ${one.id === '' ? 'the series' : `series '${one.id}'`} and the selection has ${one.rows.length}; select at least ${window}`,
    );
  const result = forecastSeries(
    predictor,
    { rows: one.rows, dates: one.dates, future: one.future, ...(inputs.series ? { series: one.id } : {}) },
    request.horizon,
    window,
  );
  for (const message of result.notices ?? []) notices.push({ level: 'info', message });
  return {
    kind: 'forecast',
    features,
    targets: result.columns,
    history: one.rows,
    values: result.values,
    windowRows: Math.min(one.rows.length, window),
    layout: { kind: 'lines', separator: long.separator, decimals: long.decimals },
    insertText: formatSeriesRows(long, dataset, one, result.values, result.dates ?? []),
    ...(result.quantiles
      ? {
          quantiles: result.quantiles,
          quantileInsertText: formatQuantileRows(result.quantiles, long.separator, long.decimals, (step) => [
            ...(inputs.series ? [one.id] : []),
            ...(result.dates?.[step] !== undefined ? [result.dates[step]] : []),
          ]),
        }
      : {}),
    ...(result.interval ? { interval: result.interval } : {}),
    // The picker offers the series the selection holds rows of: those are the ones that can be forecast.
    ...(inputs.series ? { series: { column: inputs.series.column, id: one.id, ids } } : {}),
    notices,
    computeMs: performance.now() - started,
  };
}

/**
 * The series forecast when none is named: of long rows the last one selected (the rows nearest the
 * cursor), of wide rows the first column (all columns are selected alike).
 */
function defaultSeries(long: LongSelection): SelectedSeries {
  return long.wide ? long.series[0] : long.series[long.series.length - 1];
}

/** `lstm-studio predict` for such a model: rows of the file (the last series in them is forecast; of a wide table the first column). */
export function cliPredictSeries(
  predictor: Predictor,
  text: string,
  horizon: number | undefined,
): { json: object; text: string } {
  const dataset = predictor.encoder.dataset;
  const long = parseLongSelection(text, dataset);
  if (!long.ok) throw new Error(long.problem);
  const one = defaultSeries(long.value);
  const result = forecastSeries(
    predictor,
    {
      rows: one.rows,
      dates: one.dates,
      future: one.future,
      ...(dataset.forecastInputs?.series ? { series: one.id } : {}),
    },
    horizon,
    trainingWindow(predictor.metadata),
  );
  const lines = result.values.map((row, step) => [...(result.dates ? [result.dates[step]] : []), ...row].join(', '));
  return { json: { task: forecastingPresentation.id, ...result }, text: lines.join('\n') };
}
