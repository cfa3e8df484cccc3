/** Checking a checkpoint's dataset description: a registered task, and what that task needs stored. */

import { parseDatasetMetadata, type DatasetMetadata } from '../data/dataset-metadata';
import type { Result } from '../data/errors';
import { allTasks } from './index';

export function parseStoredDataset(json: unknown, source = 'dataset metadata'): Result<DatasetMetadata> {
  return parseDatasetMetadata(
    json,
    (m) => {
      const task = allTasks().find((t) => t.id === m.task);
      if (task) return task.training.checkDatasetMetadata(m);
      // A checkpoint from a newer build, or damaged: say which tasks this build can use.
      const known = allTasks()
        .map((t) => `'${t.id}'`)
        .join(', ');
      if (m.task === undefined) return `the stored dataset names no task (this build knows ${known})`;
      return `unknown task ${typeof m.task === 'string' ? `'${m.task}'` : JSON.stringify(m.task)} (this build knows ${known})`;
    },
    source,
  );
}
