/**
 * `lstm-studio train --resume DIR` continues the stored run: flags that would choose another dataset,
 * task, columns or run folder are refused in one line naming them (they used to be silently ignored),
 * while the flags a resumed run honours (more steps, threads, --json) keep working.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runInProcess } from '../fuzz/oracle';

const repo = join(__dirname, '../../..');
const reviews = join(repo, 'examples/sentiment/reviews.csv');
const out = mkdtempSync(join(tmpdir(), 'lstm-resume-flags-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

const TINY = ['--hidden', '8', '--embedding', '8', '--batch-size', '16', '--seq-len', '16', '--threads', '1'];

/** The summary line a `--json` run prints last. */
function summaryOf(output: string[]): { runDir: string; steps: number; status: string } {
  const lines = output.flatMap((chunk) => chunk.split('\n')).filter((line) => line.startsWith('{'));
  return JSON.parse(lines[lines.length - 1]) as { runDir: string; steps: number; status: string };
}

let runDir = '';
beforeAll(async () => {
  const trained = await runInProcess(['train', reviews, ...TINY, '--steps', '2', '--json', '--out', out]);
  expect(trained.error).toBeNull();
  runDir = summaryOf(trained.output).runDir;
}, 120_000);

describe('train --resume refuses what it cannot change', () => {
  it('names --task and the column flags in one line, and trains nothing', async () => {
    const resumed = await runInProcess([
      'train',
      '--resume',
      runDir,
      '--task',
      'classification',
      '--text-column',
      'review',
      '--label-column',
      'sentiment',
      '--json',
    ]);
    expect(resumed.error).toMatch(/cannot change --task, --text-column, --label-column\b/);
    expect(resumed.error).toContain(runDir);
    expect(resumed.error).not.toContain('\n');
    expect(resumed.output.join('')).not.toContain('"type":"summary"');
  });

  it('refuses a dataset file and an --out the user typed', async () => {
    const resumed = await runInProcess(['train', reviews, '--resume', runDir, '--out', join(out, 'elsewhere')]);
    expect(resumed.error).toMatch(/cannot change the dataset file \(.*reviews\.csv\), --out\b/);
  });

  it('still honours what a resumed run can change: more steps, threads, --json', async () => {
    const resumed = await runInProcess(['train', '--resume', runDir, '--steps', '3', '--threads', '1', '--json']);
    expect(resumed.error).toBeNull();
    const summary = summaryOf(resumed.output);
    expect(summary.runDir).toBe(runDir);
    expect(summary.steps).toBe(3);
  }, 120_000);
});
