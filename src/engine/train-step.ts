/**
 * One optimizer step on one batch: zero the gradients, forward in training mode, backward, clip by
 * global norm, update.
 */

import type { Batch } from './batch';
import type { LstmModel } from './model';
import { clipGradientNorm, gradientNorm, type Optimizer } from './optimizers';
import type { Random } from './random';

export interface TrainStepOptions {
  /** Clip the global gradient norm to this value; 0 or undefined = no clipping. */
  clipNorm?: number;
  /** Generator for dropout masks (required when the model has dropout). */
  rng?: Random;
}

export interface TrainStepResult {
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
}

export function trainStep(
  model: LstmModel,
  batch: Batch,
  optimizer: Optimizer,
  options: TrainStepOptions = {},
): TrainStepResult {
  model.zeroGrad();
  const { loss } = model.forward(batch, { training: true, rng: options.rng });
  if (!Number.isFinite(loss)) return { loss, gradNorm: NaN }; // the caller stops the run; weights stay as they were
  model.backward();
  const parameters = model.parameters();
  const gradNorm =
    options.clipNorm && options.clipNorm > 0
      ? clipGradientNorm(parameters, options.clipNorm)
      : gradientNorm(parameters);
  if (!Number.isFinite(gradNorm)) return { loss, gradNorm };
  optimizer.step();
  return { loss, gradNorm };
}
