/**
 * A model from its config: an encoder–decoder when the config has a `decoder`, else one recurrent stack
 * with a head. The one place that chooses, so the trainer, the checkpoint loader and the threads build
 * whichever a run or a file describes.
 */

import { resolveModelConfig, type ModelConfig } from './config';
import { LstmModel } from './model';
import type { Random } from './random';
import { Seq2seqModel } from './seq2seq-model';
import type { TrainableModel } from './trainable-model';

export function createModel(config: Partial<ModelConfig>, seed: number | Random = 0): TrainableModel {
  return config.decoder ? new Seq2seqModel(config, seed) : new LstmModel(config, seed);
}

/** A model of one recurrent stack (what the Gates panel, attribution and stepping read), or an error naming what it is. */
export function requireSingleStack(model: TrainableModel, purpose: string): LstmModel {
  if (model instanceof LstmModel) return model;
  throw new Error(`${purpose} needs a model of one recurrent stack; this one is an encoder–decoder`);
}

export { resolveModelConfig };
