import { describe, expect, it } from 'vitest';
import { SweepQueue, type TrialRun, type TrialRunEnd } from '../../../src/extension/sweep-queue';
import { SWEEP_FORMAT, type SweepSpec } from '../../../src/protocol/sweep';
import { planSweepRuns } from '../../../src/protocol/sweep-expansion';
import type { RunSummary } from '../../../src/protocol/training-events';
import type { StartTrainingRequest } from '../../../src/protocol/worker-messages';

const spec: SweepSpec = {
  format: SWEEP_FORMAT,
  name: 'lr × hidden',
  base: {
    format: 'lstm-studio-config/1',
    dataset: 'reviews.csv',
    task: 'classify',
    columns: { textColumn: 'body_html', labelColumn: 'verdict' },
    settings: { maxSteps: 20 },
  },
  parameters: { lr: { values: [0.01, 0.003] }, hiddenSize: { values: [16, 32] } },
  method: 'grid',
  maxConcurrent: 2,
};

function plan(cores = 8) {
  return planSweepRuns(spec, {
    datasetFileName: 'reviews.csv',
    cores,
    now: new Date(2026, 11, 7, 2, 0, 0),
    randomHex: 'c0de',
  });
}

/** A fake RunManager: each started run waits until the test finishes it (or the queue stops it). */
class FakeRuns {
  readonly requests: StartTrainingRequest[] = [];
  readonly stopped: number[] = [];
  private readonly endings = new Map<number, (end: TrialRunEnd) => void>();
  mostAtOnce = 0;

  start = (request: StartTrainingRequest, index: number): TrialRun => {
    this.requests.push(request);
    const ended = new Promise<TrialRunEnd>((resolve) => this.endings.set(index, resolve));
    this.mostAtOnce = Math.max(this.mostAtOnce, this.endings.size);
    return { ended, stop: () => (this.stopped.push(index), this.finish(index, 'stopped')) };
  };

  finish(index: number, status: RunSummary['status'] = 'finished', accuracy = 0.5 + index / 10): void {
    const summary: RunSummary = {
      runDir: `/runs/trial-${index}`,
      status,
      steps: 20,
      epochs: 1,
      seconds: 1.5,
      final: { loss: 0.6, accuracy },
      best: null,
    };
    this.endings.get(index)?.({ summary });
    this.endings.delete(index);
  }

  fail(index: number, message: string): void {
    this.endings.get(index)?.({ failure: message, runDir: `/runs/trial-${index}` });
    this.endings.delete(index);
  }

  running(): number[] {
    return [...this.endings.keys()];
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('SweepQueue', () => {
  it('trains every trial, at most maxConcurrent at once, each request carrying its settings and membership', async () => {
    const runs = new FakeRuns();
    const queue = new SweepQueue(plan(), '/data/reviews.csv', '/work/.lstm-studio/runs', runs.start);
    const changes: string[] = [];
    queue.onDidChange(() => changes.push(queue.statusLine()));
    const done = queue.run();
    await settle();
    expect(runs.running()).toEqual([0, 1]);
    expect(queue.statusLine()).toBe('Sweep lr × hidden: 0 of 4 done, 2 training');
    runs.finish(0);
    await settle();
    expect(queue.statusLine()).toBe('Sweep lr × hidden: 1 of 4 done, 2 training');
    runs.fail(1, 'no column body_html');
    await settle();
    while (runs.running().length > 0) {
      runs.finish(runs.running()[0]);
      await settle();
    }
    const results = await done;
    expect(runs.mostAtOnce).toBe(2);
    expect(results.map((r) => r.status)).toEqual(['finished', 'failed', 'finished', 'finished']);
    expect(results[1]).toMatchObject({ message: 'no column body_html', runDir: '/runs/trial-1' });
    expect(results[3]).toMatchObject({ runDir: '/runs/trial-3', steps: 20, final: { accuracy: 0.8 } });
    expect(queue.statusLine()).toBe('Sweep lr × hidden: 4 of 4 done, 0 training, 1 failed');
    expect(changes.length).toBe(8); // a start and an end per trial

    const last = runs.requests[3];
    expect(last).toEqual({
      datasetPath: '/data/reviews.csv',
      runsRoot: '/work/.lstm-studio/runs',
      config: { maxSteps: 20, epochs: 1_000_000, lr: 0.003, hiddenSize: 32, threads: 1 },
      dataset: { task: 'classification', textColumn: 'body_html', labelColumn: 'verdict' },
      sweep: {
        id: 'sweep-20261207-020000-c0de',
        name: 'lr × hidden',
        index: 3,
        count: 4,
        swept: { lr: 0.003, hiddenSize: 32 },
      },
    });
  });

  it('stop: queued trials never start, running ones are stopped, run() resolves', async () => {
    const runs = new FakeRuns();
    const queue = new SweepQueue(plan(), '/data/reviews.csv', '/runs', runs.start);
    const done = queue.run();
    await settle();
    queue.stop();
    expect(queue.progress().stopping).toBe(true);
    const results = await done;
    expect(runs.requests).toHaveLength(2);
    expect(runs.stopped.sort()).toEqual([0, 1]);
    expect(results.map((r) => r.status)).toEqual(['stopped', 'stopped', 'skipped', 'skipped']);
  });

  it('one machine core: one trial at a time, on automatic threads', async () => {
    const runs = new FakeRuns();
    const oneCore = planSweepRuns(
      { ...spec, maxConcurrent: undefined },
      {
        datasetFileName: 'reviews.csv',
        cores: 1,
        now: new Date(),
        randomHex: '0000',
      },
    );
    expect(oneCore.concurrency).toBe(1);
    const queue = new SweepQueue(oneCore, '/d.csv', '/runs', runs.start);
    const done = queue.run();
    for (let i = 0; i < 4; i++) {
      await settle();
      expect(runs.running()).toEqual([i]);
      runs.finish(i);
    }
    await done;
    expect(runs.requests.every((r) => r.config.threads === undefined)).toBe(true);
  });
});
