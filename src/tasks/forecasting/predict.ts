/** `forecast`: the values after a selected series, in the inference worker, ready to insert after it. */

import { formatForecastForInsertion, nextDates } from '../../inference/numeric-selection';
import type { Predictor } from '../../inference/predictor';
import type { ForecastAnswer, PredictionNotice } from '../../protocol/prediction-results';
import { requestOf, type PredictionRequest } from '../task-use';
import { forecast } from './forecast';
import type { SeriesSelection } from './selection';
import { answerSeriesForecast } from './predict-series';
import { formatQuantileRows } from './decode-output';

export function answerForecast(
  predictor: Predictor,
  prepared: SeriesSelection,
  request: PredictionRequest,
): ForecastAnswer {
  const { horizon, series } = requestOf(request, 'forecast');
  const started = performance.now();
  if (prepared.long) return answerSeriesForecast(predictor, prepared, prepared.long, { horizon, series }, started);
  const dataset = predictor.encoder.dataset;
  const features = dataset.featureColumns ?? [];
  const { rows, layout } = prepared.selection;
  const steps = Math.max(1, Math.min(horizon ?? dataset.horizon ?? 1, 10_000));
  const result = forecast(predictor, rows, steps, { seqLen: prepared.window, holdOtherColumns: true });
  const notices: PredictionNotice[] = [...prepared.notices];
  if (result.held) {
    const held = result.held.map((h) => `${h.column} at ${h.value}`).join(', ');
    notices.push({
      level: 'info',
      message: `the model predicts ${dataset.horizon ?? 1} step${(dataset.horizon ?? 1) > 1 ? 's' : ''} of ${result.columns.join(', ')}; beyond that it rolls forward with ${held} (held at the last value)`,
    });
  }
  return {
    kind: 'forecast',
    features,
    targets: result.columns,
    history: rows,
    values: result.values,
    windowRows: Math.min(rows.length, prepared.window),
    layout,
    insertText: formatForecastForInsertion(layout, result.values, result.columns),
    ...(result.quantiles
      ? { quantiles: result.quantiles, quantileInsertText: quantileText(layout, result.quantiles) }
      : {}),
    ...(result.interval ? { interval: result.interval } : {}),
    notices,
    computeMs: performance.now() - started,
  };
}

/** Every quantile, a line per step (its date first when the selection's rows have dates). */
function quantileText(layout: ForecastAnswer['layout'], quantiles: { levels: number[]; values: number[][][] }): string {
  const separator = layout.kind === 'inline' && layout.separator.trim() === '' ? ', ' : layout.separator;
  const dates =
    layout.kind === 'table' && layout.dateColumn !== null ? nextDates(layout.lastDates, quantiles.values.length) : [];
  return formatQuantileRows(quantiles, separator, layout.decimals, (step) => (dates[step] ? [dates[step]] : []));
}
