/**
 * Throttles progress events to one per interval while keeping every step: steps queue here and leave
 * together with the next event that is due (or forced, before an evaluation, a pause or the end).
 */

import type { StepRecord } from '../protocol/training-events';

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
