/**
 * Learning-rate schedules, as functions of the optimizer step (0-based): PyTorch's StepLR and
 * CosineAnnealingLR (without restarts) evaluated per step instead of per epoch, plus an optional linear
 * warm-up.
 */

export type LearningRateSchedule =
  | { kind: 'constant' }
  /** lr · gamma^⌊step / stepSize⌋ */
  | { kind: 'step'; stepSize: number; gamma: number }
  /** minLr + (lr − minLr)·(1 + cos(π·step/totalSteps))/2, then minLr */
  | { kind: 'cosine'; totalSteps: number; minLr?: number };

export function learningRateAt(schedule: LearningRateSchedule, baseLr: number, step: number, warmupSteps = 0): number {
  const warm = warmupSteps > 0 && step < warmupSteps ? (step + 1) / warmupSteps : 1;
  switch (schedule.kind) {
    case 'constant':
      return baseLr * warm;
    case 'step':
      return baseLr * schedule.gamma ** Math.floor(step / Math.max(1, schedule.stepSize)) * warm;
    case 'cosine': {
      const minLr = schedule.minLr ?? 0;
      const progress = Math.min(1, step / Math.max(1, schedule.totalSteps));
      return (minLr + ((baseLr - minLr) * (1 + Math.cos(Math.PI * progress))) / 2) * warm;
    }
  }
}

/**
 * The teacher-forcing share at optimizer step `step` (0-based) of `totalSteps`: `start`, or, with an
 * `end`, linearly from `start` at the first step to `end` at the last.
 */
export function teacherForcingAt(start: number, end: number | undefined, step: number, totalSteps: number): number {
  if (end === undefined) return start;
  const progress = totalSteps > 1 ? Math.min(1, step / (totalSteps - 1)) : 1;
  return start + (end - start) * progress;
}
