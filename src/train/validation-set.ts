/**
 * What a run's evaluations score: the whole validation split, or — by default, when the split is larger
 * — a fixed sample of its units (src/data/validation-sample.ts), streamed one batch at a time. The
 * sample depends only on the run's config (its seed, `seqLen`, `validationMax`, `fullValidation`) and
 * its data, all stored in run.json, so every evaluation of a run and of the run resumed scores the same
 * units; it has its own generator, so the data order and dropout masks are what they were without it.
 */

import type { TargetBatch } from '../data/batcher';
import type { PreparedDataset } from '../data/prepared-dataset';
import { chooseValidationSample } from '../data/validation-sample';
import type { ValidationScope } from '../protocol/run-manifest';
import type { TrainingConfig } from './config';
import { deriveSeed } from './setup';

/**
 * The automatic bound: about a million steps read per evaluation (for a language model, a million
 * target characters). A deterministic count rather than a time budget, so two machines evaluate the
 * same units and a run's curve does not depend on the load; the whole 10 MB validation split of a
 * 100 MB text took 69 s on two cores (about 145 000 characters a second), so this is about a tenth.
 */
export const AUTOMATIC_VALIDATION_STEPS = 1_048_576;

/** The random stream of the sample (`deriveSeed`: 0 weights, 1 data order, 2 dropout). */
const VALIDATION_SAMPLE_STREAM = 3;

export interface ValidationSet {
  /** What each evaluation scores; null when the split is empty (nothing is evaluated). */
  scope: ValidationScope | null;
  /** The batches of one evaluation, drawn one at a time (each valid until the next). */
  batches(): Iterable<TargetBatch>;
}

/** The most units an evaluation scores under `config` (Infinity with `fullValidation`). */
export function validationBound(config: Pick<TrainingConfig, 'validationMax' | 'fullValidation' | 'seqLen'>): number {
  if (config.fullValidation) return Infinity;
  if (config.validationMax > 0) return config.validationMax;
  return Math.max(1, Math.floor(AUTOMATIC_VALIDATION_STEPS / config.seqLen));
}

export function validationSetFor(
  prepared: Pick<PreparedDataset, 'makeValidationBatches' | 'validationUnits'>,
  config: Pick<TrainingConfig, 'validationMax' | 'fullValidation' | 'seqLen' | 'batchSize' | 'seed'>,
): ValidationSet {
  const { batchSize, seqLen } = config;
  if (!prepared.validationUnits) return wholeFromBatches(prepared.makeValidationBatches(batchSize, seqLen));
  const units = prepared.validationUnits(seqLen);
  if (units.count === 0) return { scope: null, batches: () => [] };
  const bound = validationBound(config);
  const chosen =
    bound >= units.count
      ? null
      : chooseValidationSample(units.count, bound, deriveSeed(config.seed, VALIDATION_SAMPLE_STREAM));
  return {
    scope: {
      units: chosen === null ? units.count : chosen.length,
      total: units.count,
      unit: units.unit,
      sampled: chosen !== null,
    },
    batches: () => units.batches(batchSize, chosen),
  };
}

/** A task that only builds its batches whole (no `validationUnits`) is validated whole, as before. */
function wholeFromBatches(batches: TargetBatch[]): ValidationSet {
  const examples = batches.reduce((sum, batch) => sum + batch.batchSize, 0);
  return {
    scope: examples === 0 ? null : { units: examples, total: examples, unit: 'examples', sampled: false },
    batches: () => batches,
  };
}
