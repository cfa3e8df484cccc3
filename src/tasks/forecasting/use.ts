/** Using a trained forecaster: see TaskUse. */

import type { TaskUse } from '../task-use';
import { parseCliNumbers } from './cli-numbers';
import { forecast } from './forecast';
import { forecastOutputs } from './gate-outputs';
import { answerForecast } from './predict';
import { forecastingPresentation } from './presentation';
import { prepareSeriesSelection } from './selection';

export const forecastingUse: TaskUse = {
  prediction: {
    prepare: prepareSeriesSelection,
    answer: answerForecast,
  },
  gateOutputs: forecastOutputs,
  cliPredict(predictor, input, { horizon }) {
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
