/**
 * `lstm-studio import` and `lstm-studio export-pytorch` through the built bundle, as a user runs them:
 * import the golden PyTorch char LM and predict with it; export a run and find the project's files.
 */

import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainHere } from './pytorch-helpers';

const run = promisify(execFile);
const repo = join(__dirname, '../../..');
const cli = join(repo, 'bin/lstm-studio.js');
const dir = mkdtempSync(join(tmpdir(), 'lstm-cli-interop-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

async function lstm(args: string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [cli, ...args], { cwd: dir });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

beforeAll(() => {
  if (!existsSync(join(repo, 'dist/cli.js'))) throw new Error('build first: npm run build');
});

describe('lstm-studio import', () => {
  it('a PyTorch char LM: refused with a hint before, then usable by predict', async () => {
    const file = join(dir, 'charlm.safetensors');
    copyFileSync(join(repo, 'test/fixtures/golden/charlm.safetensors'), file);
    const before = await lstm(['predict', file, '--text', 'It was', '--length', '5']);
    expect(before.code).toBe(1);
    expect(before.stderr).toMatch(
      /is a PyTorch model \(Embedding\(38, 16\) → LSTM\(16→32\) → Linear\(32, 38\)\) without LSTM Studio metadata; say once what it does: lstm-studio import/,
    );
    const imported = await lstm(['import', file, '--task', 'lm']);
    expect(imported.stderr).toBe('');
    expect(imported.stdout).toContain(
      'Embedding(38, 16) → LSTM(16→32) → Linear(32, 38) (embedding → lstm → fc), language-model',
    );
    expect(imported.stdout).toContain('vocabulary: 38 characters, ids as given (no <pad>/<unk>)');
    const predicted = JSON.parse(
      (
        await lstm([
          'predict',
          file,
          '--text',
          'It was the best of t',
          '--length',
          '20',
          '--temperature',
          '0',
          '--json',
        ])
      ).stdout,
    );
    expect(predicted.continuation).toBe('imes, it was the wor');
  });

  /** A state_dict of zeros with these names and shapes, as PyTorch writes it (no metadata). */
  function writeStateDict(file: string, shapes: [string, number[]][]): void {
    const header: Record<string, unknown> = {};
    let offset = 0;
    for (const [name, shape] of shapes) {
      const bytes = 4 * shape.reduce((a, b) => a * b, 1);
      header[name] = { dtype: 'F32', shape, data_offsets: [offset, offset + bytes] };
      offset += bytes;
    }
    let json = JSON.stringify(header);
    json += ' '.repeat((8 - (json.length % 8)) % 8);
    const bytes = Buffer.alloc(8 + json.length + offset);
    bytes.writeBigUInt64LE(BigInt(json.length), 0);
    bytes.write(json, 8);
    writeFileSync(file, bytes);
  }

  it('refuses a bidirectional forecaster (it would read the future) and one whose second layer has one direction, with the reasons', async () => {
    const layer0: [string, number[]][] = [
      ['rnn.weight_ih_l0', [8, 3]],
      ['rnn.weight_hh_l0', [8, 2]],
      ['rnn.weight_ih_l0_reverse', [8, 3]],
      ['rnn.weight_hh_l0_reverse', [8, 2]],
    ];
    const bidirectional = join(dir, 'bi.safetensors');
    writeStateDict(bidirectional, [...layer0, ['fc.weight', [1, 4]]]);
    // Bidirectional classifiers import (import-variants.test.ts); a forecaster answers from the rows before
    // each step, which a backward direction has not.
    const imported = await lstm(['import', bidirectional, '--task', 'forecast']);
    expect(imported.code).toBe(1);
    expect(imported.stderr).toMatch(
      /this model is bidirectional, and a forecaster's answer after each row must come from that row and the ones before it; a backward direction reads the rows after it/,
    );

    const lopsided = join(dir, 'lopsided.safetensors');
    writeStateDict(lopsided, [
      ...layer0,
      ['rnn.weight_ih_l1', [8, 4]],
      ['rnn.weight_hh_l1', [8, 2]],
      ['fc.weight', [1, 4]],
    ]);
    const refused = await lstm(['import', lopsided, '--task', 'forecast']);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(
      /the recurrent module 'rnn' is bidirectional \(it has _reverse tensors\) but layer 1 has only its forward direction/,
    );
  });
});

describe('lstm-studio export-pytorch', () => {
  it('writes the project and says how to run it', async () => {
    writeFileSync(join(dir, 'tiny.txt'), 'a stitch in time saves nine; a rolling stone gathers no moss.\n'.repeat(10));
    const runDir = await trainHere(join(dir, 'tiny.txt'), join(dir, 'runs'), {
      maxSteps: 4,
      batchSize: 4,
      seqLen: 16,
      hiddenSize: 8,
      embeddingDim: 4,
    });
    const result = await lstm(['export-pytorch', runDir, '--out', 'project']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('torchrun --standalone --nproc_per_node 4 train.py');
    for (const file of ['train.py', 'lstm_studio/rng.py', 'run_config.json', 'initial.safetensors'])
      expect(existsSync(join(dir, 'project', file)), file).toBe(true);
    const again = await lstm(['export-pytorch', runDir, '--out', 'project']);
    expect(again.stderr).toMatch(
      /project is not empty; export into a new folder \(or replace its files with --force\)/,
    );
    expect((await lstm(['export-pytorch', join(dir, 'charlm.safetensors'), '--out', 'x'])).stderr).toMatch(
      /is not an LSTM Studio checkpoint/,
    );
  });
});
