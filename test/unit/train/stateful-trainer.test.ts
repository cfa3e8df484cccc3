/**
 * A stateful language-model run end to end, in process: `stateful` is stored in run.json; last.safetensors
 * holds the carried state; `eval` of its checkpoint scores streams carrying the state, as its validation
 * did; a run stopped mid-epoch and resumed continues bit for bit (one thread and two); tasks and models
 * that cannot carry a state are refused with the reason.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TrainingControl } from '../../../src/train/control';
import type { TrainingConfig } from '../../../src/train/config';
import { loadModelCheckpoint } from '../../../src/train/model-checkpoint';
import { parseMetricsCsv, readManifest } from '../../../src/train/run-directory';
import { prepareForTraining, prepareResume } from '../../../src/train/setup';
import { runTraining } from '../../../src/train/trainer';
import { runInProcess } from '../fuzz/oracle';
import { buildTrainThreadBundle } from './thread-bundle';

const root = mkdtempSync(join(tmpdir(), 'lstm-stateful-test-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A text with structure longer than a window: numbered sentences that count up. */
function writeText(): string {
  const path = join(root, 'counting.txt');
  const words = ['one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine'];
  const lines: string[] = [];
  for (let i = 0; i < 120; i++)
    lines.push(`line ${words[i % 9]} says ${words[(i * 4) % 9]} and ${words[(i + 3) % 9]}.`);
  writeFileSync(path, lines.join('\n') + '\n');
  return path;
}

const dataset = writeText();
const config: Partial<TrainingConfig> = {
  stateful: true,
  epochs: 2,
  batchSize: 4,
  seqLen: 16,
  hiddenSize: 12,
  numLayers: 2,
  embeddingDim: 6,
  dropout: 0.1,
  lr: 0.01,
  seed: 4,
  validateEverySteps: 25,
  threads: 1,
};

async function train(overrides: Partial<TrainingConfig>, stopAtStep?: number, threadScript?: string) {
  const control = new TrainingControl();
  const setup = { ...(await prepareForTraining(dataset, { ...config, ...overrides }, {})), resumed: null };
  return runTraining({
    setup,
    runsRoot: join(root, 'runs'),
    control,
    progressIntervalMs: 0,
    threadScript,
    emit: (event) => {
      if (stopAtStep !== undefined && event.type === 'progress' && event.step >= stopAtStep) control.stop();
    },
  });
}

const weightsOf = async (dir: string) =>
  (await loadModelCheckpoint(join(dir, 'last.safetensors'))).model.parameters().map((p) => Array.from(p.value));
const lossesOf = (dir: string) =>
  parseMetricsCsv(readFileSync(join(dir, 'metrics.csv'), 'utf8')).steps.map((s) => s.loss);
const evaluationsOf = (dir: string) =>
  parseMetricsCsv(readFileSync(join(dir, 'metrics.csv'), 'utf8')).evaluations.map((e) => e.metrics.loss);

async function expectExactResume(overrides: Partial<TrainingConfig>, threadScript?: string): Promise<void> {
  const uninterrupted = await train(overrides, undefined, threadScript);
  expect(uninterrupted.status).toBe('finished');
  for (const stopAt of [7, 61]) {
    const stopped = await train(overrides, stopAt, threadScript);
    expect(stopped.status).toBe('stopped');
    const checkpoint = await loadModelCheckpoint(join(stopped.runDir, 'last.safetensors'));
    expect([...checkpoint.trainerState.keys()]).toContain('trainer.carried_h');
    expect(checkpoint.trainerState.get('trainer.carried_h')!.some((x) => x !== 0)).toBe(true);
    const setup = await prepareResume(stopped.runDir);
    const resumed = await runTraining({
      setup,
      runsRoot: root,
      control: new TrainingControl(),
      emit: () => {},
      threadScript,
    });
    expect(resumed.status).toBe('finished');
    expect(await weightsOf(resumed.runDir), `stopped at ${stopAt}`).toEqual(await weightsOf(uninterrupted.runDir));
    expect(lossesOf(resumed.runDir)).toEqual(lossesOf(uninterrupted.runDir));
    expect(evaluationsOf(resumed.runDir)).toEqual(evaluationsOf(uninterrupted.runDir));
  }
}

