/**
 * The training loop end to end, in process: a run folder with run.json, metrics.csv and checkpoints;
 * stop saves last.safetensors first; resuming continues bit for bit as if never stopped; a diverging
 * run stops with a clear message and keeps finite weights.
 */

import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TrainingEvent } from '../../../src/protocol/training-events';
import { TrainingControl } from '../../../src/train/control';
import type { TrainingConfig } from '../../../src/train/config';
import { loadModelCheckpoint } from '../../../src/train/model-checkpoint';
import { parseMetricsCsv, readManifest } from '../../../src/train/run-directory';
import { prepareForTraining, prepareResume } from '../../../src/train/setup';
import { runTraining } from '../../../src/train/trainer';
import { buildTrainThreadBundle } from './thread-bundle';

const root = mkdtempSync(join(tmpdir(), 'lstm-train-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const words = ['good', 'great', 'fine', 'bad', 'awful', 'poor', 'the', 'film', 'was', 'very', 'not', 'really'];
function writeReviews(): string {
  const path = join(root, 'reviews.csv');
  const lines = ['text,label'];
  let seed = 7;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  for (let i = 0; i < 240; i++) {
    const positive = i % 2 === 0;
    const body = Array.from({ length: 4 + Math.floor(next() * 6) }, () => words[6 + Math.floor(next() * 6)]);
    body.splice(Math.floor(next() * body.length), 0, words[(positive ? 0 : 3) + Math.floor(next() * 3)]);
    lines.push(`${body.join(' ')},${positive ? 'pos' : 'neg'}`);
  }
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const dataset = writeReviews();
const config: Partial<TrainingConfig> = {
  epochs: 3,
  batchSize: 16,
  seqLen: 12,
  hiddenSize: 8,
  numLayers: 2,
  embeddingDim: 8,
  dropout: 0.2,
  lr: 0.01,
  seed: 3,
};

async function train(overrides: Partial<TrainingConfig>, stopAtStep?: number, threadScript?: string) {
  const control = new TrainingControl();
  const events: TrainingEvent[] = [];
  const setup = { ...(await prepareForTraining(dataset, { ...config, ...overrides }, {})), resumed: null };
  const summary = await runTraining({
    setup,
    runsRoot: join(root, 'runs'),
    control,
    progressIntervalMs: 0,
    threadScript,
    emit: (event) => {
      events.push(event);
      if (stopAtStep !== undefined && event.type === 'progress' && event.step >= stopAtStep) control.stop();
    },
  });
  return { summary, events };
}

async function weightsOf(path: string): Promise<number[][]> {
  const { model } = await loadModelCheckpoint(path);
  return model.parameters().map((p) => Array.from(p.value));
}

describe('a training run', () => {
  it('writes run.json, metrics.csv (every step and evaluation), last and best checkpoints', async () => {
    const { summary, events } = await train({});
    expect(summary.status).toBe('finished');
    const dir = summary.runDir;
    for (const file of ['run.json', 'metrics.csv', 'last.safetensors', 'best.safetensors'])
      expect(existsSync(join(dir, file)), file).toBe(true);
    const manifest = await readManifest(dir);
    expect(manifest.status).toBe('finished');
    expect(manifest.step).toBe(summary.steps);
    const { steps, evaluations } = parseMetricsCsv(readFileSync(join(dir, 'metrics.csv'), 'utf8'));
    expect(steps.map((s) => s.step)).toEqual(Array.from({ length: summary.steps }, (_, i) => i + 1));
    expect(evaluations).toHaveLength(3);
    expect(events.filter((e) => e.type === 'epoch-end')).toHaveLength(3);
    const streamed = events.flatMap((e) => (e.type === 'progress' ? e.steps : []));
    expect(streamed.map((s) => s.loss)).toEqual(steps.map((s) => s.loss)); // nothing dropped between the loop and the panel
    expect(summary.final!.accuracy).toBeGreaterThan(0.8);
  });

  it.each([
    ['an LSTM', {}],
    ['a GRU', { cell: 'gru' }],
    ['a bidirectional LSTM', { bidirectional: true }],
    ['an LSTM with projections', { projSize: 4 }],
  ] as [string, Partial<TrainingConfig>][])(
    'stop saves last.safetensors first, and resuming continues bit for bit as an uninterrupted run (%s)',
    async (_, model) => {
      const uninterrupted = await train(model);
      const stopped = await train(model, 9); // mid-epoch (14 steps per epoch)
      expect(stopped.summary.status).toBe('stopped');
      const stoppedCheckpoint = await loadModelCheckpoint(join(stopped.summary.runDir, 'last.safetensors'));
      expect(stoppedCheckpoint.metadata.step).toBe(9);
      expect(stoppedCheckpoint.model.config).toMatchObject(model); // the cell and directions are what resume rebuilds
      expect((await readManifest(stopped.summary.runDir)).status).toBe('stopped');
      // What a kill -9 during a save leaves (4194305 is above Linux's largest process id: never alive).
      const stale = ['last.safetensors.tmp-4194305-0123456789ab', 'run.json.tmp-4194305'];
      for (const name of [...stale, 'notes.txt.tmp-4194305']) writeFileSync(join(stopped.summary.runDir, name), 'x');

      const setup = await prepareResume(stopped.summary.runDir);
      const resumed = await runTraining({
        setup,
        runsRoot: join(root, 'runs'),
        control: new TrainingControl(),
        emit: () => {},
      });
      expect(resumed.status).toBe('finished');
      expect(resumed.runDir).toBe(stopped.summary.runDir);
      for (const name of stale) expect(existsSync(join(resumed.runDir, name))).toBe(false);
      expect(existsSync(join(resumed.runDir, 'notes.txt.tmp-4194305'))).toBe(true); // not of our naming
      expect(await weightsOf(join(resumed.runDir, 'last.safetensors'))).toEqual(
        await weightsOf(join(uninterrupted.summary.runDir, 'last.safetensors')),
      );
      const lossesOf = (dir: string) =>
        parseMetricsCsv(readFileSync(join(dir, 'metrics.csv'), 'utf8')).steps.map((s) => s.loss);
      expect(lossesOf(resumed.runDir)).toEqual(lossesOf(uninterrupted.summary.runDir));
    },
  );

  it('flags given again on resume: what can change is applied, what cannot is refused naming the flag', async () => {
    const stopped = await train({}, 5);
    const runDir = stopped.summary.runDir;
    const changed = await prepareResume(runDir, undefined, { epochs: 4, lr: 0.5, hiddenSize: 8, seed: undefined });
    expect(changed.config.epochs).toBe(4);
    expect(changed.config.lr).toBe(0.5);
    expect(changed.resumed!.manifest.config.lr).toBe(0.5);
    await expect(prepareResume(runDir, undefined, { hiddenSize: 16, lr: 0.5, seed: 9 })).rejects.toThrow(
      /cannot change --hidden \(16; the run has 8\), --seed \(9; the run has 3\)/,
    );
    const resumed = await runTraining({
      setup: changed,
      runsRoot: join(root, 'runs'),
      control: new TrainingControl(),
      emit: () => {},
    });
    expect(resumed.epochs).toBe(4);
    expect((await readManifest(runDir)).config.lr).toBe(0.5);
  });

  it('resuming in a later epoch, and from an epoch boundary, is also exact', async () => {
    const uninterrupted = await train({});
    for (const stopAt of [20, 28]) {
      const stopped = await train({}, stopAt);
      const resumed = await runTraining({
        setup: await prepareResume(stopped.summary.runDir),
        runsRoot: root,
        control: new TrainingControl(),
        emit: () => {},
      });
      expect(await weightsOf(join(resumed.runDir, 'last.safetensors')), `stopped at ${stopAt}`).toEqual(
        await weightsOf(join(uninterrupted.summary.runDir, 'last.safetensors')),
      );
    }
  });

  it('a diverging run stops with a message naming the step, and keeps finite weights', async () => {
    const { summary, events } = await train({ lr: 1e38, clipNorm: 0, optimizer: 'sgd' });
    expect(summary.status).toBe('failed');
    expect(summary.reason).toMatch(/diverged at step \d+/);
    expect(events.some((e) => e.type === 'status' && e.status === 'failed')).toBe(true);
    const weights = (await weightsOf(join(summary.runDir, 'last.safetensors'))).flat();
    expect(weights.every(Number.isFinite)).toBe(true);
  });

  it('a finite explosion (lr 1e6) fails the run, never saves exploded weights, and keeps the last good ones', async () => {
    const { summary, events } = await train({ epochs: 6, lr: 1e6, clipNorm: 0, optimizer: 'sgd' });
    expect(summary.status).toBe('failed');
    expect(summary.reason).toMatch(/diverged by step \d+: the validation loss was .* more than 10× the starting loss/);
    expect((await readManifest(summary.runDir)).status).toBe('failed');
    const saved = events.filter((e) => e.type === 'checkpoint-saved');
    const evaluations = events.flatMap((e) => (e.type === 'evaluation' ? [e] : []));
    const startLoss = events.flatMap((e) => (e.type === 'progress' ? e.steps : []))[0].loss;
    // No checkpoint was written at or after the first exploded evaluation.
    const firstExploded = evaluations.find((e) => !(e.record.metrics.loss <= 10 * startLoss))!;
    expect(saved.every((e) => e.step < firstExploded.record.step)).toBe(true);
    expect(evaluations.every((e) => !e.isBest || e.record.metrics.loss <= 10 * startLoss)).toBe(true);
    for (const name of ['last', 'best'])
      if (existsSync(join(summary.runDir, `${name}.safetensors`)))
        for (const w of (await weightsOf(join(summary.runDir, `${name}.safetensors`))).flat())
          expect(Math.abs(w)).toBeLessThan(1e3);
  });

  it('a write that fails (full disk) fails the run naming the file, and run.json says failed', async () => {
    const control = new TrainingControl();
    const setup = { ...(await prepareForTraining(dataset, config, {})), resumed: null };
    let runDir = '';
    const run = runTraining({
      setup,
      runsRoot: join(root, 'runs'),
      control,
      progressIntervalMs: 0,
      emit: (event) => {
        if (event.type !== 'run-started') return;
        // Stands in for a full disk: appending to metrics.csv now fails.
        runDir = event.runDir;
        rmSync(join(runDir, 'metrics.csv'));
        mkdirSync(join(runDir, 'metrics.csv'));
      },
    });
    await expect(run).rejects.toThrow(/metrics\.csv: could not open it \(EISDIR\); the run stopped$/);
    const manifest = await readManifest(runDir);
    expect(manifest.status).toBe('failed');
    expect(manifest.message).toMatch(/metrics\.csv: could not open it \(EISDIR\)/);
  });

  it('early stopping ends the run and restores the best weights', async () => {
    const { summary } = await train({ epochs: 30, patience: 2, minDelta: 0.01, lr: 0.05 });
    expect(summary.reason ?? '').toMatch(/early stopping/);
    expect(summary.final!.loss).toBeCloseTo(summary.best!.metrics.loss, 6);
  });
});

describe('a run on 2 threads', () => {
  let threadScript = '';
  let dispose = () => {};
  beforeAll(async () => {
    ({ script: threadScript, dispose } = await buildTrainThreadBundle());
  }, 120_000);
  afterAll(() => dispose());

  it('is bit-identical to another with the same seed, resumes bit for bit mid-epoch and at a boundary, and learns', async () => {
    const uninterrupted = await train({ threads: 2 }, undefined, threadScript);
    expect(uninterrupted.summary.status).toBe('finished');
    expect(uninterrupted.events.find((e) => e.type === 'run-started')).toMatchObject({ threads: 2 });
    expect((await readManifest(uninterrupted.summary.runDir)).threads).toBe(2);
    expect(uninterrupted.summary.final!.accuracy).toBeGreaterThan(0.8);
    const again = await train({ threads: 2 }, undefined, threadScript);
    const finalWeights = await weightsOf(join(uninterrupted.summary.runDir, 'last.safetensors'));
    expect(await weightsOf(join(again.summary.runDir, 'last.safetensors'))).toEqual(finalWeights);
    const lossesOf = (dir: string) =>
      parseMetricsCsv(readFileSync(join(dir, 'metrics.csv'), 'utf8')).steps.map((s) => s.loss);
    for (const stopAt of [9, 28]) {
      const stopped = await train({ threads: 2 }, stopAt, threadScript);
      expect(stopped.summary.status).toBe('stopped');
      const setup = await prepareResume(stopped.summary.runDir);
      expect(setup.config.threads).toBe(2);
      const resumed = await runTraining({
        setup,
        runsRoot: root,
        control: new TrainingControl(),
        emit: () => {},
        threadScript,
      });
      expect(await weightsOf(join(resumed.runDir, 'last.safetensors')), `stopped at ${stopAt}`).toEqual(finalWeights);
      expect(lossesOf(resumed.runDir)).toEqual(lossesOf(uninterrupted.summary.runDir));
    }
    // Another thread count trains the same model up to float32 summation order (and dropout masks): close, not equal.
    const oneThread = await weightsOf(join((await train({ threads: 1 })).summary.runDir, 'last.safetensors'));
    expect(oneThread).not.toEqual(finalWeights);
  });

  it.each([
    ['a GRU', { cell: 'gru' }],
    ['a bidirectional LSTM', { bidirectional: true }],
  ] as [string, Partial<TrainingConfig>][])('resumes %s bit for bit mid-epoch', async (_, model) => {
    const uninterrupted = await train({ ...model, threads: 2 }, undefined, threadScript);
    expect(uninterrupted.summary.status).toBe('finished');
    const stopped = await train({ ...model, threads: 2 }, 9, threadScript);
    expect(stopped.summary.status).toBe('stopped');
    const setup = await prepareResume(stopped.summary.runDir);
    expect(setup.config).toMatchObject({ ...model, threads: 2 });
    const resumed = await runTraining({
      setup,
      runsRoot: root,
      control: new TrainingControl(),
      emit: () => {},
      threadScript,
    });
    expect(await weightsOf(join(resumed.runDir, 'last.safetensors'))).toEqual(
      await weightsOf(join(uninterrupted.summary.runDir, 'last.safetensors')),
    );
    const lossesOf = (dir: string) =>
      parseMetricsCsv(readFileSync(join(dir, 'metrics.csv'), 'utf8')).steps.map((s) => s.loss);
    expect(lossesOf(resumed.runDir)).toEqual(lossesOf(uninterrupted.summary.runDir));
  });

  it('more than one thread without the train-thread bundle is an error that says so', async () => {
    await expect(train({ threads: 2 })).rejects.toThrow(/train-thread bundle/);
  });
});
