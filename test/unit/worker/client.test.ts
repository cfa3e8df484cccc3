/**
 * The host side of the training worker: a worker that crashes or exits without finishing is reported
 * as a failed run (never an unhandled error in the host), and the real worker bundle trains, streams
 * every step and obeys stop.
 */

import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../src/protocol/training-events';
import { TrainingWorkerClient } from '../../../src/worker/client';

const dir = mkdtempSync(join(tmpdir(), 'lstm-worker-test-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const request = { datasetPath: join(dir, 'none.csv'), runsRoot: join(dir, 'runs'), config: {} };

describe('TrainingWorkerClient', () => {
  it('reports a worker that throws as a failed run', async () => {
    const script = join(dir, 'throws.js');
    writeFileSync(
      script,
      "require('node:worker_threads').parentPort.on('message', () => { throw new Error('kernel exploded'); });",
    );
    const events: TrainingEvent[] = [];
    const client = new TrainingWorkerClient(script, request);
    client.onEvent((e) => events.push(e));
    const outcome = await client.outcome;
    expect(outcome.ok).toBe(false);
    expect(!outcome.ok && outcome.message).toMatch(/crashed: kernel exploded/);
    expect(events.some((e) => e.type === 'run-failed')).toBe(true);
  });

  it('reports a worker that exits without finishing', async () => {
    const script = join(dir, 'exits.js');
    writeFileSync(script, "require('node:worker_threads').parentPort.on('message', () => process.exit(3));");
    const outcome = await new TrainingWorkerClient(script, request).outcome;
    expect(!outcome.ok && outcome.message).toMatch(/exited unexpectedly \(code 3\)/);
  });

  it('the real worker trains, streams every step and stops on request (saving last.safetensors)', async () => {
    if (!existsSync(join(__dirname, '../../../dist/worker.js'))) throw new Error('build first: npm run build');
    const data = join(dir, 'tiny.csv');
    writeFileSync(
      data,
      [
        'text,label',
        ...Array.from(
          { length: 300 },
          (_, i) => `${i % 2 ? 'good fine' : 'bad poor'} film ${i},${i % 2 ? 'pos' : 'neg'}`,
        ),
      ].join('\n'),
    );
    const client = new TrainingWorkerClient(join(__dirname, '../../../dist/worker.js'), {
      ...request,
      datasetPath: data,
      config: { epochs: 500, batchSize: 4, hiddenSize: 4, embeddingDim: 4 },
    });
    const steps: number[] = [];
    client.onEvent((e) => {
      if (e.type === 'progress') {
        steps.push(...e.steps.map((s) => s.step));
        if (e.step >= 30) client.stop();
      }
    });
    const outcome = await client.outcome;
    expect(outcome.ok && outcome.summary.status).toBe('stopped');
    expect(steps).toEqual(Array.from({ length: steps.length }, (_, i) => i + 1));
    if (outcome.ok) expect(existsSync(join(outcome.summary.runDir, 'last.safetensors'))).toBe(true);
  }, 60_000);
});
