/**
 * The training loop's helpers, each alone: the clock that skips pauses, progress throttling, checkpoint
 * timing, divergence detection, best tracking with early stopping, pause/stop handling, the data order
 * across epochs and resumes, the progress event.
 */

import { describe, expect, it } from 'vitest';
import type { EvaluationRecord } from '../../../src/protocol/training-events';
import { earlyStoppingReason, recordEvaluation, type BestState } from '../../../src/train/best-tracking';
import { CheckpointTimer } from '../../../src/train/checkpoint-timer';
import { TrainingControl } from '../../../src/train/control';
import {
  divergenceReason,
  explosionReason,
  noteStepLoss,
  recordExplosion,
  weightsSuspect,
  type ExplosionState,
} from '../../../src/train/divergence';
import { holdWhilePaused, stopReason } from '../../../src/train/pause-handling';
import { ProgressThrottle, progressEvent } from '../../../src/train/progress-throttle';
import { advanceEpoch, beginEpoch, countStep, epochTrainLoss, rewindForResume } from '../../../src/train/epoch-order';
import type { TrainBatcher } from '../../../src/data/batcher';
import { Random } from '../../../src/engine/random';
import type { TrainerPosition } from '../../../src/train/setup';
import { TrainingClock } from '../../../src/train/training-clock';

/** A clock the test moves by hand (milliseconds). */
function manualTime(start = 1000) {
  const time = { now: start };
  return { time, now: () => time.now };
}

const stepRecord = (step: number) => ({ step, epoch: 0, time: step, loss: 1, lr: 0.1, gradNorm: 1 });
const evaluation = (step: number, loss: number): EvaluationRecord => ({
  step,
  epoch: 0,
  time: step,
  metrics: { loss },
});

describe('TrainingClock', () => {
  it('adds the session to the seconds trained before, and stands still between stop and restart', () => {
    const { time, now } = manualTime();
    const position = { elapsedSeconds: 10 };
    const clock = new TrainingClock(position, now);
    time.now += 2500;
    expect(clock.elapsed()).toBe(12.5);
    clock.stop();
    expect(position.elapsedSeconds).toBe(12.5);
    time.now += 60_000; // paused for a minute
    clock.restart();
    time.now += 500;
    expect(clock.elapsed()).toBe(13);
  });
});

describe('ProgressThrottle', () => {
  it('sends at most one event per interval, with every step queued since the last', () => {
    const { time, now } = manualTime();
    const throttle = new ProgressThrottle(100, now);
    expect(throttle.take(false)).toBeNull(); // nothing to send
    throttle.add(stepRecord(1));
    expect(throttle.take(false)!.map((s) => s.step)).toEqual([1]);
    throttle.add(stepRecord(2));
    time.now += 50;
    throttle.add(stepRecord(3));
    expect(throttle.take(false)).toBeNull(); // too soon
    time.now += 50;
    expect(throttle.take(false)!.map((s) => s.step)).toEqual([2, 3]);
  });

  it('a forced event is always due, even with no steps', () => {
    const { now } = manualTime();
    const throttle = new ProgressThrottle(100, now);
    throttle.add(stepRecord(1));
    expect(throttle.take(true)!.map((s) => s.step)).toEqual([1]);
    expect(throttle.take(true)).toEqual([]);
  });

  it('an interval of 0 sends every step at once', () => {
    const { now } = manualTime();
    const throttle = new ProgressThrottle(0, now);
    for (let k = 1; k <= 3; k++) {
      throttle.add(stepRecord(k));
      expect(throttle.take(false)!.map((s) => s.step)).toEqual([k]);
    }
  });
});

describe('CheckpointTimer', () => {
  it('is due once more than the interval passed since the last save', () => {
    const { time, now } = manualTime();
    const timer = new CheckpointTimer(30, now);
    time.now += 30_000;
    expect(timer.due()).toBe(false);
    time.now += 1;
    expect(timer.due()).toBe(true);
    timer.saved();
    expect(timer.due()).toBe(false);
  });
});

describe('divergenceReason', () => {
  it('is null for a finite step and names the step, the cause and the learning rate otherwise', () => {
    expect(divergenceReason(0.7, 1.2, 5, 0.01)).toBeNull();
    expect(divergenceReason(NaN, 1, 5, 0.01)).toMatch(/diverged at step 5: the loss became NaN.*now 0\.01/);
    expect(divergenceReason(0.5, Infinity, 8, 0.1)).toMatch(/diverged at step 8: the gradient norm became Infinity/);
  });
});

