/**
 * A trained model ready to use: the model, its metadata and the encoder of user input its task builds
 * from them. Here, above src/inference/, because the encoder comes from the task registry.
 */

import type { TrainableModel } from '../engine/trainable-model';
import type { StudioMetadata } from '../checkpoint/metadata';
import type { Predictor } from '../inference/predictor';
import { createInputEncoder } from './encode-input';
import { getTask } from './index';

export function createPredictor(model: TrainableModel, metadata: StudioMetadata): Predictor {
  const encoder = createInputEncoder({
    dataset: metadata.dataset,
    vocab: metadata.vocab,
    normalization: metadata.normalization,
  });
  if (!encoder.ok) throw new Error(encoder.error.message);
  const { dataset, vocab } = encoder.value;
  const task = getTask(dataset.task);
  const problem = task.training.checkModelShape(dataset, vocab?.size ?? null, model.config);
  if (problem) throw new Error(`checkpoint: ${problem}`);
  // A file may claim a bidirectional model for a task that answers from the past: nothing it says would mean anything.
  if (model.config.bidirectional && task.bidirectionalRefusal !== null)
    throw new Error(`checkpoint: its model is bidirectional, and ${task.bidirectionalRefusal}`);
  return { model, metadata, encoder: encoder.value };
}
