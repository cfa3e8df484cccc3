/** prepareDataset from a path (Node only): read once with progress, then prepare. */

import { prepareDataset, type PrepareOptions, type PreparedDataset } from './prepare';
import type { Result } from './errors';
import { readTextFile, type ReadTextOptions } from './read-text';

export type PrepareFileOptions = PrepareOptions & ReadTextOptions;

export async function prepareDatasetFile(path: string, options: PrepareFileOptions = {}): Promise<Result<PreparedDataset>> {
  const loaded = await readTextFile(path, options);
  if (!loaded.ok) return loaded;
  return prepareDataset(loaded.value, options);
}
