/**
 * Coalesces redraw requests: however many messages arrive, the callback runs at most once per animation
 * frame and at most once per `minIntervalMs` (100 ms ≈ 10 redraws a second), so live training stays
 * cheap to watch. A redraw that takes long (a run with hundreds of thousands of steps) stretches the
 * interval to `busyFactor` times its duration (up to `maxIntervalMs`), so streamed data never keeps the
 * page busy more than a fifth of the time; a user's own change (`request(true)`) is drawn at once.
 * While the page is hidden, animation frames pause and so do redraws; they resume (with everything that
 * arrived meanwhile) when it shows again.
 */

export interface SchedulerClock {
  now(): number;
  setTimeout(callback: () => void, ms: number): unknown;
  requestAnimationFrame(callback: () => void): unknown;
}

const browserClock: SchedulerClock = {
  now: () => performance.now(),
  setTimeout: (callback, ms) => setTimeout(callback, ms),
  requestAnimationFrame: (callback) => requestAnimationFrame(callback),
};

export class FrameScheduler {
  private pending = false;
  private lastRun = -Infinity;
  private lastDuration = 0;

  constructor(
    private readonly callback: () => void,
    private readonly minIntervalMs = 100,
    private readonly clock: SchedulerClock = browserClock,
    private readonly busyFactor = 5,
    private readonly maxIntervalMs = 1000,
  ) {}

  /** Asks for a redraw; `urgent` (the user changed something) skips the slow-redraw back-off. */
  request(urgent = false): void {
    if (this.pending && !urgent) return;
    const interval = urgent
      ? this.minIntervalMs
      : Math.min(this.maxIntervalMs, Math.max(this.minIntervalMs, this.lastDuration * this.busyFactor));
    // Already waiting (maybe backed off): an urgent request schedules an earlier run; whichever comes
    // first draws, the other finds nothing pending.
    this.pending = true;
    const wait = this.lastRun + interval - this.clock.now();
    if (wait > 0) this.clock.setTimeout(() => this.clock.requestAnimationFrame(() => this.runIfPending()), wait);
    else this.clock.requestAnimationFrame(() => this.runIfPending());
  }

  private runIfPending(): void {
    if (this.pending) this.run();
  }

  private run(): void {
    this.pending = false;
    this.lastRun = this.clock.now();
    try {
      this.callback();
    } finally {
      this.lastDuration = this.clock.now() - this.lastRun;
    }
  }
}
