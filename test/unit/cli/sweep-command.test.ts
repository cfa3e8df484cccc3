/**
 * `lstm-studio sweep --config sweep.json`: the example sweep trains its 4 runs (in this thread, 2 at a
 * time), each a normal run folder whose run.json names the sweep; the plan, the per-trial lines and the
 * ranked table; --json lines; refusals before anything trains.
 */

import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { createProgram } from '../../../src/cli/program';
import { planSweep, runSweep, trialRequest } from '../../../src/cli/sweep-command';
import type { RunManifest } from '../../../src/protocol/run-manifest';
import { startInProcessJob } from '../../../src/worker/in-process-job';

const repo = join(__dirname, '../../..');
const exampleSweep = join(repo, 'examples/sweep-reviews.json');
const out = mkdtempSync(join(tmpdir(), 'lstm-sweep-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));
afterEach(() => vi.restoreAllMocks());

const TRAINING_TIMEOUT = 300_000;
const NOW = new Date(2026, 11, 7, 1, 30, 5);

function captureOutput(): string[] {
  const lines: string[] = [];
  vi.spyOn(console, 'log').mockImplementation((...parts: unknown[]) => void lines.push(parts.map(String).join(' ')));
  return lines;
}

describe('planSweep', () => {
  it('reads the example: 4 trials, 2 at once, one thread each, the dataset beside the file', () => {
    const plan = planSweep({ config: exampleSweep, out }, NOW, '0a1b');
    expect(plan.id).toBe('sweep-20261207-013005-0a1b');
    expect(plan.name).toBe('reviews: learning rate × hidden size');
    expect(plan.datasetPath).toBe(join(repo, 'examples/sentiment/reviews.csv'));
    expect(plan.trials.map((t) => t.settings)).toEqual([
      { lr: 0.01, hiddenSize: 16 },
      { lr: 0.01, hiddenSize: 32 },
      { lr: 0.003, hiddenSize: 16 },
      { lr: 0.003, hiddenSize: 32 },
    ]);
    expect(plan.concurrency).toBe(2);
    expect(plan.threads).toBe(1);
    expect(planSweep({ config: exampleSweep, out, maxConcurrent: 1 }, NOW, '0a1b').threads).toBeUndefined();
  });

  it('builds each trial’s request: base and trial settings, one thread, the membership', () => {
    const plan = planSweep({ config: exampleSweep, out }, NOW, '0a1b');
    const request = trialRequest(plan, plan.trials[3]);
    expect(request.config).toMatchObject({ maxSteps: 60, lr: 0.003, hiddenSize: 32, threads: 1 });
    expect(request.dataset).toEqual({ task: 'classification' });
    expect(request.sweep).toEqual({
      id: 'sweep-20261207-013005-0a1b',
      name: 'reviews: learning rate × hidden size',
      index: 3,
      count: 4,
      swept: { lr: 0.003, hiddenSize: 32 },
    });
  });

  it('refuses a sweep without a dataset, or an unreadable file, naming the file', () => {
    const file = join(out, 'no-dataset.json');
    writeFileSync(
      file,
      JSON.stringify({
        format: 'lstm-studio-sweep/1',
        base: { settings: {} },
        parameters: { lr: { values: [0.1] } },
        method: 'grid',
      }),
    );
    expect(() => planSweep({ config: file, out }, NOW, '0a1b')).toThrow(/no-dataset\.json: "base" names no "dataset"/);
    expect(() => planSweep({ config: join(out, 'missing.json'), out }, NOW, '0a1b')).toThrow(
      /missing\.json: cannot read it \(ENOENT\)/,
    );
  });
});

describe('lstm-studio sweep', () => {
  it(
    'trains the example sweep 2 at a time: 4 run folders naming the sweep, a line per trial, a ranked table',
    async () => {
      const runs = join(out, 'text-runs');
      const lines = captureOutput();
      const plan = planSweep({ config: exampleSweep, out: runs }, NOW, 'beef');
      let running = 0;
      let mostAtOnce = 0;
      const results = await runSweep(
        plan,
        (request) => {
          const job = startInProcessJob(request);
          running++;
          mostAtOnce = Math.max(mostAtOnce, running);
          void job.outcome.then(() => running--);
          return job;
        },
        false,
      );
      expect(results.map((r) => r.status)).toEqual(['finished', 'finished', 'finished', 'finished']);
      expect(mostAtOnce).toBe(2);

      const folders = readdirSync(runs);
      expect(folders).toHaveLength(4);
      const manifests = folders.map((f) => JSON.parse(readFileSync(join(runs, f, 'run.json'), 'utf8')) as RunManifest);
      const byIndex = manifests.sort((a, b) => a.sweep!.index - b.sweep!.index);
      expect(byIndex.map((m) => m.sweep)).toEqual(
        plan.trials.map((t) => ({ id: plan.id, name: plan.name, index: t.index, count: 4, swept: t.settings })),
      );
      for (const m of byIndex) {
        expect(m.status).toBe('finished');
        expect(m.config.lr).toBe(m.sweep!.swept.lr);
        expect(m.config.hiddenSize).toBe(m.sweep!.swept.hiddenSize);
        expect(m.config.threads).toBe(1);
        expect(m.step).toBe(60);
      }

      const text = lines.join('\n');
      expect(text).toContain(
        `Sweep "reviews: learning rate × hidden size" (sweep-20261207-013005-beef): 4 runs on reviews.csv, every combination, at most 2 at once`,
      );
      expect(text).toContain('  lr: 0.01, 0.003');
      expect(text).toContain('  threads: 1 per run, as 2 train at once');
      expect(text).toMatch(/\[1\/4\] started: lr 0\.01, hiddenSize 16 → \d{8}-\d{6}-reviews/);
      expect(text).toMatch(/\[4\/4\] finished in [\d.]+ s: accuracy [\d.]+ %, loss [\d.]+/);
      expect(text).toContain('Sweep done: 4 finished');
      expect(text).toContain('ranked by validation accuracy (higher is better):');
      // The table: header, then 4 rows whose accuracy never rises going down.
      const header = lines.findIndex((l) =>
        /^ {2}rank +trial +lr +hiddenSize +accuracy +loss +status +run folder$/.test(l),
      );
      expect(header).toBeGreaterThan(0);
      const accuracies = lines.slice(header + 1, header + 5).map((l) => Number(/ ([\d.]+) % /.exec(l)![1]));
      expect(accuracies).toEqual([...accuracies].sort((a, b) => b - a));
    },
    TRAINING_TIMEOUT,
  );

  it(
    'prints JSON lines with --json, through the program',
    async () => {
      const file = join(out, 'two.json');
      writeFileSync(
        file,
        JSON.stringify({
          format: 'lstm-studio-sweep/1',
          base: {
            dataset: join(repo, 'examples/sentiment/reviews.csv'),
            settings: { maxSteps: 3, batchSize: 16, seqLen: 16, hiddenSize: 8, embeddingDim: 8, validationMax: 50 },
          },
          parameters: { cell: { values: ['lstm', 'gru'] } },
          method: 'grid',
        }),
      );
      const lines = captureOutput();
      const program = createProgram({ startTrainingJob: startInProcessJob });
      await program.parseAsync(
        ['sweep', '--config', file, '--max-concurrent', '1', '--out', join(out, 'json-runs'), '--json'],
        { from: 'user' },
      );
      const objects = lines.map((l) => JSON.parse(l) as { type: string; [key: string]: any });
      expect(objects.map((o) => o.type)).toEqual([
        'sweep-plan',
        'trial-started',
        'trial-ended',
        'trial-started',
        'trial-ended',
        'sweep-summary',
      ]);
      const [plan, , ended, , , summary] = objects;
      expect(plan).toMatchObject({ method: 'grid', maxConcurrent: 1, threads: null });
      expect(plan.trials).toEqual([
        { index: 0, settings: { cell: 'lstm' } },
        { index: 1, settings: { cell: 'gru' } },
      ]);
      expect(plan.name).toMatch(/^reviews\.csv \d{4}-\d\d-\d\d \d\d:\d\d$/);
      expect(ended).toMatchObject({ index: 0, status: 'finished', steps: 3, settings: { cell: 'lstm' } });
      expect(summary).toMatchObject({ status: 'done', headline: { key: 'accuracy', higherIsBetter: true } });
      expect(summary.trials).toHaveLength(2);
      expect(process.exitCode ?? 0).toBe(0);
    },
    TRAINING_TIMEOUT,
  );
});
