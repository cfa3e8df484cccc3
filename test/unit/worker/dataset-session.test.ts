/**
 * Describe once, train once (*Train LSTM on This Dataset*): the worker that described a dataset trains
 * on the data it prepared — no second read of the file (no `loading` events) unless a choice changed the
 * data — and the detected task reaches the run. Runs the worker bundle built from the current sources.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../src/protocol/training-events';
import { DatasetSession, type TrainingWorkerClient } from '../../../src/worker/client';
import { fillPlaceholders, installTranslator } from '../../../src/protocol/l10n';

const repo = join(__dirname, '../../..');
const dir = mkdtempSync(join(tmpdir(), 'lstm-dataset-session-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
let workerScript = '';

/** The `worker` bundle (training worker and its helper threads) from the current sources, into `dir`. */
beforeAll(async () => {
  const require = createRequire(join(repo, 'package.json'));
  const webpack = require('webpack');
  const configs = require(join(repo, 'webpack.config.js'))({}, { mode: 'development' }) as any[];
  const worker = configs.find((c) => c.name === 'worker');
  const config = {
    ...worker,
    context: repo,
    devtool: false,
    entry: { worker: './src/worker/worker.ts' },
    output: { ...worker.output, path: dir },
  };
  // The worker requires the shared holiday calendars (./holidays.js) from its own folder.
  const holidays = configs.find((c) => c.name === 'holidays');
  const holidaysConfig = { ...holidays, context: repo, devtool: false, output: { ...holidays.output, path: dir } };
  await new Promise<void>((resolve, reject) => {
    webpack([config, holidaysConfig], (error: Error | null, stats: any) => {
      if (error) return reject(error);
      if (stats.hasErrors()) return reject(new Error(stats.toString({ all: false, errors: true })));
      resolve();
    });
  });
  workerScript = join(dir, 'worker.js');
}, 120_000);

const data = join(dir, 'reviews.csv');
writeFileSync(
  data,
  [
    'review,sentiment',
    ...Array.from({ length: 300 }, (_, i) => `${i % 2 ? 'good fine' : 'bad poor'} film ${i},${i % 2 ? 'pos' : 'neg'}`),
  ].join('\n'),
);
const small = { epochs: 500, batchSize: 4, hiddenSize: 4, embeddingDim: 4, threads: 1 };

/** Trains until step 5, then stops; the events it saw. */
async function trainBriefly(client: TrainingWorkerClient): Promise<TrainingEvent[]> {
  const events: TrainingEvent[] = [];
  client.onEvent((e) => {
    events.push(e);
    if (e.type === 'progress' && e.step >= 5) client.stop();
  });
  const outcome = await client.outcome;
  expect(outcome.ok && outcome.summary.status).toBe('stopped');
  return events;
}

describe('DatasetSession', () => {
  it('describes as often as asked, then trains in the same worker on the data it prepared, with the detected task', async () => {
    const session = new DatasetSession(workerScript);
    const first = await session.describe({ datasetPath: data, config: small });
    expect(first.summary.task).toBe('classification');
    expect(first.summary.reason).toContain("column 'review' holds free text");
    const medium = await session.describe({ datasetPath: data, config: { ...small, preset: 'medium' } });
    expect(medium.config.preset).toBe('medium');
    const client = session.train({
      datasetPath: data,
      runsRoot: join(dir, 'runs'),
      config: { ...small, preset: 'medium' },
    });
    const events = await trainBriefly(client);
    expect(events.filter((e) => e.type === 'loading')).toEqual([]); // not read again
    const started = events.find((e) => e.type === 'run-started');
    expect(started?.type === 'run-started' && started.dataset.summary.task).toBe('classification');
    await session.dispose(); // the run owns the worker: nothing to end
  }, 120_000);

  it('reads the file again when a choice changes the data (here the seed of the split)', async () => {
    const session = new DatasetSession(workerScript);
    await session.describe({ datasetPath: data, config: small });
    const events = await trainBriefly(
      session.train({ datasetPath: data, runsRoot: join(dir, 'runs'), config: { ...small, seed: 7 } }),
    );
    expect(events.some((e) => e.type === 'loading')).toBe(true);
  }, 120_000);

  it('answers a dataset it cannot train on with the reason, stays usable, and ends its worker when closed', async () => {
    const session = new DatasetSession(workerScript);
    await expect(session.describe({ datasetPath: join(dir, 'missing.csv'), config: small })).rejects.toThrow(
      /missing\.csv/,
    );
    const description = await session.describe({
      datasetPath: data,
      config: small,
      dataset: { task: 'language-model' },
    });
    expect(description.summary.task).toBe('language-model');
    await session.dispose();
    await expect(session.describe({ datasetPath: data, config: small })).rejects.toThrow(/closed/);
  }, 120_000);

  it('describes with the first rows as parsed and times a few steps for the form, then still trains without reading again', async () => {
    const session = new DatasetSession(workerScript);
    const description = await session.describe({ datasetPath: data, config: small });
    expect(description.preview?.columns).toEqual([
      { name: 'review', type: 'text' },
      { name: 'sentiment', type: 'label' },
    ]);
    expect(description.preview?.rows[0]).toEqual(['bad poor film 0', 'neg']);
    // One request at a time: a second while the first runs is refused, not queued.
    const timing = session.estimate({ datasetPath: data, config: small });
    await expect(session.describe({ datasetPath: data, config: small })).rejects.toThrow(/in progress/);
    const answered = await timing;
    expect(answered.stepsTimed).toBeGreaterThan(0);
    expect(answered.stepsPerEpoch).toBe(Math.ceil(description.summary.sizes.train / small.batchSize));
    const events = await trainBriefly(session.train({ datasetPath: data, runsRoot: join(dir, 'runs'), config: small }));
    expect(events.filter((e) => e.type === 'loading')).toEqual([]);
  }, 120_000);

  it("speaks the host's display language: a worker started after the host installed a bundle writes its dataset errors with it", async () => {
    const ragged = join(dir, 'ragged.csv');
    writeFileSync(ragged, ['review,sentiment', 'good film,pos', 'bad film,neg,extra', 'fine,pos'].join('\n'));
    const english = new DatasetSession(workerScript);
    const englishError = await english.describe({ datasetPath: ragged, config: small }).then(
      () => 'described',
      (e: Error) => e.message,
    );
    await english.dispose();
    expect(englishError).toMatch(/ragged\.csv, line 3: /);
    // As `activate` does with vscode.l10n.bundle: the next worker gets this bundle in its workerData.
    installTranslator(undefined, { 'line {0}': 'Zeile {0}' });
    try {
      const german = new DatasetSession(workerScript);
      const germanError = await german.describe({ datasetPath: ragged, config: small }).then(
        () => 'described',
        (e: Error) => e.message,
      );
      await german.dispose();
      expect(germanError).toBe(englishError.replace('line 3', 'Zeile 3'));
    } finally {
      installTranslator(fillPlaceholders);
    }
  }, 120_000);
});
