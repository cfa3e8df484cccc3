/**
 * A forecaster's output beside the gate maps: after each step, the next value(s) the model predicts
 * against the one(s) that came, in the data's units.
 */

import { denormalizeValue } from '../../data/normalize';
import { applyHeadAtEveryStep, type StepOutputsOf } from '../../inference/gate-recording';
import type { StepOutputs } from '../../protocol/gate-recording';

export const forecastOutputs: StepOutputsOf = (predictor, batch, _logits, topHidden): StepOutputs => {
  const { model, encoder } = predictor;
  const T = batch.steps;
  const O = model.config.outputSize;
  const normalization = encoder.normalization!;
  const targets = encoder.dataset.columns.targets ?? [];
  const K = targets.length;
  const D = normalization.columns.length;
  const column = targets.map((name) => normalization.columns.indexOf(name));
  const logits = applyHeadAtEveryStep(predictor, topHidden, T);
  const predicted = new Float32Array(T * K);
  const actual = new Float32Array(T * K).fill(NaN);
  const features = batch.features!;
  for (let t = 0; t < T; t++) {
    // The first horizon row: the value(s) right after step t.
    const next = encoder.decodeForecast(logits.subarray(t * O, (t + 1) * O))[0] ?? [];
    for (let k = 0; k < K; k++) {
      predicted[t * K + k] = next[k];
      if (t + 1 < T) actual[t * K + k] = denormalizeValue(normalization, column[k], features[(t + 1) * D + column[k]]);
      else if (batch.targets && batch.targets.length >= K)
        actual[t * K + k] = denormalizeValue(normalization, column[k], batch.targets[k]);
    }
  }
  return { kind: 'forecast', targets, predicted, actual };
};
