/**
 * The inference worker's `checkpoint-overview` handler (src/worker/inference/checkpoint-overview.ts), as
 * the worker entry calls it: a good file is answered with its model card and tensor table, a truncated
 * or garbage file with an error value (the request itself succeeds, so the editor shows the reason in
 * place) whose message does not repeat the file's absolute path.
 */

import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import '../../../src/worker/inference/checkpoint-overview';
import { handlerFor, type HandlerContext } from '../../../src/worker/inference/handlers';

const GOLDEN = join(__dirname, '../../fixtures/golden/charlm.safetensors');

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'lstm-overview-handler-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function ask(checkpointPath: string) {
  const handler = handlerFor('checkpoint-overview');
  expect(handler).toBeDefined();
  const context: HandlerContext<'checkpoint-overview'> = {
    partial: () => {
      throw new Error('checkpoint-overview streams nothing');
    },
    transfer: [],
    throwIfCancelled: () => undefined,
  };
  return handler!({ kind: 'checkpoint-overview', checkpointPath }, context);
}

describe("checkpoint-overview (the checkpoint editor's header, read in the worker)", () => {
  it('answers a good file with its model card and tensor table', async () => {
    const answer = await ask(GOLDEN);
    const golden = await readFile(GOLDEN);
    expect(answer.error).toBeNull();
    expect(answer.fileSize).toBe(golden.length);
    expect(answer.headerBytes).toBe(Number(golden.readBigUInt64LE(0)));
    expect(answer.openMs).toBeGreaterThanOrEqual(0);
    expect(answer.overview!.card.kind).toBe('foreign'); // written by PyTorch for the golden tests
    expect(answer.overview!.tensors.map((t) => t.name)).toContain('lstm.weight_hh_l0');
    // It crosses a thread as a structured clone: plain data only.
    expect(structuredClone(answer)).toEqual(answer);
  });

  it('answers a truncated file with an error value, not a failed request', async () => {
    const golden = await readFile(GOLDEN);
    const path = join(dir, 'truncated.safetensors');
    await writeFile(path, golden.subarray(0, Math.floor(golden.length * 0.6)));
    const answer = await ask(path);
    expect(answer.overview).toBeNull();
    expect(answer.error?.code).toBe('bad-offsets');
    expect(answer.error?.message).toMatch(/truncated/);
    expect(answer.error?.message).not.toContain(dir);
  });

  it('answers a file that is not a checkpoint with an error value naming no path', async () => {
    const path = join(dir, 'notes.safetensors');
    await writeFile(path, 'hello, this is not a checkpoint at all\n');
    const answer = await ask(path);
    expect(answer).toMatchObject({ overview: null, headerBytes: 0, error: { code: 'bad-header-length' } });
    expect(answer.error?.message).toMatch(/not a safetensors file/);
    expect(answer.error?.message).not.toContain(dir);
  });

  it('answers a missing file with an I/O error value', async () => {
    const answer = await ask(join(dir, 'gone.safetensors'));
    expect(answer.overview).toBeNull();
    expect(answer.error?.code).toBe('io');
  });
});
