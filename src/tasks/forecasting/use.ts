/** Using a trained forecaster: see TaskUse. */

import { DEFAULT_SELECTION_LIMIT } from '../../protocol/prediction-panel-validation';
import type { TaskUse } from '../task-use';
import { parseCliNumbers } from './cli-numbers';
import { forecast } from './forecast';
import { forecastOutputs } from './gate-outputs';
import { answerForecast } from './predict';
import { forecastingPresentation } from './presentation';
import { prepareSeriesSelection } from './selection';
import { cliPredictSeries } from './predict-series';

export const forecastingUse: TaskUse = {
  prediction: {
    prepare: prepareSeriesSelection,
    // The last rows are the history the forecast starts from; a row cut in two is left out.
    limit: () => ({ ...DEFAULT_SELECTION_LIMIT, wholeLines: true }),
    answer: answerForecast,
  },
  gateOutputs: forecastOutputs,
  cliPredict(predictor, input, { horizon }) {
    if (predictor.encoder.dataset.forecastInputs) return cliPredictSeries(predictor, input, horizon);
    const result = forecast(
      predictor,
      parseCliNumbers(input, predictor.encoder.dataset.featureColumns?.length ?? 1),
      horizon,
    );
    return {
      json: { task: forecastingPresentation.id, ...result },
      text: result.values.map((row) => row.join(', ')).join('\n'),
    };
  },
};
