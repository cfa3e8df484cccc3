/** Checks shared by the tasks' `checkConfig` (the common checks are in src/train/config.ts). */

import type { TrainingConfig } from '../protocol/training-config';

/** Throws naming the field unless it is an integer of at least `min`. */
export function requireInteger(config: TrainingConfig, name: keyof TrainingConfig, min: number): void {
  const v = config[name] as number;
  if (!Number.isInteger(v) || v < min) throw new Error(`${name} must be an integer ≥ ${min}, got ${v}`);
}

/** A model reading token ids has an embedding: its width must be set. */
export function checkTokenInputs(config: TrainingConfig): void {
  requireInteger(config, 'embeddingDim', 1);
}
