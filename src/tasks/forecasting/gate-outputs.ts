/**
 * A forecaster's output beside the gate maps: after each step, the next value(s) the model predicts
 * against the one(s) that came, in the data's units.
 */

import type { Batch } from '../../engine/batch';
import type { DatasetMetadata } from '../../data/dataset-metadata';
import { denormalizeValue, type NormalizationJSON } from '../../data/normalize';
import { stepLayout } from '../../data/series-inputs';
import { applyHeadAtEveryStep, type StepOutputsOf } from '../../inference/gate-recording';
import type { StepOutputs } from '../../protocol/gate-recording';
import { distributionOfConfig, summarizeValue } from './distribution';

export const forecastOutputs: StepOutputsOf = (predictor, batch, _logits, topHidden): StepOutputs => {
  const { model, encoder } = predictor;
  const T = batch.steps;
  const O = model.config.outputSize;
  const targets = encoder.dataset.columns.targets ?? [];
  const K = targets.length;
  const inputs = encoder.dataset.forecastInputs;
  // A model with series inputs: the steps are wider than the features, and each series has its own scale
  // (the batch's one-hot says which).
  const normalization = inputs
    ? seriesNormalizationOf(encoder.dataset, encoder.normalization!, batch)
    : encoder.normalization!;
  const D = inputs ? stepLayout(inputs, normalization.columns.length).width : normalization.columns.length;
  const column = targets.map((name) => normalization.columns.indexOf(name));
  const logits = applyHeadAtEveryStep(predictor, topHidden, T);
  const predicted = new Float32Array(T * K);
  const actual = new Float32Array(T * K).fill(NaN);
  const features = batch.features!;
  const future = inputs ? stepLayout(inputs, normalization.columns.length).futureAt : -1;
  // A distribution head gives P parameters per value: the point predicted is its median.
  const distribution = distributionOfConfig(model.config);
  const scratch = new Float64Array(distribution.paramsPerValue);
  const summary = new Float64Array(3);
  for (let t = 0; t < T; t++) {
    for (let k = 0; k < K; k++) {
      // The first horizon row: the value(s) right after step t (output k of the step).
      summarizeValue(logits, t * O + k * distribution.paramsPerValue, distribution, scratch, summary);
      predicted[t * K + k] = denormalizeValue(normalization, column[k], summary[0]);
      // A future step holds no actual value (the forecast columns are zeroed there).
      const nextIsFuture = future >= 0 && t + 1 < T && features[(t + 1) * D + future] === 1;
      if (nextIsFuture) continue;
      if (t + 1 < T) actual[t * K + k] = denormalizeValue(normalization, column[k], features[(t + 1) * D + column[k]]);
      else if (batch.targets && batch.targets.length >= K)
        actual[t * K + k] = denormalizeValue(normalization, column[k], batch.targets[k]);
    }
  }
  return { kind: 'forecast', targets, predicted, actual };
};

/** The normalisation of the batch's series (the one-hot of its first step), else the pooled one. */
function seriesNormalizationOf(dataset: DatasetMetadata, pooled: NormalizationJSON, batch: Batch): NormalizationJSON {
  const series = dataset.forecastInputs?.series;
  if (!series) return pooled;
  const layout = stepLayout(dataset.forecastInputs!, pooled.columns.length);
  const features = batch.features!;
  for (let s = 0; s < layout.seriesCount; s++)
    if (features[layout.seriesAt + s] === 1) return { ...pooled, mean: series.mean[s], std: series.std[s] };
  return pooled;
}
