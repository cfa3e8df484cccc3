/**
 * Throttles progress events to one per interval while keeping every step: steps queue here and leave
 * together with the next event that is due (or forced, before an evaluation, a pause or the end).
 */

import type { ProgressEvent, StepRecord } from '../protocol/training-events';

export class ProgressThrottle {
  private pending: StepRecord[] = [];
  private lastSent = 0;

  constructor(
    private readonly intervalMs: number,
    private readonly now: () => number = () => performance.now(),
  ) {}

  add(record: StepRecord): void {
    this.pending.push(record);
  }

  /**
   * The steps to send now, or null when no event is due: unforced, an event waits for the interval to
   * pass and for at least one step; forced, it is always due (possibly with no steps).
   */
  take(force: boolean): StepRecord[] | null {
    const t = this.now();
    if (!force && t - this.lastSent < this.intervalMs) return null;
    if (this.pending.length === 0 && !force) return null;
    this.lastSent = t;
    const steps = this.pending;
    this.pending = [];
    return steps;
  }
}

/** Where this session (since start or resume) began, and how many examples it trained: for speed and time left. */
export interface SessionCounters {
  startStep: number;
  startSeconds: number;
  samples: number;
}

/** The progress event at `position` carrying `steps`; speed and time left are this session's. */
export function progressEvent(
  position: { step: number; epoch: number; batchInEpoch: number },
  plan: { stepsPerEpoch: number; totalSteps: number },
  session: SessionCounters,
  elapsedSeconds: number,
  steps: StepRecord[],
): ProgressEvent {
  const seconds = elapsedSeconds - session.startSeconds;
  const done = position.step - session.startStep;
  return {
    type: 'progress',
    step: position.step,
    epoch: position.epoch,
    epochProgress: Math.min(1, position.batchInEpoch / plan.stepsPerEpoch),
    totalSteps: plan.totalSteps,
    samplesPerSecond: seconds > 0 ? session.samples / seconds : 0,
    elapsedSeconds,
    remainingSeconds: done > 0 ? ((plan.totalSteps - position.step) * seconds) / done : null,
    steps,
  };
}
