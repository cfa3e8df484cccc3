/**
 * Every error `eval`, `predict` and `inspect` print names the file it is about (issue #20; these three
 * were found by the fuzz suite: a bad `--file` input and damaged metadata said what was wrong but not where).
 */

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainBaseCheckpoints, type BaseCheckpoint } from '../fuzz/fuzz-cases';
import { runInProcess } from '../fuzz/oracle';

/** `bytes` (a checkpoint) with its `__metadata__` changed by `change`. */
function withMetadata(bytes: Buffer, change: (meta: Record<string, string>) => void): Buffer {
  const n = Number(bytes.readBigUInt64LE(0));
  const header = JSON.parse(bytes.subarray(8, 8 + n).toString('utf8')) as { __metadata__: Record<string, string> };
  change(header.__metadata__);
  const json = Buffer.from(JSON.stringify(header));
  const length = Buffer.alloc(8);
  length.writeBigUInt64LE(BigInt(json.length));
  return Buffer.concat([length, json, bytes.subarray(8 + n)]);
}

describe('CLI errors name the file', () => {
  let folder: string;
  let bases: BaseCheckpoint[];
  const base = (task: string) => bases.find((b) => b.task === task)!;

  beforeAll(async () => {
    folder = mkdtempSync(join(tmpdir(), 'lstm-cli-errors-'));
    bases = await trainBaseCheckpoints(folder);
  }, 60_000);
  afterAll(() => rmSync(folder, { recursive: true, force: true }));

  it('predict --file: what is wrong with the input names the input file', async () => {
    const input = join(folder, 'not-numbers.csv');
    writeFileSync(input, 'text,label\n');
    const outcome = await runInProcess(['predict', base('forecasting').path, '--file', input]);
    expect(outcome.error).toBe(`${input}: line 1: 'text' is not a number`);
  });

  it('inspect: metadata without a config names the checkpoint', async () => {
    const damaged = join(folder, 'no-config.safetensors');
    writeFileSync(
      damaged,
      withMetadata(readFileSync(base('classification').path), (m) => delete m.config),
    );
    const outcome = await runInProcess(['inspect', damaged]);
    expect(outcome.error).toMatch(new RegExp(`^${damaged.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: metadata: `));
  });

  it('eval: a stored vocabulary without a unit names the checkpoint', async () => {
    const damaged = join(folder, 'no-unit.safetensors');
    const lm = base('language-model');
    writeFileSync(
      damaged,
      withMetadata(readFileSync(lm.path), (m) => {
        const vocab = JSON.parse(m.vocab) as Record<string, unknown>;
        delete vocab.unit;
        m.vocab = JSON.stringify(vocab);
      }),
    );
    const outcome = await runInProcess(['eval', damaged, lm.dataset]);
    expect(outcome.error).toContain(damaged);
    expect(outcome.error).not.toContain('undefined');
  });
});
