/** The host's check of every message from the Runs table (types in `runs-table.ts`). */

import { array, byType, integer, string, type Validator } from './message-validation';
import { MAX_ID_LENGTH, MAX_REQUEST_ID } from './panel-message-limits';
import type { RunsTableToHost } from './runs-table';

const runId = string({ maxLength: MAX_ID_LENGTH });
/** A column key the host sent parts of (`setting:hiddenSize`, `best:accuracy`); the host checks it names one. */
const columnKey = string({ maxLength: 200, pattern: /^[A-Za-z][\w:.-]*$/, describe: 'a column key' });
/** More runs than any workspace holds, fewer than a hostile message could make the host look up. */
const MAX_RUNS = 10_000;

export const runsTableMessage: Validator<RunsTableToHost> = byType({
  ready: {},
  'load-curves': { requestId: integer({ min: 0, max: MAX_REQUEST_ID }), runIds: array(runId, { maxLength: 64 }) },
  'open-run': { runId },
  'train-again': { runId },
  'delete-run': { runId },
  'stop-sweep': { sweepId: string({ maxLength: MAX_ID_LENGTH }) },
  'export-csv': {
    columns: array(columnKey, { maxLength: 1000, minLength: 1 }),
    runIds: array(runId, { maxLength: MAX_RUNS }),
  },
});
