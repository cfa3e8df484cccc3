import { describe, expect, it } from 'vitest';
import {
  SweepScheduler,
  type SweepSchedulerEvent,
  type TrialEnd,
  type TrialHandle,
} from '../../../src/protocol/sweep-scheduler';

/** A fake trial starter: each started trial waits until the test ends it (or it is asked to stop). */
class FakeTrials {
  readonly started: number[] = [];
  readonly stopAsked: number[] = [];
  private readonly endings = new Map<number, (end: TrialEnd) => void>();
  running = 0;
  mostAtOnce = 0;

  start = (index: number): TrialHandle => {
    this.started.push(index);
    this.running++;
    this.mostAtOnce = Math.max(this.mostAtOnce, this.running);
    const ended = new Promise<TrialEnd>((resolve) => this.endings.set(index, resolve));
    void ended.then(() => this.running--);
    return { ended, stop: () => (this.stopAsked.push(index), this.end(index, 'stopped')) };
  };

  end(index: number, status: TrialEnd['status'] = 'finished'): void {
    this.endings.get(index)?.({ status });
    this.endings.delete(index);
  }

  runningIndices(): number[] {
    return [...this.endings.keys()];
  }
}

/** Lets the promise callbacks queued so far run. */
const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SweepScheduler', () => {
  it('never runs more than N at once, starts the next as one ends, in order, and completes all', async () => {
    const fake = new FakeTrials();
    const scheduler = new SweepScheduler(5, 2, fake.start);
    const done = scheduler.run();
    await settle();
    expect(fake.started).toEqual([0, 1]);
    expect(scheduler.progress()).toMatchObject({ total: 5, queued: 3, running: 2, done: 0 });
    fake.end(1);
    await settle();
    expect(fake.started).toEqual([0, 1, 2]);
    // End whichever run, as they come, until all are done.
    while (fake.runningIndices().length > 0) {
      fake.end(fake.runningIndices()[0]);
      await settle();
    }
    expect(await done).toEqual(['finished', 'finished', 'finished', 'finished', 'finished']);
    expect(fake.mostAtOnce).toBe(2);
    expect(fake.started).toEqual([0, 1, 2, 3, 4]);
    expect(scheduler.progress()).toMatchObject({ queued: 0, running: 0, done: 5, failed: 0 });
  });

  it('stop: queued trials never start, running ones are asked to stop, run() resolves once they end', async () => {
    const fake = new FakeTrials();
    const scheduler = new SweepScheduler(4, 2, fake.start);
    const events: SweepSchedulerEvent[] = [];
    scheduler.onEvent((e) => events.push(e));
    const done = scheduler.run();
    await settle();
    scheduler.stop();
    expect(await done).toEqual(['stopped', 'stopped', 'skipped', 'skipped']);
    expect(fake.started).toEqual([0, 1]);
    expect(fake.stopAsked.sort()).toEqual([0, 1]);
    expect(events.filter((e) => e.type === 'trial-started').map((e) => e.index)).toEqual([0, 1]);
    expect(events.filter((e) => e.type === 'trial-ended').map((e) => e.index)).toEqual([2, 3, 0, 1]);
  });

  it('stops a trial whose start was still under way when the sweep stopped', async () => {
    const fake = new FakeTrials();
    let releaseStart!: () => void;
    const slowStart = new Promise<void>((resolve) => (releaseStart = resolve));
    const scheduler = new SweepScheduler(2, 1, async (index) => {
      await slowStart;
      return fake.start(index);
    });
    const done = scheduler.run();
    scheduler.stop();
    releaseStart();
    expect(await done).toEqual(['stopped', 'skipped']);
    expect(fake.stopAsked).toEqual([0]);
  });

  it('counts a start that throws as a failed trial and goes on with the next', async () => {
    const fake = new FakeTrials();
    const scheduler = new SweepScheduler(3, 1, (index) => {
      if (index === 1) throw new Error('no such column');
      return fake.start(index);
    });
    const events: SweepSchedulerEvent[] = [];
    scheduler.onEvent((e) => events.push(e));
    const done = scheduler.run();
    await settle();
    fake.end(0);
    await settle();
    fake.end(2, 'failed');
    expect(await done).toEqual(['finished', 'failed', 'failed']);
    expect(events).toContainEqual({ type: 'trial-ended', index: 1, status: 'failed', message: 'no such column' });
    expect(scheduler.progress().failed).toBe(2);
  });

  it('ends at once with no trials, and refuses a concurrency below 1', async () => {
    expect(await new SweepScheduler(0, 2, () => new FakeTrials().start(0)).run()).toEqual([]);
    expect(() => new SweepScheduler(3, 0, () => new FakeTrials().start(0))).toThrow(/at least 1 trial at once/);
  });
});
