/**
 * What the trainer, the evaluation and the checkpoint code need of a model, whatever its shape: one
 * recurrent stack with a head (`LstmModel`) or an encoder–decoder (`Seq2seqModel`). Built from a
 * `ModelConfig` by `createModel` (create-model.ts), which picks the shape from `config.decoder`.
 */

import type { Batch } from './batch';
import type { ModelConfig } from './config';
import type { Random } from './random';
import type { RecurrentState } from './recurrent-layer';
import type { FloatArray, Parameter } from './tensor';

export interface TrainableForwardOptions {
  /** Training mode: dropout on (needs `rng` when dropout > 0). Default false. */
  training?: boolean;
  rng?: Random;
  /** Initial recurrent state (stateful runs of a single-stack model); omitted = zeros. */
  initialState?: RecurrentState;
}

export interface TrainableForwardResult {
  /** Mean loss over what the batch's targets count (examples or valid steps); NaN without targets. */
  loss: number;
  /**
   * The head's output, batch-major (`[B, O]` or `[B, T, O]`; an encoder–decoder's `[B, Td, V]`), a fresh
   * copy. An encoder–decoder leaves it empty in training mode (the trainer never reads it).
   */
  output: FloatArray;
  /** The final recurrent state, for models whose state can be carried into the next window; else null. */
  finalState: RecurrentState | null;
}

export interface TrainableModel {
  readonly config: ModelConfig;
  /** Every parameter, in PyTorch's `state_dict` order (the checkpoint's). */
  parameters(): Parameter[];
  /** Numbers in all parameters. */
  parameterCount(): number;
  zeroGrad(): void;
  forward(batch: Batch, options?: TrainableForwardOptions): TrainableForwardResult;
  /** Backpropagates the last forward's loss into every parameter's `grad` (accumulating). */
  backward(): void;
}
