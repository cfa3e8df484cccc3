/**
 * The config of a resumed run: what the user asked for again is applied when it can change mid-run (how
 * long, how fast, how often it validates, on how many threads), and refused, naming the flag, when it
 * would change the model, the data or the random streams the checkpoint was made with — rather than
 * silently ignored.
 */

import type { TrainingConfig } from './config';

/** Settings a resumed run may change. */
const CHANGEABLE = new Set<keyof TrainingConfig>([
  'epochs',
  'maxSteps',
  'patience',
  'minDelta',
  'restoreBest',
  'lr',
  'clipNorm',
  'schedule',
  'warmupSteps',
  'validateEverySteps',
  'checkpointEverySeconds',
  'threads',
  'kernelBackend',
]);

/** The `lstm-studio train` flag of a config key, for messages (the key itself when it has none). */
const FLAG_OF: Partial<Record<keyof TrainingConfig, string>> = {
  preset: '--preset',
  batchSize: '--batch-size',
  seqLen: '--seq-len',
  hiddenSize: '--hidden',
  numLayers: '--layers',
  cell: '--cell',
  bidirectional: '--bidirectional',
  projSize: '--proj-size',
  embeddingDim: '--embedding',
  dropout: '--dropout',
  init: '--init',
  optimizer: '--optimizer',
  seed: '--seed',
  validationMax: '--validation-max',
  fullValidation: '--full-validation',
  stateful: '--stateful',
};

/**
 * `stored` with `requested`'s changeable settings applied (undefined ones are not requested). Throws,
 * naming every flag, when a setting that cannot change asks for a value other than the stored one.
 */
export function resumeConfig(
  stored: TrainingConfig,
  requested: Partial<TrainingConfig>,
  runDir: string,
): TrainingConfig {
  const next: TrainingConfig = { ...storedWithValidation(stored) };
  const refused: string[] = [];
  for (const key of Object.keys(requested) as (keyof TrainingConfig)[]) {
    const value = requested[key];
    if (value === undefined || JSON.stringify(value) === JSON.stringify(next[key])) continue;
    if (CHANGEABLE.has(key)) (next as unknown as Record<string, unknown>)[key] = value;
    else refused.push(`${FLAG_OF[key] ?? key} (${JSON.stringify(value)}; the run has ${JSON.stringify(next[key])})`);
  }
  if (refused.length > 0)
    throw new Error(
      `${runDir}: a resumed run keeps its model, data and seed; cannot change ${refused.join(', ')}. ` +
        `Start a new run for these; epochs, steps, patience, lr, clip, schedule, validate-every and threads can change.`,
    );
  return next;
}

/**
 * A run stored before validation could be sampled scored its whole split at every evaluation; it goes
 * on doing so, so its curve stays one curve. The sample's settings are not changeable on resume for the
 * same reason.
 */
function storedWithValidation(stored: TrainingConfig): TrainingConfig {
  if (stored.fullValidation !== undefined) return stored;
  return { ...stored, validationMax: stored.validationMax ?? 0, fullValidation: true };
}
