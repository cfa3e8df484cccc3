/** A selection read for a forecaster: rows of its feature columns, at least its window of them. */

import { trainingWindow } from '../../inference/prepare-selection';
import type { Predictor } from '../../inference/predictor';
import { parseNumericSelection, type NumericSelection } from '../../inference/numeric-selection';
import type { PredictionNotice } from '../../protocol/prediction-results';
import type { Prepared } from '../task-use';
import { parseLongSelection, type LongSelection } from './series-selection';

export interface SeriesSelection {
  /** The task's id, so a union of every task's selection narrows. */
  task: 'forecasting';
  selection: NumericSelection;
  window: number;
  notices: PredictionNotice[];
  /** A model with series, calendar or known-future inputs: the selected rows by series. */
  long?: LongSelection;
}

export function prepareSeriesSelection(predictor: Predictor, text: string): Prepared<SeriesSelection> {
  const { encoder } = predictor;
  const dataset = encoder.dataset;
  const window = trainingWindow(predictor.metadata);
  const notices: PredictionNotice[] = [];
  const problem = (message: string): Prepared<SeriesSelection> => ({ ok: false, problem: message, notices });
  const features = dataset.featureColumns ?? [];
  if (dataset.forecastInputs) {
    const long = parseLongSelection(text, dataset);
    if (!long.ok) return problem(long.problem);
    // The numeric view of the rows (the history plot) is the chosen series'; answerForecast picks it.
    const selection: NumericSelection = {
      rows: long.value.series[0].rows,
      layout: { kind: 'lines', separator: long.value.separator, decimals: long.value.decimals },
    };
    return { ok: true, value: { task: 'forecasting', selection, window: window ?? 1, notices, long: long.value } };
  }
  const parsed = parseNumericSelection(text, features, dataset.columns.date);
  if (!parsed.ok) return problem(parsed.problem);
  const rows = parsed.value.rows.length;
  const needed = window ?? 1;
  if (rows < needed) {
    return problem(
      `too short for the model's window: it reads ${needed} rows of ${features.join(', ')} and the selection has ${rows}; select at least ${needed}`,
    );
  }
  if (rows > needed)
    notices.push({
      level: 'info',
      message: `the model read the last ${needed} of the ${rows} rows (its window); all are plotted`,
    });
  return { ok: true, value: { task: 'forecasting', selection: parsed.value, window: needed, notices } };
}
