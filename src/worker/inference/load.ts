/** `load`: opens a checkpoint as a model and describes it (task, architecture, sizes). */

import { describeArchitecture } from '../../engine/config';
import { predictorFor } from './model-cache';
import { registerHandler } from './handlers';
import { getTask } from '../../tasks';
import { DEFAULT_SELECTION_LIMIT } from '../../protocol/prediction-panel-validation';

export type { LoadedModelDescription } from '../../protocol/inference-messages';

registerHandler('load', async ({ checkpointPath }) => {
  const predictor = await predictorFor(checkpointPath);
  const dataset = predictor.encoder.dataset;
  const { prediction } = getTask(predictor.encoder.task).use;
  return {
    task: predictor.encoder.task,
    architecture: describeArchitecture(predictor.model.config),
    parameterCount: predictor.model.parameterCount(),
    classes: dataset.classes,
    featureColumns: dataset.featureColumns,
    targets: dataset.columns.targets,
    horizon: dataset.horizon,
    ...(dataset.forecastInputs?.series
      ? { series: { column: dataset.forecastInputs.series.column, ids: [...dataset.forecastInputs.series.ids] } }
      : {}),
    selectionLimit: prediction?.limit?.(predictor) ?? DEFAULT_SELECTION_LIMIT,
  };
});
