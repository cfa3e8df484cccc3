/**
 * Recording a run alone: the folder and run.json (status, step, best), metrics.csv rows, the last and
 * best checkpoints (the trainer position only in last), and a resumed run reopening its folder.
 */

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadModelCheckpoint } from '../../../src/train/model-checkpoint';
import { parseMetricsCsv, readManifest, removeStaleTemporaries } from '../../../src/train/run-directory';
import { RunRecord } from '../../../src/train/run-record';
import { prepareForTraining, type TrainerPosition, type TrainingSetup } from '../../../src/train/setup';

const root = mkdtempSync(join(tmpdir(), 'lstm-run-record-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const dataset = join(root, 'labels.csv');
writeFileSync(
  dataset,
  [
    'text,label',
    ...Array.from({ length: 60 }, (_, i) => `${i % 2 ? 'good fine' : 'bad poor'} ${i},${i % 2 ? 'pos' : 'neg'}`),
  ].join('\n') + '\n',
);

function position(setup: TrainingSetup): TrainerPosition {
  return {
    epoch: 0,
    batchInEpoch: 0,
    step: 0,
    epochStartDataRng: setup.dataRng.getState(),
    dropoutRng: setup.dropoutRng.getState(),
    epochLossSum: 0,
    epochLossCount: 0,
    elapsedSeconds: 0,
    best: null,
    evaluationsSinceBest: 0,
  };
}

const step = (k: number) => ({ step: k, epoch: 0, time: k / 10, loss: 1 / k, lr: 0.01, gradNorm: 2 });

describe('RunRecord', () => {
  it('writes run.json, metrics.csv and checkpoints as it is told, and reopens a resumed run', async () => {
    const setup = {
      ...(await prepareForTraining(
        dataset,
        { epochs: 2, batchSize: 8, seqLen: 6, hiddenSize: 4, embeddingDim: 4, seed: 1 },
        {},
      )),
      resumed: null,
    };
    const where = position(setup);
    const record = await RunRecord.open({
      setup,
      runsRoot: join(root, 'runs'),
      position: where,
      totalSteps: 10,
      stepsPerEpoch: 5,
      threads: 1,
      elapsed: () => 3,
    });
    let manifest = await readManifest(record.runDir);
    expect(manifest).toMatchObject({
      status: 'running',
      step: 0,
      totalSteps: 10,
      stepsPerEpoch: 5,
      threads: 1,
      best: null,
      dataset: { name: 'labels.csv' },
    });
    expect(record.manifest).toEqual(manifest);

    for (let k = 1; k <= 4; k++) record.addStep(step(k));
    const evaluation = { step: 4, epoch: 0, time: 0.4, metrics: { loss: 0.7, accuracy: 0.75 } };
    record.addEvaluation(evaluation);
    record.addEpoch(0, 4, 0.9);
    await record.flushMetrics();
    const csv = parseMetricsCsv(readFileSync(join(record.runDir, 'metrics.csv'), 'utf8'));
    expect(csv.steps).toEqual([1, 2, 3, 4].map(step));
    expect(csv.evaluations).toEqual([evaluation]);
    expect(record.history).toEqual({ evaluations: [evaluation], epochs: [{ epoch: 0, step: 4, trainLoss: 0.9 }] });

    Object.assign(where, { step: 4, best: evaluation });
    await record.update('paused', { message: 'resting' });
    manifest = await readManifest(record.runDir);
    expect(manifest).toMatchObject({
      status: 'paused',
      step: 4,
      elapsedSeconds: 3,
      best: evaluation,
      message: 'resting',
    });

    const last = await loadModelCheckpoint(await record.saveCheckpoint('last'));
    expect(last.metadata.step).toBe(4);
    expect(JSON.parse(last.metadata.extra!.trainer)).toMatchObject({ step: 4, elapsedSeconds: 3 });
    expect(last.optimizerState).not.toBeNull();
    const best = await loadModelCheckpoint(await record.saveCheckpoint('best'));
    expect(best.metadata.extra!.trainer).toBeUndefined();
    expect(existsSync(join(record.runDir, 'best.safetensors'))).toBe(true);

    // Resumed at step 2: the folder is kept, rows past step 2 are dropped, run.json says running again.
    const resumedPosition = { ...where, step: 2 };
    const resumed = await RunRecord.open({
      setup: {
        ...setup,
        resumed: { position: resumedPosition, history: record.history, manifest, runDir: record.runDir },
      },
      runsRoot: join(root, 'elsewhere'),
      position: resumedPosition,
      totalSteps: 10,
      stepsPerEpoch: 5,
      threads: 2,
      elapsed: () => 3,
    });
    expect(resumed.runDir).toBe(record.runDir);
    expect(await readManifest(record.runDir)).toMatchObject({
      status: 'running',
      step: 2,
      threads: 2,
      best: evaluation,
    });
    expect((await readManifest(record.runDir)).message).toBeUndefined();
    expect(parseMetricsCsv(readFileSync(join(record.runDir, 'metrics.csv'), 'utf8')).steps.map((s) => s.step)).toEqual([
      1, 2,
    ]);
  });
});

describe('a checkpoint and the rows it records', () => {
  it('metrics.csv holds every step and evaluation up to a checkpoint once it is saved (a kill -9 after it loses none)', async () => {
    const setup = {
      ...(await prepareForTraining(
        dataset,
        { epochs: 2, batchSize: 8, seqLen: 6, hiddenSize: 4, embeddingDim: 4, seed: 1 },
        {},
      )),
      resumed: null,
    };
    const where = position(setup);
    const record = await RunRecord.open({
      setup,
      runsRoot: join(root, 'runs-flush'),
      position: where,
      totalSteps: 10,
      stepsPerEpoch: 5,
      threads: 1,
      elapsed: () => 1,
    });
    for (let k = 1; k <= 5; k++) record.addStep(step(k));
    where.step = 5;
    record.addEvaluation({ step: 5, epoch: 0, time: 0.5, metrics: { loss: 0.6, accuracy: 0.8 } });
    await record.saveCheckpoint('last'); // no flushMetrics: the process may die right here
    const log = parseMetricsCsv(readFileSync(join(record.runDir, 'metrics.csv'), 'utf8'));
    expect(log.steps.map((s) => s.step)).toEqual([1, 2, 3, 4, 5]);
    expect(log.evaluations.map((e) => e.step)).toEqual([5]);
  });
});

describe('stale temporaries', () => {
  it("removes our own naming's leftovers of a writer that is gone, and nothing else", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'lstm-stale-'));
    const names = [
      'best.safetensors.tmp-101-0123456789ab', // gone
      'run.json.tmp-101', // gone
      'last.safetensors.tmp-202-0123456789ab', // alive
      `last.safetensors.tmp-${process.pid}-0123456789ab`, // this process: maybe another run's save
      'data.csv.tmp-101', // not ours
      'last.safetensors',
    ];
    for (const name of names) writeFileSync(join(dir, name), 'x');
    const removed = await removeStaleTemporaries(dir, (pid) => pid === 202);
    expect(removed.sort()).toEqual(['best.safetensors.tmp-101-0123456789ab', 'run.json.tmp-101']);
    expect(readdirSync(dir).sort()).toEqual(names.slice(2).sort());
    rmSync(dir, { recursive: true, force: true });
  });
});
