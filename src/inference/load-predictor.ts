/** A Predictor from a checkpoint file (Node). */

import { loadModelCheckpoint } from '../train/model-checkpoint';
import { createPredictor, type Predictor } from './predictor';

export async function loadPredictor(checkpointPath: string): Promise<Predictor> {
  const { model, metadata } = await loadModelCheckpoint(checkpointPath);
  return createPredictor(model, metadata);
}
