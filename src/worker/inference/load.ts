/** `load`: opens a checkpoint as a model and describes it (task, architecture, sizes). */

import { describeArchitecture } from '../../engine/config';
import { predictorFor } from './model-cache';
import { registerHandler } from './handlers';

export type { LoadedModelDescription } from '../../protocol/inference-messages';

registerHandler('load', async ({ checkpointPath }) => {
  const predictor = await predictorFor(checkpointPath);
  const dataset = predictor.encoder.dataset;
  return {
    task: predictor.encoder.task,
    architecture: describeArchitecture(predictor.model.config),
    parameterCount: predictor.model.parameterCount(),
    classes: dataset.classes,
    featureColumns: dataset.featureColumns,
    targets: dataset.columns.targets,
    horizon: dataset.horizon,
  };
});
