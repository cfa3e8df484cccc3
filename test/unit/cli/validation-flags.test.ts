/**
 * `lstm-studio train --validation-max N | --full-validation`: bad values refused in one line naming the
 * flag, the two together refused, and the run's header saying what each evaluation scores; `eval`'s
 * progress line on stderr.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { progressText, withEvaluationProgress } from '../../../src/cli/evaluation-progress';
import { createProgram } from '../../../src/cli/program';
import type { TargetBatch } from '../../../src/data/batcher';
import { startInProcessJob } from '../../../src/worker/in-process-job';
import { runInProcess } from '../fuzz/oracle';
import { requestFor } from './captured-request';

const repo = join(__dirname, '../../..');
const fables = join(repo, 'examples/text/fables.txt');
const out = mkdtempSync(join(tmpdir(), 'lstm-validation-flags-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

/** What commander prints for a bad option value (every command told to throw rather than exit). */
async function optionError(argv: string[]): Promise<string> {
  const program = createProgram({ startTrainingJob: startInProcessJob });
  let printed = '';
  for (const command of [program, ...program.commands]) {
    command.exitOverride();
    command.configureOutput({ writeErr: (text) => (printed += text), writeOut: () => {} });
  }
  await expect(program.parseAsync(argv, { from: 'user' })).rejects.toThrow();
  return printed;
}

const TINY = ['--hidden', '8', '--embedding', '8', '--batch-size', '8', '--seq-len', '16', '--threads', '1'];

describe('train --validation-max and --full-validation', () => {
  it.each([
    ['-1', "expected an integer ≥ 0, got '-1'"],
    ['-3', "expected an integer ≥ 0, got '-3'"],
    ['many', "expected an integer ≥ 0, got 'many'"],
    ['2.5', "expected an integer ≥ 0, got '2.5'"],
  ])('refuses --validation-max %s in one line naming the flag', async (value, message) => {
    const error = await optionError(['train', fables, '--validation-max', value, '--out', out]);
    expect(error).toContain('--validation-max');
    expect(error).toContain(message);
    expect(error.trim()).not.toContain('\n');
  });

  it("takes 0, the automatic sample (the value a saved configuration may hold: the rule is the settings list's)", async () => {
    const request = await requestFor(['train', fables, '--validation-max', '0', '--out', out]);
    expect(request.config.validationMax).toBe(0);
  });

  it('refuses both together', async () => {
    const outcome = await runInProcess(['train', fables, '--validation-max', '10', '--full-validation', '--out', out]);
    expect(outcome.error).toBe(
      '--full-validation scores every validation unit; --validation-max bounds them: give one of them',
    );
  });

  it('says what each evaluation scores: a fixed sample, or all of it', async () => {
    const sampled = await runInProcess([
      'train',
      fables,
      ...TINY,
      '--steps',
      '1',
      '--validation-max',
      '3',
      '--out',
      out,
    ]);
    expect(sampled.error).toBeNull();
    const text = sampled.output.join('\n');
    expect(text).toMatch(/ {2}validation: 3 of [\d ]+ windows \(a fixed sample; --full-validation scores all\)/);
    expect(text).toMatch(/final validation on 3 of [\d ]+ windows \(a fixed sample\): loss/);

    const full = await runInProcess([
      'train',
      fables,
      ...TINY,
      '--steps',
      '1',
      '--full-validation',
      '--json',
      '--out',
      out,
    ]);
    expect(full.error).toBeNull();
    const started = full.output
      .flatMap((chunk) => chunk.split('\n'))
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { type: string; validation?: unknown; config?: unknown })
      .find((event) => event.type === 'run-started')!;
    expect(started.validation).toMatchObject({ unit: 'windows', sampled: false });
    expect(started.config).toMatchObject({ fullValidation: true, validationMax: 0 });

    // eval scores every window of the file, whatever the run sampled.
    const runDir = /run folder: (.*)$/m.exec(text)![1].trim();
    const evaluated = await runInProcess(['eval', join(runDir, 'last.safetensors'), fables, '--json']);
    expect(evaluated.error).toBeNull();
    const result = JSON.parse(evaluated.output.find((line) => line.startsWith('{'))!) as { loss: number };
    expect(Number.isFinite(result.loss)).toBe(true);
  }, 120_000);
});

describe("eval's progress line", () => {
  const batch = (batchSize: number) => ({ batchSize, steps: 1, targets: new Int32Array(batchSize) }) as TargetBatch;
  const batches = [batch(64), batch(64), batch(64), batch(8)];

  it('on a terminal: one line rewritten as batches are scored, cleared at the end; batches pass unchanged', () => {
    const written: string[] = [];
    let clock = 0;
    const passed = [
      ...withEvaluationProgress(batches, {
        total: 200,
        unit: 'windows',
        stream: { isTTY: true, write: (text) => written.push(text) },
        now: () => (clock += 60),
      }),
    ];
    expect(passed).toEqual(batches);
    expect(written.length).toBeGreaterThan(1);
    expect(written.slice(0, -1).every((line) => line.startsWith('\revaluating: '))).toBe(true);
    expect(written.join('')).toContain('evaluating: 128 of 200 windows (64 %)');
    expect(written[written.length - 1]).toBe('\r\u001b[K');
  });

  it('in a log: a line every few seconds and the last count', () => {
    const written: string[] = [];
    let clock = 0;
    Array.from(
      withEvaluationProgress(batches, {
        total: null,
        unit: 'examples',
        stream: { write: (text) => written.push(text) },
        now: () => (clock += 3000),
      }),
    );
    expect(written).toEqual(['evaluating: 128 examples\n', 'evaluating: 200 examples\n']);
  });

  it('a quick evaluation writes nothing', () => {
    const written: string[] = [];
    Array.from(
      withEvaluationProgress(batches, { total: 200, unit: 'windows', stream: { write: (t) => written.push(t) } }),
    );
    expect(written).toEqual([]);
  });

  it('counts with thin spaces between thousands', () => {
    expect(progressText(12_800, 81_920, 'windows')).toBe('12 800 of 81 920 windows (15 %)');
    expect(progressText(5, null, 'examples')).toBe('5 examples');
  });
});
