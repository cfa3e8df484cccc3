/**
 * Pause and stop between steps. A pause is bracketed by `onPause` (save, report) and `onResume`; the
 * run's clock stands still meanwhile. Stop wins over pause: a stop requested while paused ends the wait
 * and skips `onResume`.
 */

import type { TrainingControl } from './control';
import type { TrainingClock } from './training-clock';

export interface PauseHooks {
  onPause(): Promise<void>;
  onResume(): Promise<void>;
}

/** Waits out a requested pause (if any), keeping the clock stopped while it lasts. */
export async function holdWhilePaused(
  control: TrainingControl,
  clock: TrainingClock,
  hooks: PauseHooks,
): Promise<void> {
  if (!control.paused || control.stopRequested) return;
  await hooks.onPause();
  clock.stop();
  await control.waitWhilePaused();
  clock.restart();
  if (!control.stopRequested) await hooks.onResume();
}

/** The reason a user stop gives, or null while no stop is requested. */
export function stopReason(control: TrainingControl, step: number): string | null {
  return control.stopRequested ? `stopped by the user at step ${step}` : null;
}
