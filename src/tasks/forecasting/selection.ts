/** A selection read for a forecaster: rows of its feature columns, at least its window of them. */

import { trainingWindow } from '../../inference/prepare-selection';
import type { Predictor } from '../../inference/predictor';
import { parseNumericSelection, type NumericSelection } from '../../inference/numeric-selection';
import type { PredictionNotice } from '../../protocol/prediction-results';
import type { Prepared } from '../task-use';

export interface SeriesSelection {
  /** The task's id, so a union of every task's selection narrows. */
  task: 'forecasting';
  selection: NumericSelection;
  window: number;
  notices: PredictionNotice[];
}

export function prepareSeriesSelection(predictor: Predictor, text: string): Prepared<SeriesSelection> {
  const { encoder } = predictor;
  const dataset = encoder.dataset;
  const window = trainingWindow(predictor.metadata);
  const notices: PredictionNotice[] = [];
  const problem = (message: string): Prepared<SeriesSelection> => ({ ok: false, problem: message, notices });
  const features = dataset.featureColumns ?? [];
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