describe('finite explosions', () => {
  it('the first step sets the starting loss; more than 10× it is exploded, 3 in a row fail the run', () => {
    const state: ExplosionState = {};
    noteStepLoss(state, 0.7);
    noteStepLoss(state, 0.1); // only the first step counts
    expect(state.startLoss).toBe(0.7);
    expect(recordExplosion(state, 6.9)).toBe(false); // below 10× 0.7
    expect(recordExplosion(state, 5e9)).toBe(true);
    expect(weightsSuspect(state)).toBe(true);
    expect(explosionReason(state, 5e9, 40, 1e6, false)).toBeNull(); // one is not yet enough
    expect(recordExplosion(state, 1)).toBe(false); // a sound evaluation resets the streak
    expect(weightsSuspect(state)).toBe(false);
    for (const loss of [2e5, Infinity, 5e12]) expect(recordExplosion(state, loss)).toBe(true);
    expect(explosionReason(state, 5e12, 90, 1e6, false)).toMatch(
      /diverged by step 90: the validation loss was 5\.00e\+12, more than 10× the starting loss \(0\.7000\), for 3 evaluations in a row.*now 1000000/,
    );
  });

  it('a run about to end fails on one exploded evaluation; without a starting loss only non-finite explodes', () => {
    const state: ExplosionState = { startLoss: 1 };
    recordExplosion(state, 11);
    expect(explosionReason(state, 11, 10, 0.5, true)).toMatch(/at the last evaluation/);
    const old: ExplosionState = {};
    expect(recordExplosion(old, 1e9)).toBe(false);
    expect(recordExplosion(old, NaN)).toBe(true);
  });
});

describe('best tracking', () => {
  it('an evaluation that exploded is never the best, even the first one', () => {
    const state: BestState = { best: null, evaluationsSinceBest: 0 };
    expect(recordEvaluation(state, evaluation(10, 1e9), 0, false)).toBe(false);
    expect(state.best).toBeNull();
    expect(state.evaluationsSinceBest).toBe(1);
  });

  it('a lower loss by more than minDelta is a new best; others count towards patience', () => {
    const state: BestState = { best: null, evaluationsSinceBest: 0 };
    expect(recordEvaluation(state, evaluation(10, 1.0), 0.01)).toBe(true);
    expect(recordEvaluation(state, evaluation(20, 0.995), 0.01)).toBe(false); // within minDelta
    expect(recordEvaluation(state, evaluation(30, NaN), 0.01)).toBe(false);
    expect(state).toEqual({ best: evaluation(10, 1.0), evaluationsSinceBest: 2 });
    expect(earlyStoppingReason(state, 3)).toBeNull();
    expect(earlyStoppingReason(state, 2)).toMatch(/early stopping: .* for 2 evaluations \(best at step 10\)/);
    expect(earlyStoppingReason(state, 0)).toBeNull(); // patience 0 = never
    expect(recordEvaluation(state, evaluation(40, 0.5), 0.01)).toBe(true);
    expect(state.evaluationsSinceBest).toBe(0);
  });
});

