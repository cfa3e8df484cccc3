/**
 * The Runs table's host checks every message from its webview: what the table really sends passes
 * unchanged; unknown types, extra fields (a path), wrong types and oversized lists are refused.
 */

import { describe, expect, it } from 'vitest';
import { validate } from '../../../src/protocol/message-validation';
import { runsTableMessage } from '../../../src/protocol/runs-table-validation';

const accepts = (message: unknown) => expect(validate(runsTableMessage, message)).toEqual({ ok: true, value: message });

function refuses(message: unknown, reason: RegExp): void {
  const result = validate(runsTableMessage, message);
  expect(result.ok).toBe(false);
  if (!result.ok) expect(result.reason).toMatch(reason);
}

describe('Runs table messages', () => {
  it('accepts what the table sends', () => {
    accepts({ type: 'ready' });
    accepts({ type: 'load-curves', requestId: 3, runIds: ['20261206-101500-reviews', 'x (2)'] });
    accepts({ type: 'open-run', runId: 'r1' });
    accepts({ type: 'train-again', runId: 'r1' });
    accepts({ type: 'delete-run', runId: 'r1' });
    accepts({ type: 'stop-sweep', sweepId: 'sweep-20261206-101600-0a1b' });
    accepts({ type: 'export-csv', columns: ['run', 'setting:hiddenSize', 'best:accuracy'], runIds: ['r1', 'r2'] });
  });

  it('refuses paths, unknown types, wrong types and floods', () => {
    refuses({ type: 'delete-run', runId: 'r1', runDir: '/etc' }, /unexpected field 'runDir'/);
    refuses({ type: 'stop-sweep', sweepId: 'x'.repeat(1_000_000) }, /sweepId/);
    refuses({ type: 'delete-folder', path: '/' }, /unknown type/);
    refuses({ type: 'open-run', runId: 7 }, /runId: expected a string/);
    refuses({ type: 'load-curves', requestId: -1, runIds: [] }, /requestId/);
    refuses({ type: 'load-curves', requestId: 1, runIds: Array(65).fill('r') }, /at most 64/);
    refuses({ type: 'export-csv', columns: ['../../x'], runIds: [] }, /not a column key/);
    refuses({ type: 'export-csv', columns: [], runIds: [] }, /at least 1/);
    refuses({ type: 'open-run', runId: 'x'.repeat(300) }, /at most 256/);
  });
});
