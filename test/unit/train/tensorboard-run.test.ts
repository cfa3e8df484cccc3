/**
 * TensorBoard event files of real training runs, read back by the independent reader: the same steps and
 * evaluations as metrics.csv under their tags, the run's real wall times; a resumed run appends a file of
 * its own whose steps continue; a full disk for the event file leaves the run training and metrics.csv whole.
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it, vi } from 'vitest';
import type { TrainingEvent } from '../../../src/protocol/training-events';
import type { TrainingConfig } from '../../../src/train/config';
import { TrainingControl } from '../../../src/train/control';
import { parseMetricsCsv } from '../../../src/train/run-directory';
import { prepareForTraining, prepareResume, type TrainingSetup } from '../../../src/train/setup';
import { runTraining } from '../../../src/train/trainer';
import { readEventFile, scalarsAsTensorBoardShows, scalarsByTag } from './tensorboard-reader';

// A disk that is full for event files only (when the test says so): every other write goes through.
const disk = vi.hoisted(() => ({ eventFilesFull: false }));
vi.mock('node:fs/promises', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs/promises')>();
  const appendFile: typeof fs.appendFile = (path, data, options) =>
    disk.eventFilesFull && String(path).includes('tfevents')
      ? Promise.reject(Object.assign(new Error('ENOSPC: no space left on device'), { code: 'ENOSPC', path }))
      : fs.appendFile(path, data, options);
  return { ...fs, default: { ...fs, appendFile }, appendFile };
});

const root = mkdtempSync(join(tmpdir(), 'lstm-tensorboard-run-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const dataset = join(root, 'labels.csv');
writeFileSync(
  dataset,
  [
    'text,label',
    ...Array.from({ length: 80 }, (_, i) => `${i % 2 ? 'good fine' : 'bad poor'} ${i % 7},${i % 2 ? 'pos' : 'neg'}`),
  ].join('\n') + '\n',
);
const config: Partial<TrainingConfig> = { epochs: 2, batchSize: 8, seqLen: 6, hiddenSize: 4, embeddingDim: 4, seed: 5 };

async function train(setup: TrainingSetup, stopAtStep?: number) {
  const control = new TrainingControl();
  const events: TrainingEvent[] = [];
  const startedAt = Date.now() / 1000;
  const summary = await runTraining({
    setup,
    runsRoot: join(root, 'runs'),
    control,
    progressIntervalMs: 0,
    emit: (event) => {
      events.push(event);
      if (stopAtStep !== undefined && event.type === 'progress' && event.step >= stopAtStep) control.stop();
    },
  });
  return { summary, events, startedAt, endedAt: Date.now() / 1000 };
}

const newRun = async () => ({ ...(await prepareForTraining(dataset, config, {})), resumed: null });
const eventFiles = (runDir: string) =>
  readdirSync(runDir)
    .filter((name) => name.startsWith('events.out.tfevents.'))
    .sort();
const metricsOf = (runDir: string) => parseMetricsCsv(readFileSync(join(runDir, 'metrics.csv'), 'utf8'));

describe('TensorBoard event files of a training run', () => {
  it('hold every step and evaluation of metrics.csv, under train/ and validation/ tags, at the run’s wall times', async () => {
    const { summary, events, startedAt, endedAt } = await train(await newRun());
    expect(summary.status).toBe('finished');
    const files = eventFiles(summary.runDir);
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(new RegExp(`^events\\.out\\.tfevents\\.\\d{10}\\.[\\w.-]+\\.${process.pid}\\.\\d+$`));
    const records = readEventFile(join(summary.runDir, files[0]));
    expect(records[0].event.file_version).toBe('brain.Event:2');
    expect(records[1].event).toMatchObject({ step: 1, session_log: { status: 'START' } });
    for (const { event } of records) {
      expect(event.wall_time).toBeGreaterThanOrEqual(Math.floor(startedAt));
      expect(event.wall_time).toBeLessThanOrEqual(endedAt);
    }

    const { steps, evaluations } = metricsOf(summary.runDir);
    expect(steps.length).toBe(summary.steps);
    expect(evaluations.length).toBe(2); // one per epoch
    const scalars = scalarsByTag(records);
    expect(scalars.get('train/loss')).toEqual(steps.map((s) => [s.step, Math.fround(s.loss)]));
    expect(scalars.get('train/lr')).toEqual(steps.map((s) => [s.step, Math.fround(s.lr)]));
    expect(scalars.get('train/grad_norm')).toEqual(steps.map((s) => [s.step, Math.fround(s.gradNorm)]));
    const metricKeys = Object.keys(evaluations[0].metrics);
    expect(metricKeys).toEqual(expect.arrayContaining(['loss', 'accuracy']));
    for (const key of metricKeys)
      expect(scalars.get(`validation/${key}`), key).toEqual(
        evaluations.map((e) => [e.step, Math.fround(e.metrics[key]!)]),
      );
    expect([...scalars.keys()].sort()).toEqual(
      ['train/loss', 'train/lr', 'train/grad_norm', ...metricKeys.map((k) => `validation/${k}`)].sort(),
    );
    expect(events.filter((e) => e.type === 'log' && e.level === 'warning')).toEqual([]);
  });

  it('a resumed run appends a second file that starts a session at the checkpoint’s step and continues from it', async () => {
    const stopped = await train(await newRun(), 4);
    expect(stopped.summary.status).toBe('stopped');
    const runDir = stopped.summary.runDir;
    const [firstFile] = eventFiles(runDir);
    const firstBytes = readFileSync(join(runDir, firstFile));

    const resumed = await train(await prepareResume(runDir));
    expect(resumed.summary.status).toBe('finished');
    const files = eventFiles(runDir);
    expect(files).toHaveLength(2);
    expect(readFileSync(join(runDir, firstFile))).toEqual(firstBytes); // the first session's file is left as it was
    const second = readEventFile(
      join(
        runDir,
        files.find((f) => f !== firstFile)!,
      ),
    );
    expect(second[0].event.file_version).toBe('brain.Event:2');
    expect(second[1].event).toMatchObject({ step: stopped.summary.steps + 1, session_log: { status: 'START' } });
    const firstSteps = scalarsByTag(readEventFile(join(runDir, firstFile)))
      .get('train/loss')!
      .map(([s]) => s);
    const secondSteps = scalarsByTag(second)
      .get('train/loss')!
      .map(([s]) => s);
    expect(firstSteps[0]).toBe(1);
    expect(secondSteps[0]).toBe(stopped.summary.steps + 1);
    expect(secondSteps.at(-1)).toBe(resumed.summary.steps);
    // Read as TensorBoard reads a run's files (in name order), they show exactly what metrics.csv keeps.
    const { steps, evaluations } = metricsOf(runDir);
    const shown = scalarsAsTensorBoardShows(files.map((f) => readEventFile(join(runDir, f))));
    expect(shown.get('train/loss')).toEqual(steps.map((s) => [s.step, Math.fround(s.loss)]));
    expect(shown.get('validation/loss')).toEqual(evaluations.map((e) => [e.step, Math.fround(e.metrics.loss)]));
  });

  it('a full disk for the event file costs one warning and the event file, not the run or metrics.csv', async () => {
    disk.eventFilesFull = true;
    try {
      const { summary, events } = await train(await newRun());
      expect(summary.status).toBe('finished');
      const warnings = events.filter((e) => e.type === 'log' && e.level === 'warning');
      expect(warnings).toHaveLength(1);
      expect(warnings[0]).toMatchObject({
        message: expect.stringMatching(/tfevents.*ENOSPC.*metrics\.csv is unaffected/),
      });
      const { steps, evaluations } = metricsOf(summary.runDir);
      expect(steps.map((s) => s.step)).toEqual(Array.from({ length: summary.steps }, (_, k) => k + 1));
      expect(evaluations).toHaveLength(2);
      expect(eventFiles(summary.runDir)).toEqual([]);
    } finally {
      disk.eventFilesFull = false;
    }
  });
});
