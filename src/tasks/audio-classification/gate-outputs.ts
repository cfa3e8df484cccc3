/**
 * An audio classifier's output beside the gate maps: the class probabilities had the recording ended at
 * each step. The head reads the mean of the outputs, so for a one-direction model the answer after step t
 * is the head on the running mean of the top layer's h over steps 0…t (one pass); a bidirectional model
 * runs each prefix as its own sequence (runningOutputs), whose forward takes the mean itself. The last
 * step is exactly the model's answer.
 */

import type { StepOutputsOf } from '../../inference/gate-recording';
import { classProbabilities, singleStackOf } from '../../inference/predictor';
import { runningOutputs } from '../../inference/running-outputs';
import type { StepOutputs } from '../../protocol/gate-recording';
import { allocate } from '../../engine/tensor';

export const audioClassOutputs: StepOutputsOf = (predictor, batch, _logits, topHidden): StepOutputs => {
  const { encoder } = predictor;
  const model = singleStackOf(predictor);
  const T = batch.steps;
  const O = model.config.outputSize;
  const { logits } = runningOutputs(model, batch, () => {
    // running mean (T, H) ← top h (T, H): row t is the mean of rows 0…t.
    const H = topHidden.length / T;
    const running = allocate(model.config.dtype, T * H);
    for (let t = 0; t < T; t++)
      for (let h = 0; h < H; h++) {
        const previous = t === 0 ? 0 : running[(t - 1) * H + h] * t;
        running[t * H + h] = (previous + topHidden[t * H + h]) / (t + 1);
      }
    return running;
  });
  const probabilities = new Float32Array(T * O);
  for (let t = 0; t < T; t++) probabilities.set(classProbabilities(logits, O, t * O), t * O);
  const label = batch.targets && batch.targets.length === 1 ? encoder.className(batch.targets[0]) : null;
  return {
    kind: 'class-probabilities',
    classes: Array.from({ length: O }, (_, id) => encoder.className(id)),
    probabilities,
    label,
  };
};
