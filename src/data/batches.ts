/**
 * Datasets → engine batches (`src/engine/batch.ts`). One batcher per task, all behind `TrainBatcher`:
 * the training loop asks for `nextBatch()` thousands of times, so the arrays are allocated once and
 * reused (a batch is valid until the next call). Validation is counted in units (windows, examples)
 * that stream one batch at a time (`*ValidationUnits`; which units: validation-sample.ts).
 */

import type { LossKind } from '../engine/config';

export { checkBatchArguments, type TargetBatch, type TrainBatcher } from './batcher';
export {
  ClassificationBatcher,
  classificationValidationBatches,
  classificationValidationUnits,
  type TokenSequences,
} from './batch-classification';
export {
  ForecastBatcher,
  forecastValidationBatches,
  forecastValidationUnits,
  type NormalizedSeries,
} from './batch-forecasting';
export {
  LanguageModelBatcher,
  languageModelValidationBatches,
  languageModelValidationBatchStream,
  languageModelValidationUnits,
} from './batch-language-model';
export type { ValidationUnits } from './validation-sample';
export {
  StatefulLanguageModelBatcher,
  StatefulLanguageModelValidation,
  type StatefulBatch,
  type StatefulTrainBatcher,
} from './batch-stateful-language-model';

/**
 * The head for `numClasses` classes: two classes → one logit with sigmoid binary cross-entropy (targets
 * 0/1), more → one logit per class with softmax cross-entropy (targets are class ids either way).
 */
export function classificationHead(numClasses: number): {
  loss: Extract<LossKind, 'bce' | 'softmax-ce'>;
  outputSize: number;
} {
  if (!Number.isInteger(numClasses) || numClasses < 2)
    throw new Error(`classification needs at least 2 classes, got ${numClasses}`);
  return numClasses === 2 ? { loss: 'bce', outputSize: 1 } : { loss: 'softmax-ce', outputSize: numClasses };
}
