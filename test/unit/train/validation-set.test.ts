/**
 * Validation that samples, as a run sees it: the bound (automatic, asked, or the whole split), the same
 * sample at every evaluation, in run.json and the run-started event, the same after a resume, and a
 * training stream that does not move whatever is validated.
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { TargetBatch } from '../../../src/data/batcher';
import type { TrainingEvent } from '../../../src/protocol/training-events';
import { describeValidationScope } from '../../../src/protocol/validation-scope';
import { prepareDataset } from '../../../src/tasks/prepare-dataset';
import type { TrainingConfig } from '../../../src/train/config';
import { resolveTrainingConfig } from '../../../src/train/config';
import { TrainingControl } from '../../../src/train/control';
import { resumeConfig } from '../../../src/train/resume-config';
import { parseMetricsCsv, readManifest } from '../../../src/train/run-directory';
import { prepareForTraining, prepareResume } from '../../../src/train/setup';
import { runTraining } from '../../../src/train/trainer';
import { AUTOMATIC_VALIDATION_STEPS, validationBound, validationSetFor } from '../../../src/train/validation-set';
import { fixtureText, unwrap } from '../data/helpers';

const root = mkdtempSync(join(tmpdir(), 'lstm-validation-sample-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A text of pseudo-random words, long enough for a few hundred validation windows. */
function writeText(): string {
  const words = ['the', 'fox', 'jumps', 'over', 'a', 'lazy', 'dog', 'and', 'runs', 'far', 'away', 'home'];
  let seed = 11;
  const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
  const parts: string[] = [];
  for (let i = 0; i < 4000; i++) parts.push(words[Math.floor(next() * words.length)] + (i % 13 === 12 ? '.\n' : ' '));
  const path = join(root, 'words.txt');
  writeFileSync(path, parts.join(''));
  return path;
}

const text = writeText();
const base: Partial<TrainingConfig> = {
  epochs: 100,
  maxSteps: 12,
  batchSize: 8,
  seqLen: 16,
  hiddenSize: 8,
  embeddingDim: 8,
  lr: 0.01,
  seed: 5,
  validateEverySteps: 3,
  validationMax: 5,
  threads: 1,
};

async function train(overrides: Partial<TrainingConfig>, stopAtStep?: number) {
  const control = new TrainingControl();
  const events: TrainingEvent[] = [];
  const setup = { ...(await prepareForTraining(text, { ...base, ...overrides }, {})), resumed: null };
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
  return { summary, events };
}

const metricsOf = (dir: string) => parseMetricsCsv(readFileSync(join(dir, 'metrics.csv'), 'utf8'));
/** What an evaluation found, without when (wall time differs between runs). */
const scoresOf = (dir: string) =>
  metricsOf(dir).evaluations.map(({ step, epoch, metrics }) => ({ step, epoch, metrics }));
const copies = (batches: Iterable<TargetBatch>) => Array.from(batches, (b) => structuredClone(b));

describe('the validation bound', () => {
  it('is about a million steps by default, what was asked otherwise, and everything with fullValidation', () => {
    expect(validationBound({ validationMax: 0, fullValidation: false, seqLen: 100 })).toBe(10_485);
    expect(validationBound({ validationMax: 0, fullValidation: false, seqLen: 1 })).toBe(AUTOMATIC_VALIDATION_STEPS);
    expect(validationBound({ validationMax: 0, fullValidation: false, seqLen: 2_000_000 })).toBe(1);
    expect(validationBound({ validationMax: 300, fullValidation: false, seqLen: 100 })).toBe(300);
    expect(validationBound({ validationMax: 300, fullValidation: true, seqLen: 100 })).toBe(Infinity);
  });

  it('the config takes validationMax ≥ 0 and fullValidation true or false', () => {
    expect(resolveTrainingConfig('language-model')).toMatchObject({ validationMax: 0, fullValidation: false });
    expect(() => resolveTrainingConfig('language-model', { validationMax: -1 })).toThrow(
      'validationMax must be an integer ≥ 0, got -1',
    );
    expect(() => resolveTrainingConfig('language-model', { validationMax: 2.5 })).toThrow(/validationMax/);
    expect(() => resolveTrainingConfig('language-model', { fullValidation: 'yes' as unknown as boolean })).toThrow(
      "fullValidation must be true or false, got 'yes'",
    );
  });
});

