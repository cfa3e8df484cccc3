/**
 * Checkpoints loaded in the inference worker, kept while their file is unchanged (size and mtime), so a
 * second prediction or a new gate recording on the same model does not read the file again.
 */

import { stat } from 'node:fs/promises';
import { createPredictor, type Predictor } from '../../inference/predictor';
import { loadModelCheckpoint } from '../../train/model-checkpoint';

const cache = new Map<string, { key: string; predictor: Promise<Predictor> }>();

export async function predictorFor(checkpointPath: string): Promise<Predictor> {
  const info = await stat(checkpointPath);
  const key = `${info.size}:${info.mtimeMs}`;
  const cached = cache.get(checkpointPath);
  if (cached && cached.key === key) return cached.predictor;
  const predictor = loadModelCheckpoint(checkpointPath).then(({ model, metadata }) => createPredictor(model, metadata));
  cache.set(checkpointPath, { key, predictor });
  predictor.catch(() => cache.delete(checkpointPath));
  return predictor;
}