describe('a stateful language-model run', () => {
  it('stores stateful in run.json and the carried state in last.safetensors, and validates along streams', async () => {
    const summary = await train({});
    expect(summary.status).toBe('finished');
    const manifest = await readManifest(summary.runDir);
    expect(manifest.config.stateful).toBe(true);
    const checkpoint = await loadModelCheckpoint(join(summary.runDir, 'last.safetensors'));
    // h (L=2, S=4, H=12) and c, LSTM.
    expect(checkpoint.trainerState.get('trainer.carried_h')!.length).toBe(2 * 4 * 12);
    expect(checkpoint.trainerState.get('trainer.carried_c')!.length).toBe(2 * 4 * 12);
    expect(summary.final!.loss).toBeLessThan(Math.log(30));
    // Independent windows give another run (another batcher, another validation).
    const windows = await train({ stateful: false });
    expect(windows.final!.loss).not.toBe(summary.final!.loss);

    // `eval` on the validation text alone, as many streams as the run had: the run's final validation.
    const setup = await prepareForTraining(dataset, config, {});
    const validationText = join(root, 'validation.txt');
    writeFileSync(validationText, readFileSync(dataset, 'utf8').slice(setup.prepared.summary.sizes.train));
    const lastPath = join(summary.runDir, 'last.safetensors');
    const evaluated = await runInProcess(['eval', lastPath, validationText, '--batch-size', '4', '--json']);
    expect(evaluated.error).toBeNull();
    const result = JSON.parse(evaluated.output.find((line) => line.startsWith('{'))!);
    expect(result.loss).toBe(summary.final!.loss);
    expect(result.bitsPerChar).toBe(summary.final!.bitsPerChar);
  });

  it('resumes bit for bit mid-epoch and in the second epoch (LSTM and GRU)', async () => {
    await expectExactResume({});
    await expectExactResume({ cell: 'gru', dropout: 0 });
  });

  it('is refused for classification, for a bidirectional model, and cannot be switched on resume', async () => {
    const csv = join(root, 'reviews.csv');
    writeFileSync(
      csv,
      'text,label\n' + Array.from({ length: 40 }, (_, i) => `text ${i},${i % 2 ? 'a' : 'b'}`).join('\n'),
    );
    await expect(prepareForTraining(csv, { stateful: true }, {})).rejects.toThrow(
      /stateful training cannot do this task: each text is a separate example/,
    );
    await expect(prepareForTraining(dataset, { stateful: true, bidirectional: true }, {})).rejects.toThrow(
      /bidirectional/,
    );
    const stopped = await train({}, 3);
    await expect(prepareResume(stopped.runDir, undefined, { stateful: false })).rejects.toThrow(/--stateful/);
  });
});

describe('lstm-studio train --stateful', () => {
  const tiny = ['--hidden', '8', '--embedding', '4', '--batch-size', '4', '--seq-len', '16', '--threads', '1'];

  it('trains a language model carrying its state, stored in run.json', async () => {
    const trained = await runInProcess([
      'train',
      dataset,
      '--stateful',
      ...tiny,
      '--steps',
      '3',
      '--json',
      '--out',
      root,
    ]);
    expect(trained.error).toBeNull();
    const lines = trained.output.flatMap((chunk) => chunk.split('\n')).filter((line) => line.startsWith('{'));
    const summary = JSON.parse(lines[lines.length - 1]) as { runDir: string; status: string };
    expect(summary.status).toBe('finished');
    expect((await readManifest(summary.runDir)).config.stateful).toBe(true);
  });

  it('refuses a task that cannot carry a state, with the reason', async () => {
    const reviews = join(__dirname, '../../../examples/sentiment/reviews.csv');
    const refused = await runInProcess(['train', reviews, '--stateful', ...tiny, '--steps', '1', '--out', root]);
    expect(refused.error).toMatch(/stateful training cannot do this task: each text is a separate example/);
  });
});

describe('a stateful run on 2 threads', () => {
  let threadScript = '';
  let dispose = () => {};
  beforeAll(async () => {
    ({ script: threadScript, dispose } = await buildTrainThreadBundle());
  }, 120_000);
  afterAll(() => dispose());

  it('resumes bit for bit', async () => {
    await expectExactResume({ threads: 2 }, threadScript);
  });
});