describe('validationSetFor', () => {
  const prepared = unwrap(prepareDataset({ name: 'words.txt', text: readFileSync(text, 'utf8') }, {}));
  const config = resolveTrainingConfig('language-model', base);
  const total = prepared.validationUnits!(config.seqLen).count;

  it('a split larger than the bound: a fixed sample of the bound, the same at every evaluation', () => {
    expect(total).toBeGreaterThan(100);
    const set = validationSetFor(prepared, config);
    expect(set.scope).toEqual({ units: 5, total, unit: 'windows', sampled: true });
    const first = copies(set.batches());
    expect(first.reduce((n, b) => n + b.batchSize, 0)).toBe(5);
    expect(copies(set.batches())).toEqual(first);
    expect(copies(validationSetFor(prepared, config).batches())).toEqual(first);
    // Another seed, another sample.
    expect(copies(validationSetFor(prepared, { ...config, seed: 6 }).batches())).not.toEqual(first);
    expect(describeValidationScope(set.scope!, { howToScoreAll: '--full-validation scores all' })).toBe(
      `5 of ${total} windows (a fixed sample; --full-validation scores all)`,
    );
  });

  it('a split no larger than the bound, or fullValidation: the whole split, batched as before', () => {
    const whole = prepared.makeValidationBatches(config.batchSize, config.seqLen);
    for (const asked of [{ validationMax: total }, { validationMax: 0 }, { fullValidation: true }]) {
      const set = validationSetFor(prepared, { ...config, ...asked });
      expect(set.scope).toEqual({ units: total, total, unit: 'windows', sampled: false });
      expect(copies(set.batches())).toEqual(whole);
    }
    expect(describeValidationScope({ units: 81_920, total: 81_920, unit: 'windows', sampled: false })).toBe(
      'all 81 920 windows',
    );
  });

  it('a task without units is validated whole from its batches; an empty split is not validated', () => {
    const batches = prepared.makeValidationBatches(config.batchSize, config.seqLen);
    const set = validationSetFor({ makeValidationBatches: () => batches }, config);
    expect(set.scope).toEqual({ units: total, total, unit: 'examples', sampled: false });
    expect(set.batches()).toBe(batches); // built once, not per evaluation
    const none = unwrap(prepareDataset({ name: 'poem.txt', text: fixtureText('poem.txt') }, { validationFraction: 0 }));
    expect(validationSetFor(none, config).scope).toBeNull();
    expect(validationSetFor({ makeValidationBatches: () => [] }, config).scope).toBeNull();
  });
});

describe('a run that samples its validation', () => {
  it('records the sample in run.json and run-started, and evaluates the same units after a resume', async () => {
    const uninterrupted = await train({});
    expect(uninterrupted.summary.status).toBe('finished');
    const started = uninterrupted.events.find((e) => e.type === 'run-started')!;
    const scope = started.type === 'run-started' ? started.validation : undefined;
    expect(scope).toMatchObject({ units: 5, unit: 'windows', sampled: true });
    expect(scope!.total).toBeGreaterThan(100);
    expect((await readManifest(uninterrupted.summary.runDir)).validation).toEqual(scope);
    const evaluations = scoresOf(uninterrupted.summary.runDir);
    expect(evaluations.map((e) => e.step)).toEqual([3, 6, 9, 12]);

    const stopped = await train({}, 7);
    expect(stopped.summary.status).toBe('stopped');
    const setup = await prepareResume(stopped.summary.runDir);
    expect(setup.config).toMatchObject({ validationMax: 5, fullValidation: false });
    const events: TrainingEvent[] = [];
    const resumed = await runTraining({
      setup,
      runsRoot: root,
      control: new TrainingControl(),
      emit: (e) => events.push(e),
    });
    expect(resumed.status).toBe('finished');
    expect(events.find((e) => e.type === 'run-started')).toMatchObject({ validation: scope, resumed: true });
    // Same weights and same units: every evaluation, before and after the resume, is the uninterrupted one.
    expect(scoresOf(resumed.runDir)).toEqual(evaluations);
    expect(resumed.final).toEqual(uninterrupted.summary.final);
  }, 120_000);

  it('does not move the training stream: the same steps whatever is validated', async () => {
    const sampled = await train({});
    const full = await train({ fullValidation: true });
    const lossesOf = (dir: string) => metricsOf(dir).steps.map((s) => s.loss);
    expect(lossesOf(full.summary.runDir)).toEqual(lossesOf(sampled.summary.runDir));
    expect(full.events.find((e) => e.type === 'run-started')).toMatchObject({
      validation: { units: expect.any(Number), sampled: false },
    });
    // The whole split scores other windows than the sample: a different (but both finite) validation loss.
    expect(full.summary.final!.loss).not.toBe(sampled.summary.final!.loss);
  }, 120_000);
});

describe('resuming', () => {
  const stored = resolveTrainingConfig('language-model', base);

  it('keeps the sample: its settings cannot change, named by their flags', () => {
    expect(() => resumeConfig(stored, { validationMax: 7 }, '/runs/a')).toThrow(
      /cannot change --validation-max \(7; the run has 5\)/,
    );
    expect(() => resumeConfig(stored, { fullValidation: true }, '/runs/a')).toThrow(/cannot change --full-validation/);
    expect(resumeConfig(stored, { validationMax: 5, fullValidation: false }, '/runs/a')).toEqual(stored);
  });

  it('a run recorded before validation could be sampled keeps scoring its whole split', () => {
    const { validationMax: _max, fullValidation: _full, ...older } = stored;
    const resumed = resumeConfig(older as TrainingConfig, {}, '/runs/old');
    expect(resumed).toMatchObject({ fullValidation: true, validationMax: 0 });
    expect(resumeConfig(older as TrainingConfig, { fullValidation: true }, '/runs/old').fullValidation).toBe(true);
    expect(() => resumeConfig(older as TrainingConfig, { validationMax: 9 }, '/runs/old')).toThrow(/--validation-max/);
  });
});
