/** Checking a checkpoint's dataset description: a registered task, and what that task needs stored. */

import { parseDatasetMetadata, type DatasetMetadata } from '../data/dataset-metadata';
import type { Result } from '../data/errors';
import { allTasks } from './index';

export function parseStoredDataset(json: unknown, source = 'dataset metadata'): Result<DatasetMetadata> {
  return parseDatasetMetadata(
    json,
    (m) => {
      const task = allTasks().find((t) => t.id === m.task);
      return task ? task.training.checkDatasetMetadata(m) : `unknown task '${String(m.task)}'`;
    },
    source,
  );
}
