/**
 * The run's wall time, excluding pauses: seconds trained before this session (kept in the trainer's
 * position, so a resumed run continues its clock) plus the time since the clock last started.
 */

export class TrainingClock {
  private startedAt: number;

  constructor(
    private readonly position: { elapsedSeconds: number },
    private readonly now: () => number = () => performance.now(),
  ) {
    this.startedAt = now();
  }

  /** Seconds trained so far, this session included. */
  elapsed(): number {
    return this.position.elapsedSeconds + (this.now() - this.startedAt) / 1000;
  }

  /** Folds the running session into the position, so time paused is not counted. */
  stop(): void {
    this.position.elapsedSeconds = this.elapsed();
  }

  /** Starts counting again after `stop`. */
  restart(): void {
    this.startedAt = this.now();
  }
}
