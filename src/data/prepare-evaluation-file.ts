/** prepareEvaluation from a path (Node only): check the checkpoint's description, read once with progress, then prepare. */

import { createInputEncoder, type StoredDataset } from './encode-input';
import type { Result } from './errors';
import { prepareEvaluation, type EvaluationData, type EvaluationOptions } from './prepare-evaluation';
import { readTextFile, type ReadTextOptions } from './read-text';

export type EvaluationFileOptions = EvaluationOptions & ReadTextOptions;

export async function prepareEvaluationFile(path: string, stored: StoredDataset, options: EvaluationFileOptions = {}): Promise<Result<EvaluationData>> {
  // A damaged checkpoint fails before a large file is read.
  const checked = createInputEncoder(stored);
  if (!checked.ok) return checked;
  const loaded = await readTextFile(path, options);
  if (!loaded.ok) return loaded;
  return prepareEvaluation(loaded.value, stored, options);
}
