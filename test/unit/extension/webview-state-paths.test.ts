/**
 * Paths a webview saved for a window reload are opened only where the host would have put them: a run
 * folder directly in a runs folder, a checkpoint in the workspace (or the model the host last used) —
 * never through `..`, a symbolic link out, or something that is not a folder or a file.
 */

import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { checkpointFromWebviewState, runFolderFromWebviewState } from '../../../src/extension/webview-state-paths';

const root = mkdtempSync(join(tmpdir(), 'lstm-state-paths-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const workspace = join(root, 'workspace');
const runs = join(workspace, '.lstm-studio', 'runs');
const run = join(runs, '20260101-120000-fables');
const outside = join(root, 'elsewhere');
mkdirSync(run, { recursive: true });
mkdirSync(join(run, 'nested'));
mkdirSync(outside);
writeFileSync(join(run, 'run.json'), '{}');
writeFileSync(join(run, 'best.safetensors'), '');
writeFileSync(join(runs, 'stray-file'), '');
writeFileSync(join(outside, 'run.json'), '{}');
writeFileSync(join(outside, 'secret.safetensors'), '');
symlinkSync(outside, join(runs, 'link-out'));
symlinkSync(join(outside, 'secret.safetensors'), join(workspace, 'linked.safetensors'));

describe('a run folder from a webview’s saved state', () => {
  const check = (candidate: unknown) => runFolderFromWebviewState(candidate, [runs]);

  it('is accepted when it is a folder directly in a runs folder', async () => {
    expect(await check(run)).toEqual({ ok: true, path: run });
    expect(await check(`${run}/`)).toEqual({ ok: true, path: run });
  });

  it('is refused outside the runs folders, or nested deeper in one', async () => {
    expect(await check(outside)).toMatchObject({ ok: false, reason: expect.stringMatching(/not a run folder/) });
    expect(await check(join(run, 'nested'))).toMatchObject({ ok: false });
    expect(await check(runs)).toMatchObject({ ok: false });
    expect(await runFolderFromWebviewState(run, [])).toMatchObject({ ok: false });
  });

  it('is refused with `..` in it, even when it would land in the runs folder', async () => {
    for (const tricky of [
      `${runs}/../../../elsewhere`,
      `${run}/../20260101-120000-fables`,
      `${runs}/./20260101-120000-fables`,
    ])
      expect(await check(tricky)).toMatchObject({ ok: false, reason: expect.stringMatching(/'\.' or '\.\.'/) });
  });

  it('is refused when a symbolic link leads out of the runs folder', async () => {
    expect(await check(join(runs, 'link-out'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/leads out of .* \(a symbolic link\)/),
    });
  });

  it('is refused when it is not a folder, does not exist, or is not a path at all', async () => {
    expect(await check(join(runs, 'stray-file'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not a folder/),
    });
    expect(await check(join(runs, 'gone'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/does not exist/),
    });
    expect(await check('20260101-120000-fables')).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/absolute/),
    });
    for (const junk of [undefined, 42, { path: run }, '', `${run}\0`, 'x'.repeat(5000)])
      expect(await check(junk)).toMatchObject({ ok: false });
  });
});

describe('a checkpoint from a webview’s saved state', () => {
  const check = (candidate: unknown, remembered?: string) =>
    checkpointFromWebviewState(candidate, [workspace, runs], remembered);

  it('is accepted in the workspace', async () => {
    const best = join(run, 'best.safetensors');
    expect(await check(best)).toEqual({ ok: true, path: best });
  });

  it('is refused outside the workspace, through a link out of it, or with `..`', async () => {
    expect(await check(join(outside, 'secret.safetensors'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not in this workspace/),
    });
    expect(await check(join(workspace, 'linked.safetensors'))).toMatchObject({ ok: false });
    expect(await check(join(runs, 'link-out', 'secret.safetensors'))).toMatchObject({ ok: false });
    expect(await check(`${workspace}/../elsewhere/secret.safetensors`)).toMatchObject({ ok: false });
  });

  it('outside the workspace only when it is the model the host itself last used', async () => {
    const secret = join(outside, 'secret.safetensors');
    expect(await check(secret, secret)).toEqual({ ok: true, path: secret });
    expect(await check(secret, join(run, 'best.safetensors'))).toMatchObject({ ok: false });
  });

  it('is refused when it is not a regular .safetensors file', async () => {
    expect(await check(join(run, 'run.json'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/\.safetensors/),
    });
    mkdirSync(join(workspace, 'folder.safetensors'));
    expect(await check(join(workspace, 'folder.safetensors'))).toMatchObject({
      ok: false,
      reason: expect.stringMatching(/not a regular file/),
    });
    expect(await check(join(workspace, 'gone.safetensors'))).toMatchObject({ ok: false });
  });
});
