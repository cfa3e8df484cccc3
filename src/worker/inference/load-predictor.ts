/**
 * A Predictor from a checkpoint file (Node): LSTM Studio's own checkpoints, and foreign files (a PyTorch
 * LSTM's safetensors) through the importer, with the answers stored beside them (`<file>.lstm-studio.json`).
 */

import type { TrainableModel } from '../../engine/trainable-model';
import { CheckpointError } from '../../checkpoint/errors';
import type { StudioMetadata } from '../../checkpoint/metadata';
import { loadImportedCheckpoint } from '../../interop/import-pytorch';
import { loadModelCheckpoint } from '../../train/model-checkpoint';
import type { Predictor } from '../../inference/predictor';
import { createPredictor } from '../../tasks/create-predictor';

export interface AnyCheckpoint {
  model: TrainableModel;
  metadata: StudioMetadata;
  /** True for a foreign file read through the importer. */
  imported: boolean;
}

/**
 * Ours, or a foreign file with its import answers. A foreign file without answers throws an
 * ImportAnswersNeededError saying how to give them; one that is not an LSTM LSTM Studio can run, an
 * ImportRefusedError saying why.
 */
export async function loadAnyCheckpoint(checkpointPath: string): Promise<AnyCheckpoint> {
  try {
    const { model, metadata } = await loadModelCheckpoint(checkpointPath);
    return { model, metadata, imported: false };
  } catch (error) {
    if (!(error instanceof CheckpointError && error.code === 'foreign')) throw error;
  }
  const { model, metadata } = await loadImportedCheckpoint(checkpointPath);
  return { model, metadata, imported: true };
}

export async function loadPredictor(checkpointPath: string): Promise<Predictor> {
  const { model, metadata } = await loadAnyCheckpoint(checkpointPath);
  return createPredictor(model, metadata);
}
