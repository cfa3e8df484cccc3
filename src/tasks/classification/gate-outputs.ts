/**
 * A classifier's output beside the gate maps: the class probabilities if the text ended at each step
 * (src/inference/running-outputs.ts: the head on the top layer's h at every step for a one-direction
 * model, each prefix run alone for a bidirectional one), so the last step is exactly the model's answer.
 */

import type { StepOutputsOf } from '../../inference/gate-recording';
import { runningOutputs } from '../../inference/running-outputs';
import { classProbabilities, singleStackOf } from '../../inference/predictor';
import type { StepOutputs } from '../../protocol/gate-recording';

export const classProbabilityOutputs: StepOutputsOf = (predictor, batch, _logits, topHidden): StepOutputs => {
  const { encoder } = predictor;
  const model = singleStackOf(predictor);
  const T = batch.steps;
  const O = model.config.outputSize;
  const { logits } = runningOutputs(model, batch, () => topHidden);
  const classes = encoder.dataset.classes ?? [];
  const C = Math.max(classes.length, O === 1 ? 2 : O);
  const probabilities = new Float32Array(T * C);
  for (let t = 0; t < T; t++) probabilities.set(classProbabilities(logits, O, t * O), t * C);
  const label = batch.targets && batch.targets.length === 1 ? encoder.className(batch.targets[0]) : null;
  return {
    kind: 'class-probabilities',
    classes: Array.from({ length: C }, (_, id) => encoder.className(id)),
    probabilities,
    label,
  };
};
