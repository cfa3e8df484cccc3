/**
 * The queue a sweep's runs go through: at most `maxConcurrent` trials at once, the next started as soon as
 * one ends, in the expansion's order; `stop` keeps the queued ones from starting and stops the running
 * ones. Who starts a trial is given (`TrialStarter`: a worker job in the CLI, `RunManager.start` in the
 * extension), so the scheduling is the same in both and a test drives it with a fake. Pure: no Node, no
 * vscode — the CLI and the extension host may both import it (they may not import each other).
 */

/** How a trial ended. `skipped`: it never started (the sweep was stopped first). */
export type TrialStatus = 'finished' | 'stopped' | 'failed' | 'skipped';

export interface TrialEnd {
  status: Exclude<TrialStatus, 'skipped'>;
  /** Why it failed (or stopped early), in words. */
  message?: string;
}

/** A started trial: how it ends, and a way to ask it to stop cleanly (its last checkpoint saved). */
export interface TrialHandle {
  readonly ended: Promise<TrialEnd>;
  stop(): void;
}

/** Starts trial `index` (a rejected start counts as a failed trial; the sweep goes on). */
export type TrialStarter = (index: number) => TrialHandle | Promise<TrialHandle>;

export interface SweepProgress {
  total: number;
  /** Not started yet. */
  queued: number;
  running: number;
  /** Ended, however (finished, stopped, failed, skipped). */
  done: number;
  failed: number;
  stopping: boolean;
}

export type SweepSchedulerEvent =
  | { type: 'trial-started'; index: number }
  | { type: 'trial-ended'; index: number; status: TrialStatus; message?: string };

export class SweepScheduler {
  private readonly statuses: (TrialStatus | 'queued' | 'running')[];
  private readonly running = new Map<number, TrialHandle | null>();
  private next = 0;
  private stopping = false;
  private started = false;
  private finish!: (statuses: TrialStatus[]) => void;
  private readonly whenDone = new Promise<TrialStatus[]>((resolve) => (this.finish = resolve));
  private readonly listeners: ((event: SweepSchedulerEvent) => void)[] = [];

  constructor(
    total: number,
    private readonly maxConcurrent: number,
    private readonly start: TrialStarter,
  ) {
    if (!Number.isInteger(maxConcurrent) || maxConcurrent < 1)
      throw new Error(`a sweep runs at least 1 trial at once, got ${maxConcurrent}`);
    this.statuses = new Array(total).fill('queued');
  }

  onEvent(listener: (event: SweepSchedulerEvent) => void): void {
    this.listeners.push(listener);
  }

  /** Starts the first trials; resolves with every trial's status once none runs and none will start. */
  run(): Promise<TrialStatus[]> {
    if (!this.started) {
      this.started = true;
      this.fill();
    }
    return this.whenDone;
  }

  /** Queued trials never start; running ones are asked to stop. `run()` resolves once they have ended. */
  stop(): void {
    if (this.stopping) return;
    this.stopping = true;
    for (let index = this.next; index < this.statuses.length; index++) this.end(index, 'skipped');
    this.next = this.statuses.length;
    for (const handle of this.running.values()) handle?.stop(); // a trial still starting is stopped once it has
    this.settleIfDone();
  }

  progress(): SweepProgress {
    const count = (status: string) => this.statuses.filter((s) => s === status).length;
    return {
      total: this.statuses.length,
      queued: count('queued'),
      running: this.running.size,
      done: this.statuses.length - count('queued') - count('running'),
      failed: count('failed'),
      stopping: this.stopping,
    };
  }

  private fill(): void {
    while (!this.stopping && this.running.size < this.maxConcurrent && this.next < this.statuses.length)
      void this.launch(this.next++);
    this.settleIfDone();
  }

  private async launch(index: number): Promise<void> {
    this.statuses[index] = 'running';
    this.running.set(index, null);
    this.emit({ type: 'trial-started', index });
    let end: TrialEnd;
    try {
      const handle = await this.start(index);
      this.running.set(index, handle);
      if (this.stopping) handle.stop();
      end = await handle.ended;
    } catch (error) {
      end = { status: 'failed', message: error instanceof Error ? error.message : String(error) };
    }
    this.running.delete(index);
    this.end(index, end.status, end.message);
    this.fill();
  }

  private end(index: number, status: TrialStatus, message?: string): void {
    this.statuses[index] = status;
    this.emit({ type: 'trial-ended', index, status, ...(message !== undefined ? { message } : {}) });
  }

  private settleIfDone(): void {
    if (this.running.size === 0 && this.next >= this.statuses.length) this.finish(this.statuses as TrialStatus[]);
  }

  private emit(event: SweepSchedulerEvent): void {
    for (const listener of this.listeners) listener(event);
  }
}
