/**
 * Preparing a classification dataset: labelled texts, a stratified split, a vocabulary fitted on the
 * training part. A table held whole (`prepareClassification`) and one streamed from a file too big for
 * that (`prepareClassificationFile`) go through the same reader: each kept text is tokenised as it
 * arrives into provisional ids, labels become codes, and nothing keeps a row's strings.
 */

import {
  ClassificationBatcher,
  classificationHead,
  classificationValidationBatches,
  classificationValidationUnits,
} from '../../data/batches';
import { ProvisionalTokens } from '../../data/corpus';
import { detectFormat } from '../../data/detect';
import { failWith, ok, type Result } from '../../data/errors';
import { assignClasses, LabelledReader } from '../../data/labelled';
import type { ResolvedOptions, TaskPreparation } from '../../data/prepare';
import { classBalance, stratifiedSplit } from '../../data/split';
import { replayTable } from '../../data/table';
import { streamTable } from '../../data/table-stream';
import { PAD_ID } from '../../data/vocabulary';
import type { DatasetFile, TaskDetection } from '../task-training';
import * as l10n from '../../protocol/l10n';

export function prepareClassification(
  file: string,
  _content: string,
  detection: TaskDetection,
  options: ResolvedOptions,
): Result<TaskPreparation> {
  const { text, label } = detection.columns;
  if (!detection.table || !text || !label)
    return failWith(file, l10n.t('classification needs a text column and a label column'));
  const tokens = new ProvisionalTokens(options.tokenUnit, undefined, options.wordSplit);
  const reader = new LabelledReader({ text, label }, file, (t) => tokens.add(t));
  const problem = replayTable(detection.table, reader);
  if (problem) return { ok: false, error: problem };
  return prepareLabelled(file, reader, tokens, label, options);
}

/** `prepareClassification` for a file streamed in one pass: the same reader, fed by the streaming parser. */
export async function prepareClassificationFile(
  file: DatasetFile,
  detection: TaskDetection,
  options: ResolvedOptions,
): Promise<Result<TaskPreparation>> {
  const { text, label } = detection.columns;
  const format = detectFormat(file.name);
  if (format === 'text' || !text || !label)
    return failWith(file.name, l10n.t('classification needs a text column and a label column'));
  const tokens = new ProvisionalTokens(options.tokenUnit, undefined, options.wordSplit);
  const reader = new LabelledReader({ text, label }, file.name, (t) => tokens.add(t));
  const parsed = await streamTable((onText) => file.stream(onText), file.name, format, reader);
  if (!parsed.ok) return parsed;
  return prepareLabelled(file.name, reader, tokens, label, options);
}

/** The split, vocabulary, batchers, summary and checkpoint from every row read. */
function prepareLabelled(
  file: string,
  reader: LabelledReader,
  tokens: ProvisionalTokens,
  labelColumn: string,
  options: ResolvedOptions,
): Result<TaskPreparation> {
  const read = reader.finish();
  if (!read.ok) return read;
  const assigned = assignClasses(read.value, labelColumn, file);
  if (!assigned.ok) return assigned;
  const { labels, classes } = assigned.value;
  const numClasses = classes.length;
  const split = stratifiedSplit(labels, numClasses, options.validationFraction, options.seed);
  const encoded = tokens.encode(split.train, options.maxVocabulary);
  const data = { ids: encoded.ids, offsets: encoded.offsets, labels };
  const head = classificationHead(numClasses);
  const train = classBalance(labels, classes, split.train);
  const validation = classBalance(labels, classes, split.validation);
  const warnings = [...read.value.warnings];
  const single = train.filter((c, i) => c.count === 1 && validation[i].count === 0).map((c) => `'${c.label}'`);
  if (single.length > 0)
    warnings.push(
      l10n.t('class {0} has a single example; it stays in training and is never validated', single.join(', ')),
    );
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
        total: labels.length,
        train: split.train.length,
        validation: split.validation.length,
      },
      classBalance: { train, validation },
      vocabularySize: encoded.vocab.size,
      sequenceLengths: lengthStatistics(encoded.offsets),
      warnings,
    },
    checkpoint: {
      dataset: { classes, tokenUnit: options.tokenUnit, truncationKeeps },
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
