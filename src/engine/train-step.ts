/**
 * One optimizer step on one batch: zero the gradients, forward in training mode, backward, clip by
 * global norm, update. With `state`, the batch starts from that state and leaves its final state in it
 * (truncated backpropagation through time: the next window continues from here, no gradient crosses).
 */

import type { Batch } from './batch';
import type { TrainableModel } from './trainable-model';
import { clipGradientNorm, gradientNorm, type Optimizer } from './optimizers';
import type { Random } from './random';
import type { RecurrentState } from './recurrent-layer';

export interface TrainStepOptions {
  /** Clip the global gradient norm to this value; 0 or undefined = no clipping. */
  clipNorm?: number;
  /** Generator for dropout masks (required when the model has dropout). */
  rng?: Random;
  /**
   * The carried state, `[L, B, H]` each (c for an LSTM only): read as the initial state, then overwritten
   * with the final state once the step's forward and backward are done. Omitted = start from zeros.
   */
  state?: RecurrentState;
  /** Sequence to sequence: the share of decoder inputs taken from the reference (seq2seq-model.ts). Default 1. */
  teacherForcing?: number;
}

export interface TrainStepResult {
  loss: number;
  /** Global gradient norm before clipping. */
  gradNorm: number;
}

export function trainStep(
  model: TrainableModel,
  batch: Batch,
  optimizer: Optimizer,
  options: TrainStepOptions = {},
): TrainStepResult {
  model.zeroGrad();
  const state = options.state;
  const forwardOptions = {
    training: true,
    rng: options.rng,
    initialState: state,
    teacherForcing: options.teacherForcing,
  };
  const { loss, finalState } = model.forward(batch, forwardOptions);
  if (!Number.isFinite(loss)) return { loss, gradNorm: NaN }; // the caller stops the run; weights stay as they were
  model.backward();
  if (state) {
    if (!finalState) throw new Error('this model has no state to carry into the next window');
    carryFinalState(state, finalState);
  }
  const parameters = model.parameters();
  const gradNorm =
    options.clipNorm && options.clipNorm > 0
      ? clipGradientNorm(parameters, options.clipNorm)
      : gradientNorm(parameters);
  if (!Number.isFinite(gradNorm)) return { loss, gradNorm };
  optimizer.step();
  return { loss, gradNorm };
}

/** Overwrites a carried state (an initial state given to a step) with the step's final state, same layout. */
export function carryFinalState(into: RecurrentState, final: RecurrentState): void {
  into.h.set(final.h);
  if (!into.c) return;
  if (!final.c) throw new Error('the model returned no cell state to carry');
  into.c.set(final.c);
}
