/**
 * Checkpoints loaded in the inference worker, kept while their file is unchanged (size and mtime), so a
 * second prediction or a new gate recording on the same model does not read the file again. A foreign
 * file (an imported PyTorch model) is also reloaded when its import answers beside it change.
 */

import { stat } from 'node:fs/promises';
import type { Predictor } from '../../inference/predictor';
import { createPredictor } from '../../tasks/create-predictor';
import { loadAnyCheckpoint } from './load-predictor';
import { sidecarPath } from '../../interop/import-answers';

const cache = new Map<string, { key: string; predictor: Promise<Predictor> }>();

export async function predictorFor(checkpointPath: string): Promise<Predictor> {
  const info = await stat(checkpointPath);
  const answers = await stat(sidecarPath(checkpointPath)).catch(() => null);
  const key = `${info.size}:${info.mtimeMs}:${answers ? answers.mtimeMs : '-'}`;
  const cached = cache.get(checkpointPath);
  if (cached && cached.key === key) return cached.predictor;
  const predictor = loadAnyCheckpoint(checkpointPath).then(({ model, metadata }) => createPredictor(model, metadata));
  cache.set(checkpointPath, { key, predictor });
  predictor.catch(() => cache.delete(checkpointPath));
  return predictor;
}
