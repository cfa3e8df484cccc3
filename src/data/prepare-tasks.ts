/** The task-specific half of prepareDataset: one function per task, each from a detection onwards. */

import {
  ClassificationBatcher,
  classificationHead,
  classificationValidationBatches,
  ForecastBatcher,
  forecastValidationBatches,
  LanguageModelBatcher,
  languageModelValidationBatches,
} from './batches';
import { encodeCharCorpus } from './char-corpus';
import { encodeTexts } from './corpus';
import type { Detection } from './detect';
import { failWith, ok, type Result } from './errors';
import { readLabelledExamples } from './labelled';
import { applyZScore, fitZScore } from './normalize';
import type { ResolvedOptions, TaskPreparation } from './prepared-dataset';
import { readSeries } from './series';
import { classBalance, stratifiedSplit, tailSplit } from './split';
import { PAD_ID, UNK_ID } from './vocabulary';

export function prepareLanguageModel(file: string, content: string, detection: Detection, options: ResolvedOptions): Result<TaskPreparation> {
  const column = detection.columns.text;
  const table = detection.table;
  const text = column && table ? table.rows.map((row) => row[table.columns.indexOf(column)]).join('\n') : content;
  const corpus = encodeCharCorpus(text, options.validationFraction);
  const { ids, trainLength, validationLength, vocab } = corpus;
  if (trainLength < 2) return failWith(file, 'the text is too short to train on (it needs at least 2 characters)');
  const warnings: string[] = [];
  let unknown = 0;
  for (let i = trainLength; i < ids.length; i++) if (ids[i] === UNK_ID) unknown++;
  if (unknown > 0) warnings.push(`${unknown} character(s) of the validation text never occur in the training text; they are read as <unk>`);
  return ok({
    numClasses: 0,
    inputSize: 0,
    model: { vocabSize: vocab.size, inputSize: 0, outputSize: vocab.size, loss: 'softmax-ce', headOn: 'every', paddingIdx: PAD_ID },
    summary: { sizes: { unit: 'characters', total: ids.length, train: trainLength, validation: validationLength }, vocabularySize: vocab.size, warnings },
    checkpoint: { dataset: { tokenUnit: 'char' }, vocab: vocab.toJSON(), normalization: null },
    makeTrainBatcher: (batchSize, seqLen, random) => new LanguageModelBatcher(ids, trainLength, batchSize, seqLen, random),
    makeValidationBatches: (batchSize, seqLen) => languageModelValidationBatches(ids, trainLength, validationLength, batchSize, seqLen),
  });
}

export function prepareClassification(file: string, detection: Detection, options: ResolvedOptions): Result<TaskPreparation> {
  const { text, label } = detection.columns;
  if (!detection.table || !text || !label) return failWith(file, 'classification needs a text column and a label column');
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
  if (single.length > 0) warnings.push(`class ${single.join(', ')} has a single example; it stays in training and is never validated`);
  const { truncationKeeps } = options;
  return ok({
    numClasses,
    inputSize: 0,
    model: { vocabSize: encoded.vocab.size, inputSize: 0, outputSize: head.outputSize, loss: head.loss, headOn: 'last', paddingIdx: PAD_ID },
    summary: {
      sizes: { unit: 'examples', total: examples.texts.length, train: split.train.length, validation: split.validation.length },
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
    makeTrainBatcher: (batchSize, seqLen, random) => new ClassificationBatcher(data, split.train, batchSize, seqLen, random, truncationKeeps),
    makeValidationBatches: (batchSize, seqLen) => classificationValidationBatches(data, split.validation, batchSize, seqLen, truncationKeeps),
  });
}

export function prepareForecasting(file: string, detection: Detection, options: ResolvedOptions): Result<TaskPreparation> {
  const { features, targets, date } = detection.columns;
  if (!detection.table || !features || !targets) return failWith(file, 'forecasting needs numeric columns');
  const read = readSeries(detection.table, { features, targets, date }, file);
  if (!read.ok) return read;
  const series = read.value;
  const { horizon } = options;
  const split = tailSplit(series.rows, options.validationFraction);
  if (split.train < horizon + 1) {
    return failWith(file, `the training part has ${split.train} rows; forecasting ${horizon} row(s) ahead needs at least ${horizon + 1}`);
  }
  const fitted = fitZScore(series.values, series.columns, split.train);
  const normalized = {
    values: applyZScore(fitted.normalization, series.values),
    rows: series.rows,
    columns: series.columns.length,
    targetIndices: series.targetIndices,
    horizon,
  };
  const outputSize = horizon * targets.length;
  return ok({
    numClasses: 0,
    inputSize: series.columns.length,
    model: { vocabSize: 0, inputSize: series.columns.length, outputSize, loss: 'mse', headOn: 'last', paddingIdx: PAD_ID },
    summary: { sizes: { unit: 'rows', total: series.rows, train: split.train, validation: split.validation }, warnings: [...series.warnings, ...fitted.warnings] },
    checkpoint: { dataset: { featureColumns: series.columns, horizon }, vocab: null, normalization: fitted.normalization },
    makeTrainBatcher: (batchSize, window, random) => new ForecastBatcher(normalized, split.train, batchSize, window, random),
    makeValidationBatches: (batchSize, window) => (split.validation === 0 ? [] : forecastValidationBatches(normalized, split.train, batchSize, window)),
  });
}

/** Mean, 95th percentile and maximum tokens per text. */
function lengthStatistics(offsets: Int32Array): { mean: number; p95: number; max: number } {
  const n = offsets.length - 1;
  const lengths = new Int32Array(n);
  for (let i = 0; i < n; i++) lengths[i] = offsets[i + 1] - offsets[i];
  lengths.sort();
  const mean = n === 0 ? 0 : offsets[n] / n;
  return { mean, p95: n === 0 ? 0 : lengths[Math.min(n - 1, Math.ceil(0.95 * n) - 1)], max: n === 0 ? 0 : lengths[n - 1] };
}
