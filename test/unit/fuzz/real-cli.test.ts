/**
 * A handful of the fuzz cases through the real command (`node bin/lstm-studio.js`, the bundle in dist/,
 * training in a worker thread): what a user's terminal shows is one escaped line naming the file on
 * stderr and exit 1, or a result with finite numbers and exit 0 — never a hang or a stack trace.
 * Needs `dist/` (`npm test` builds it first; skipped in a checkout that has not been built).
 */

import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { oneLine } from '../../../src/cli/terminal-text';
import { buildCase, trainBaseCheckpoints, type BaseCheckpoint } from './fuzz-cases';

const root = join(__dirname, '../../..');
const built = existsSync(join(root, 'dist/cli.js'));
const CASES = 12;
const FIRST_SEED = 40_000;
const TIME_BOUND_MS = 20_000; // a process start and a worker thread on top of the in-process bound

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
  timedOut: boolean;
}

function runCli(argv: string[]): Promise<Run> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin/lstm-studio.js'), ...argv], { stdio: 'pipe' });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, TIME_BOUND_MS);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });
}

/** Why the run is bad, or null when it ended well. */
function badness(run: Run, files: string[], printsNumbers: boolean): string | null {
  if (run.timedOut) return `no answer within ${TIME_BOUND_MS / 1000} s`;
  if (/^\s*at .+:\d+:\d+\)?\s*$/m.test(run.stdout + run.stderr)) return 'a stack trace';
  if (run.code === 0) {
    const numbers = run.stdout.replace(/"(?:[^"\\]|\\.)*"/g, '""');
    return printsNumbers && /\bNaN\b|\bInfinity\b/.test(numbers) ? 'exit 0 with a non-finite number' : null;
  }
  const lines = run.stderr.split('\n').filter((l) => l.trim() !== '' && !l.startsWith('warning: '));
  if (lines.length !== 1 || !lines[0].startsWith('lstm-studio: ')) return 'not one error line';
  if (!files.some((f) => lines[0].includes(oneLine(basename(f))))) return 'the error does not name the file';
  return null;
}

describe.skipIf(!built)('fuzz: a few cases through the real CLI', () => {
  let folder: string;
  let bases: BaseCheckpoint[];

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'lstm-fuzz-cli-'));
    bases = await trainBaseCheckpoints(folder);
  }, 60_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it(`${CASES} seeded cases end with a result or one escaped line naming the file`, async () => {
    const bad: string[] = [];
    for (let seed = FIRST_SEED; seed < FIRST_SEED + CASES; seed++) {
      const fuzzCase = buildCase(seed, folder, bases);
      const run = await runCli(fuzzCase.argv);
      const why = badness(run, fuzzCase.files, fuzzCase.printsNumbers);
      if (why) bad.push(`seed ${seed}: ${fuzzCase.input}: ${why} → ${JSON.stringify(run.stderr.slice(0, 300))}`);
    }
    expect(bad).toEqual([]);
  }, 240_000);
});
