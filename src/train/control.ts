/**
 * Pause, resume and stop for a running training loop. The loop checks the flags between steps (it yields
 * to the event loop often enough for messages to arrive); pausing parks it on a promise.
 */

export class TrainingControl {
  private pausedFlag = false;
  private stopFlag = false;
  private wakeUp: (() => void) | null = null;

  get paused(): boolean {
    return this.pausedFlag;
  }

  get stopRequested(): boolean {
    return this.stopFlag;
  }

  pause(): void {
    this.pausedFlag = true;
  }

  resume(): void {
    this.pausedFlag = false;
    this.wake();
  }

  /** Stops at the next step boundary (after saving last.safetensors); also ends a pause. */
  stop(): void {
    this.stopFlag = true;
    this.wake();
  }

  /** Resolves when the run is resumed or stopped. */
  waitWhilePaused(): Promise<void> {
    if (!this.pausedFlag || this.stopFlag) return Promise.resolve();
    return new Promise((resolve) => {
      this.wakeUp = resolve;
    });
  }

  private wake(): void {
    const wake = this.wakeUp;
    this.wakeUp = null;
    wake?.();
  }
}
