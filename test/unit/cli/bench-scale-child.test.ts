/**
 * The scale benchmark's child runner against stand-ins for the CLI (small scripts printing what
 * `train --json` prints): it is stopped once it has evaluated, and a child that fails is an outcome with
 * its message and peak memory, not an exception. Nothing here is timed.
 */

import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runScaleChild } from '../../../src/cli/bench-scale-child';

const folder = mkdtempSync(join(tmpdir(), 'bench-scale-child-test-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** A stand-in CLI: prints `lines` (JSON) and then `then`. */
function fakeCli(name: string, lines: object[], then: string): string {
  const path = join(folder, name);
  writeFileSync(
    path,
    `for (const line of ${JSON.stringify(lines.map((l) => JSON.stringify(l)))}) console.log(line);\n${then}\n`,
  );
  return path;
}

const step = (n: number, time: number) => ({ step: n, epoch: 0, time, loss: 2, lr: 1e-3, gradNorm: 1 });
const runStarted = {
  type: 'run-started',
  dataset: { summary: { task: 'language-model', sizes: { unit: 'characters', train: 9, validation: 1 } } },
};

describe('a scale benchmark child', () => {
  it('is stopped once it has evaluated; its figures and peak memory are read', async () => {
    const cli = fakeCli(
      'evaluates.js',
      [
        { type: 'loading', bytesRead: 100, totalBytes: 100 },
        runStarted,
        { type: 'progress', step: 2, epoch: 0, steps: [step(1, 0.1), step(2, 0.3)] },
        { type: 'evaluation', record: { step: 2, epoch: 0, time: 1.3, metrics: { loss: 2 } }, isBest: true },
      ],
      // A run that would go on (a final validation, a checkpoint…): the bench does not wait for it.
      'setInterval(() => {}, 1000);',
    );
    const stages: string[] = [];
    const outcome = await runScaleChild({
      cliScript: cli,
      file: 'data.txt',
      steps: 2,
      scratchFolder: folder,
      timeoutSeconds: 60,
      onStage: (stage) => stages.push(stage),
    });
    expect(outcome.status).toBe('ok');
    expect(outcome.message).toBeNull();
    expect(outcome.exit?.signal).toBe('SIGTERM');
    expect(stages).toEqual(['preparing', 'training', 'evaluating', 'evaluated']);
    expect(outcome.figures.stepsPerSecond).toBeCloseTo(5, 9);
    expect(outcome.figures.evaluationSeconds).toBeCloseTo(1, 9);
    expect(outcome.figures.secondsToFirstStep).toBeGreaterThan(0.1);
    expect(outcome.figures.task).toBe('language-model');
    if (process.platform === 'linux') expect(outcome.peakRssMb).toBeGreaterThan(10);
  });

  it('that fails is reported with its message, how it ended and its own peak memory report', async () => {
    const cli = fakeCli(
      'fails.js',
      [{ type: 'loading', bytesRead: 50, totalBytes: 100 }],
      "console.error('lstm-studio: data.txt: could not read the file: Invalid string length'); process.exit(1);",
    );
    const outcome = await runScaleChild({
      cliScript: cli,
      file: 'data.txt',
      steps: 20,
      scratchFolder: folder,
      timeoutSeconds: 60,
    });
    expect(outcome.status).toBe('failed');
    expect(outcome.stage).toBe('loading');
    expect(outcome.message).toBe('lstm-studio: data.txt: could not read the file: Invalid string length (exit code 1)');
    expect(outcome.exit).toEqual({ code: 1, signal: null });
    // The preloaded reporter's figure (the child ends before the first poll can read /proc).
    expect(outcome.peakRssMb).toBeGreaterThan(10);
    expect(outcome.figures.secondsToFirstStep).toBeNull();
  });

  it('that never evaluates is stopped at the timeout', async () => {
    const cli = fakeCli('hangs.js', [runStarted], 'setInterval(() => {}, 1000);');
    const outcome = await runScaleChild({
      cliScript: cli,
      file: 'data.txt',
      steps: 20,
      scratchFolder: folder,
      timeoutSeconds: 1,
    });
    expect(outcome.status).toBe('timed-out');
    expect(outcome.message).toBe('no evaluation within 1 s (stopped while training)');
  });
});
