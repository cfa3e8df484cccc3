/** Preparing a classification dataset: labelled texts, a stratified split, a vocabulary fitted on the training part. */

import {
  ClassificationBatcher,
  classificationHead,
  classificationValidationBatches,
  classificationValidationUnits,
} from '../../data/batches';
import { encodeTexts } from '../../data/corpus';
import { failWith, ok, type Result } from '../../data/errors';
import { readLabelledExamples } from '../../data/labelled';
import type { ResolvedOptions, TaskPreparation } from '../../data/prepare';
import { classBalance, stratifiedSplit } from '../../data/split';
import { PAD_ID } from '../../data/vocabulary';
import type { TaskDetection } from '../task-training';

export function prepareClassification(
  file: string,
  _content: string,
  detection: TaskDetection,
  options: ResolvedOptions,
): Result<TaskPreparation> {
  const { text, label } = detection.columns;
  if (!detection.table || !text || !label)
    return failWith(file, 'classification needs a text column and a label column');
  const read = readLabelledExamples(detection.table, { text, label }, file);
  if (!read.ok) return read;
  const examples = read.value;
  const numClasses = examples.classes.length;
  const split = stratifiedSplit(examples.labels, numClasses, options.validationFraction, options.seed);
  const encoded = encodeTexts(examples.texts, split.train, { unit: options.tokenUnit, maxSize: options.maxVocabulary });
  const data = { ids: encoded.ids, offsets: encoded.offsets, labels: examples.labels };
  const head = classificationHead(numClasses);
  const train = classBalance(examples.labels, examples.classes, split.train);
  const validation = classBalance(examples.labels, examples.classes, split.validation);
  const warnings = [...examples.warnings];
  const single = train.filter((c, i) => c.count === 1 && validation[i].count === 0).map((c) => `'${c.label}'`);
  if (single.length > 0)
    warnings.push(`class ${single.join(', ')} has a single example; it stays in training and is never validated`);
  const { truncationKeeps } = options;
  return ok({
    numClasses,
    inputSize: 0,
    model: {
      vocabSize: encoded.vocab.size,
      inputSize: 0,
      outputSize: head.outputSize,
      loss: head.loss,
      headOn: 'last',
      paddingIdx: PAD_ID,
    },
    summary: {
      sizes: {
        unit: 'examples',
        total: examples.texts.length,
        train: split.train.length,
        validation: split.validation.length,
      },
      classBalance: { train, validation },
      vocabularySize: encoded.vocab.size,
      sequenceLengths: lengthStatistics(encoded.offsets),
      warnings,
    },
    checkpoint: {
      dataset: { classes: examples.classes, tokenUnit: options.tokenUnit, truncationKeeps },
      vocab: encoded.vocab.toJSON(),
      normalization: null,
    },
    makeTrainBatcher: (batchSize, seqLen, random) =>
      new ClassificationBatcher(data, split.train, batchSize, seqLen, random, truncationKeeps),
    makeValidationBatches: (batchSize, seqLen) =>
      classificationValidationBatches(data, split.validation, batchSize, seqLen, truncationKeeps),
    validationUnits: (seqLen) => classificationValidationUnits(data, split.validation, seqLen, truncationKeeps),
  });
}

/** Mean, 95th percentile and maximum tokens per text. */
function lengthStatistics(offsets: Int32Array): { mean: number; p95: number; max: number } {
  const n = offsets.length - 1;
  const lengths = new Int32Array(n);
  for (let i = 0; i < n; i++) lengths[i] = offsets[i + 1] - offsets[i];
  lengths.sort();
  const mean = n === 0 ? 0 : offsets[n] / n;
  return {
    mean,
    p95: n === 0 ? 0 : lengths[Math.min(n - 1, Math.ceil(0.95 * n) - 1)],
    max: n === 0 ? 0 : lengths[n - 1],
  };
}
