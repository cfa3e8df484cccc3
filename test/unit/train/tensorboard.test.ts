/**
 * The TensorBoard event-file writer fed known records, read back by an independent reader (TensorFlow's
 * published schema, a bitwise CRC-32C): framing, the file-version event, tags, steps, wall times, the
 * bytes a step costs, each session's START marker (what a resume does to TensorBoard's view), and a write
 * failure that only stops the file.
 */

import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { eventFileName, TensorBoardLog } from '../../../src/train/tensorboard/event-file-writer';
import { frameRecord, maskedCrc32c } from '../../../src/train/tensorboard/record-framing';
import { bitwiseCrc32c, maskCrc, readEventFile, scalarsAsTensorBoardShows, scalarsByTag } from './tensorboard-reader';

const root = mkdtempSync(join(tmpdir(), 'lstm-tensorboard-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let folders = 0;
const freshFolder = () => {
  const dir = join(root, `run-${++folders}`);
  mkdirSync(dir);
  return dir;
};
/** A clock a test reads back: 1.5 s apart from a fixed start. */
const clockFrom = (start: number) => {
  let t = start;
  return () => (t += 1.5);
};
const step = (k: number) => ({ step: k, epoch: 0, time: k / 10, loss: 1 / k, lr: 0.01 * k, gradNorm: 2 + k });

describe('record framing', () => {
  it('masks CRC-32C as TensorFlow does (the reader’s bitwise CRC agrees on the check string and on frames)', () => {
    const check = new TextEncoder().encode('123456789');
    expect(bitwiseCrc32c(check)).toBe(0xe3069283); // CRC-32C's published check value
    expect(maskedCrc32c(check)).toBe(maskCrc(0xe3069283));
    const frame = frameRecord(new Uint8Array([1, 2, 3]));
    expect(frame.length).toBe(8 + 4 + 3 + 4);
    expect(Buffer.from(frame).readBigUInt64LE(0)).toBe(3n);
    expect(Buffer.from(frame).readUInt32LE(8)).toBe(maskCrc(bitwiseCrc32c(frame.subarray(0, 8))));
    expect(Buffer.from(frame).readUInt32LE(15)).toBe(maskCrc(bitwiseCrc32c(new Uint8Array([1, 2, 3]))));
  });
});

describe('TensorBoardLog', () => {
  it('names its file as TensorFlow does', () => {
    expect(eventFileName(1_765_000_000.7, 'my host/x', 4242, 3)).toBe(
      'events.out.tfevents.1765000000.my_host_x.4242.3',
    );
  });

  it('writes the file version, a session START, then one event per step and per evaluation with their tags, steps and wall times', async () => {
    const dir = freshFolder();
    const warnings: string[] = [];
    const log = TensorBoardLog.create(dir, {
      startStep: 0,
      warn: (m) => warnings.push(m),
      now: clockFrom(1_765_000_000),
    });
    expect(readdirSync(dir)).toEqual([]); // nothing on disk before the first flush
    for (let k = 1; k <= 3; k++) log.addStep(step(k));
    log.addEvaluation({ step: 3, epoch: 0, time: 0.3, metrics: { loss: 0.7, accuracy: 0.75, perplexity: undefined } });
    await log.flush();
    log.addStep(step(4));
    await log.flush();

    expect(readdirSync(dir)).toEqual([log.path.split(/[\\/]/).pop()]);
    expect(log.path).toMatch(/events\.out\.tfevents\.1765000001\.[^.]+.*\.\d+\.\d+$/);
    const records = readEventFile(log.path);
    expect(records[0].event).toEqual({ wall_time: 1_765_000_001.5, file_version: 'brain.Event:2' });
    expect(records[1].event).toEqual({ wall_time: 1_765_000_001.5, step: 1, session_log: { status: 'START' } });
    expect(records.map((r) => r.event.step ?? 0)).toEqual([0, 1, 1, 2, 3, 3, 4]);
    expect(records.map((r) => r.event.wall_time)).toEqual([1, 1, 2, 3, 4, 5, 6].map((k) => 1_765_000_000 + 1.5 * k));
    const scalars = scalarsByTag(records);
    expect([...scalars.keys()]).toEqual([
      'train/loss',
      'train/lr',
      'train/grad_norm',
      'validation/loss',
      'validation/accuracy',
    ]);
    // simple_value is a float: the values are the records' rounded to float32.
    expect(scalars.get('train/loss')).toEqual([1, 2, 3, 4].map((k) => [k, Math.fround(1 / k)]));
    expect(scalars.get('train/lr')).toEqual([1, 2, 3, 4].map((k) => [k, Math.fround(0.01 * k)]));
    expect(scalars.get('train/grad_norm')).toEqual([1, 2, 3, 4].map((k) => [k, 2 + k]));
    expect(scalars.get('validation/loss')).toEqual([[3, Math.fround(0.7)]]);
    expect(scalars.get('validation/accuracy')).toEqual([[3, 0.75]]);
    // What a step costs on disk: 16 bytes of framing around a 73-byte event (wall_time 9, step 2, the
    // summary 62: three tags and floats); a step of 128 to 16 383 takes one byte more.
    expect(records[2].bytes).toBe(89);
    expect(warnings).toEqual([]);
  });

  it('opens a resumed session’s file with a START at its first step, so TensorBoard drops the earlier file’s points from there', async () => {
    const dir = freshFolder();
    const first = TensorBoardLog.create(dir, { startStep: 0, warn: () => undefined, now: clockFrom(1_765_000_000) });
    for (let k = 1; k <= 5; k++) first.addStep(step(k));
    await first.flush();
    const resumed = TensorBoardLog.create(dir, { startStep: 3, warn: () => undefined, now: clockFrom(1_765_000_100) });
    for (let k = 4; k <= 6; k++) resumed.addStep(step(k));
    await resumed.flush();

    expect(readdirSync(dir).sort()).toEqual([first.path, resumed.path].map((p) => p.split(/[\\/]/).pop()).sort());
    const records = readEventFile(resumed.path);
    expect(records[0].event.file_version).toBe('brain.Event:2');
    expect(records[1].event).toEqual({ wall_time: 1_765_000_101.5, step: 4, session_log: { status: 'START' } });
    expect(
      scalarsByTag(records)
        .get('train/loss')!
        .map(([s]) => s),
    ).toEqual([4, 5, 6]);
    // Steps 4 and 5 of the first session (trained again after the resume) give way to the second's.
    const shown = scalarsAsTensorBoardShows([first.path, resumed.path].map(readEventFile));
    expect(shown.get('train/loss')).toEqual([1, 2, 3, 4, 5, 6].map((k) => [k, Math.fround(1 / k)]));
  });

  it('a write that fails warns once and stops the file, without throwing', async () => {
    const dir = freshFolder();
    const warnings: string[] = [];
    const log = TensorBoardLog.create(dir, {
      startStep: 0,
      warn: (m) => warnings.push(m),
      now: clockFrom(1_765_000_000),
    });
    mkdirSync(log.path); // the file's name taken by a folder: appending fails (EISDIR)
    log.addStep(step(1));
    await expect(log.flush()).resolves.toBeUndefined();
    expect(log.writing).toBe(false);
    log.addStep(step(2));
    log.addEvaluation({ step: 2, epoch: 0, time: 0.2, metrics: { loss: 0.5 } });
    await log.flush();
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/could not write TensorBoard events \(EISDIR\).*metrics\.csv is unaffected/);
    expect(readdirSync(log.path)).toEqual([]);
  });
});
