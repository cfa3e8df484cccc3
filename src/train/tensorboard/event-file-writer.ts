/**
 * A run's TensorBoard event file, `events.out.tfevents.<unix seconds>.<host>.<pid>.<n>` in its run folder
 * beside metrics.csv, so `tensorboard --logdir .lstm-studio/runs` shows each run folder as one run. Each
 * training session (a run, then each resume) appends to a file of its own; TensorBoard reads them all.
 *
 * Records wait in memory until the next flush (the trainer flushes with metrics.csv: at least every
 * progress tick, at each evaluation and at the end), so memory holds at most the steps between two flushes.
 * The event file is a copy for another tool: a write that fails (a full disk, a removed folder) costs the
 * run its event file, never the run — one warning, then nothing more is written.
 */

import { appendFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join } from 'node:path';
import type { EvaluationRecord, StepRecord } from '../../protocol/run-records';
import { fileVersionEvent, scalarsEvent, sessionStartEvent } from './event-schema';
import { frameRecord } from './record-framing';
import { evaluationScalars, stepScalars } from './scalar-tags';

export interface TensorBoardLogOptions {
  /** The optimizer step the session starts from: 0, or a resumed run's checkpoint step. */
  startStep: number;
  /** Told once, with a message for the user, when a write fails (the log writes nothing after it). */
  warn: (message: string) => void;
  /** Seconds since the Unix epoch (default: the clock); tests pass their own. */
  now?: () => number;
}

/** The `<n>` of the file name: two sessions of one process in the same second get different files. */
let filesOpened = 0;

export function eventFileName(unixSeconds: number, host: string, pid: number, n: number): string {
  const seconds = String(Math.floor(unixSeconds)).padStart(10, '0');
  // A host name is a file name part here: nothing that could make it a path.
  const safeHost = host.replace(/[^\w.-]+/g, '_') || 'localhost';
  return `events.out.tfevents.${seconds}.${safeHost}.${pid}.${n}`;
}

export class TensorBoardLog {
  private pending: Uint8Array[] = [];
  private failed = false;
  /** The write in progress: a flush starts after it, so records reach the file in order. */
  private lastWrite: Promise<void> = Promise.resolve();
  private readonly now: () => number;

  private constructor(
    readonly path: string,
    private readonly options: TensorBoardLogOptions,
  ) {
    this.now = options.now ?? (() => Date.now() / 1000);
  }

  /** A session's event file in `runDir`; nothing touches the disk before the first flush. */
  static create(runDir: string, options: TensorBoardLogOptions): TensorBoardLog {
    const now = options.now?.() ?? Date.now() / 1000;
    const log = new TensorBoardLog(join(runDir, eventFileName(now, hostname(), process.pid, filesOpened++)), options);
    log.pending.push(frameRecord(fileVersionEvent(now)));
    // Every session opens with a START at the first step it writes, as TensorFlow's own sessions did:
    // TensorBoard ignores a run's first and, at a resume's, drops the earlier files' points from that
    // step on — the rows metrics.csv drops on resume, written again by this session.
    log.pending.push(frameRecord(sessionStartEvent(now, options.startStep + 1)));
    return log;
  }

  /** False once a write has failed. */
  get writing(): boolean {
    return !this.failed;
  }

  addStep(record: StepRecord): void {
    if (!this.failed) this.pending.push(frameRecord(scalarsEvent(this.now(), record.step, stepScalars(record))));
  }

  addEvaluation(record: EvaluationRecord): void {
    const scalars = evaluationScalars(record);
    if (!this.failed && scalars.length > 0)
      this.pending.push(frameRecord(scalarsEvent(this.now(), record.step, scalars)));
  }

  /** Appends the records gathered since the last flush in one write. Never throws. */
  flush(): Promise<void> {
    if (this.failed || this.pending.length === 0) return this.lastWrite;
    const bytes = Buffer.concat(this.pending);
    this.pending = [];
    this.lastWrite = this.lastWrite.then(() => this.write(bytes));
    return this.lastWrite;
  }

  private async write(bytes: Uint8Array): Promise<void> {
    if (this.failed) return;
    try {
      await appendFile(this.path, bytes);
    } catch (error) {
      this.failed = true;
      this.pending = [];
      const code = (error as NodeJS.ErrnoException).code ?? (error as Error).message;
      this.options.warn(
        `${this.path}: could not write TensorBoard events (${code}); this run writes no more of them (metrics.csv is unaffected)`,
      );
    }
  }
}