describe('pause handling', () => {
  it('does nothing unless a pause is requested', async () => {
    const control = new TrainingControl();
    const calls: string[] = [];
    await holdWhilePaused(control, new TrainingClock({ elapsedSeconds: 0 }), {
      onPause: async () => void calls.push('pause'),
      onResume: async () => void calls.push('resume'),
    });
    expect(calls).toEqual([]);
    expect(stopReason(control, 3)).toBeNull();
  });

  it('pauses (clock stopped) until resumed, bracketed by the hooks', async () => {
    const { time, now } = manualTime();
    const position = { elapsedSeconds: 0 };
    const clock = new TrainingClock(position, now);
    const control = new TrainingControl();
    const calls: string[] = [];
    control.pause();
    time.now += 1000;
    const held = holdWhilePaused(control, clock, {
      onPause: async () => void calls.push('pause'),
      onResume: async () => void calls.push('resume'),
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(calls).toEqual(['pause']);
    time.now += 60_000;
    control.resume();
    await held;
    expect(calls).toEqual(['pause', 'resume']);
    expect(clock.elapsed()).toBe(1); // the minute paused does not count
  });

  it('a stop during a pause ends it without resuming, and gives the stop reason', async () => {
    const control = new TrainingControl();
    const calls: string[] = [];
    control.pause();
    const held = holdWhilePaused(control, new TrainingClock({ elapsedSeconds: 0 }), {
      onPause: async () => void calls.push('pause'),
      onResume: async () => void calls.push('resume'),
    });
    await new Promise((resolve) => setTimeout(resolve, 5));
    control.stop();
    await held;
    expect(calls).toEqual(['pause']);
    expect(stopReason(control, 12)).toBe('stopped by the user at step 12');
  });
});

describe('progressEvent', () => {
  it('reports this session’s speed and the time left at that speed', () => {
    const event = progressEvent(
      { step: 30, epoch: 1, batchInEpoch: 5 },
      { stepsPerEpoch: 10, totalSteps: 50 },
      { startStep: 20, startSeconds: 100, samples: 320 },
      104,
      [stepRecord(30)],
    );
    expect(event).toEqual({
      type: 'progress',
      step: 30,
      epoch: 1,
      epochProgress: 0.5,
      totalSteps: 50,
      samplesPerSecond: 80,
      elapsedSeconds: 104,
      remainingSeconds: 8,
      steps: [stepRecord(30)],
    });
    expect(
      progressEvent(
        { step: 20, epoch: 0, batchInEpoch: 0 },
        { stepsPerEpoch: 10, totalSteps: 50 },
        { startStep: 20, startSeconds: 100, samples: 0 },
        100,
        [],
      ).remainingSeconds,
    ).toBeNull();
  });
});

/** A batcher whose epochs are shuffles of 0…n−1 drawn from the generator (each batch one index). */
function shuffleBatcher(n: number, rng: Random): TrainBatcher & { order: number[] } {
  let next = 0;
  const batcher = {
    batchSize: 1,
    examplesPerEpoch: n,
    batchesPerEpoch: n,
    order: [] as number[],
    startEpoch() {
      batcher.order = Array.from(rng.permutation(n));
      next = 0;
    },
    nextBatch() {
      return next < n ? ({ index: batcher.order[next++] } as never) : null;
    },
  };
  return batcher as never;
}

describe('epoch order', () => {
  function freshPosition(rng: Random): TrainerPosition {
    return {
      epoch: 0,
      batchInEpoch: 0,
      step: 0,
      epochStartDataRng: rng.getState(),
      dropoutRng: rng.getState(),
      epochLossSum: 0,
      epochLossCount: 0,
      elapsedSeconds: 0,
      best: null,
      evaluationsSinceBest: 0,
    };
  }

  it('a resumed run replays the epoch in progress: the same batches as without the stop', () => {
    const rng = new Random(7);
    const position = freshPosition(rng);
    const batcher = shuffleBatcher(8, rng);
    beginEpoch(position, batcher, rng);
    const order: number[] = [];
    for (let k = 0; k < 3; k++) {
      order.push((batcher.nextBatch() as unknown as { index: number }).index);
      countStep(position, 2 * (k + 1));
    }
    expect(position).toMatchObject({ step: 3, batchInEpoch: 3, epochLossSum: 12, epochLossCount: 3 });
    expect(epochTrainLoss(position)).toBe(4);
    const uninterrupted = [...batcher.order];

    // A new process: a fresh generator and batcher, rewound to the saved position.
    const rng2 = new Random(99);
    const batcher2 = shuffleBatcher(8, rng2);
    expect(rewindForResume({ ...position }, batcher2, rng2)).toBe(true);
    expect(batcher2.order).toEqual(uninterrupted);
    expect((batcher2.nextBatch() as unknown as { index: number }).index).toBe(uninterrupted[3]);
    expect(order).toEqual(uninterrupted.slice(0, 3));
  });

  it('at an epoch boundary, rewinding only restores the generator; advancing moves to the next epoch', () => {
    const rng = new Random(3);
    const position = freshPosition(rng);
    advanceEpoch(position, rng);
    expect(position).toMatchObject({ epoch: 1, batchInEpoch: 0 });
    const state = position.epochStartDataRng;
    const first = rng.uniform();
    const rng2 = new Random(5);
    expect(rewindForResume(position, shuffleBatcher(4, rng2), rng2)).toBe(false);
    expect(rng2.getState()).toEqual(state);
    expect(rng2.uniform()).toBe(first);
  });
});
