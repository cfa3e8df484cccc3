/** Preparing a language model's data: the text as character ids, the tail held out for validation. */

import {
  LanguageModelBatcher,
  StatefulLanguageModelBatcher,
  StatefulLanguageModelValidation,
  languageModelValidationBatches,
  languageModelValidationUnits,
} from '../../data/batches';
import { encodeCharCorpus } from '../../data/char-corpus';
import { failWith, ok, type Result } from '../../data/errors';
import type { ResolvedOptions, TaskPreparation } from '../../data/prepare';
import { PAD_ID, UNK_ID } from '../../data/vocabulary';
import type { TaskDetection } from '../task-training';

export function prepareLanguageModel(
  file: string,
  content: string,
  detection: TaskDetection,
  options: ResolvedOptions,
): Result<TaskPreparation> {
  const column = detection.columns.text;
  const table = detection.table;
  const text = column && table ? table.rows.map((row) => row[table.columns.indexOf(column)]).join('\n') : content;
  const corpus = encodeCharCorpus(text, options.validationFraction);
  const { ids, trainLength, validationLength, vocab } = corpus;
  if (trainLength < 2) return failWith(file, 'the text is too short to train on (it needs at least 2 characters)');
  const warnings: string[] = [];
  let unknown = 0;
  for (let i = trainLength; i < ids.length; i++) if (ids[i] === UNK_ID) unknown++;
  if (unknown > 0)
    warnings.push(
      `${unknown} character(s) of the validation text never occur in the training text; they are read as <unk>`,
    );
  return ok({
    numClasses: 0,
    inputSize: 0,
    model: {
      vocabSize: vocab.size,
      inputSize: 0,
      outputSize: vocab.size,
      loss: 'softmax-ce',
      headOn: 'every',
      paddingIdx: PAD_ID,
    },
    summary: {
      sizes: { unit: 'characters', total: ids.length, train: trainLength, validation: validationLength },
      vocabularySize: vocab.size,
      warnings,
    },
    checkpoint: { dataset: { tokenUnit: 'char' }, vocab: vocab.toJSON(), normalization: null },
    makeTrainBatcher: (batchSize, seqLen, random) =>
      new LanguageModelBatcher(ids, trainLength, batchSize, seqLen, random),
    makeValidationBatches: (batchSize, seqLen) =>
      languageModelValidationBatches(ids, trainLength, validationLength, batchSize, seqLen),
    validationUnits: (seqLen) => languageModelValidationUnits(ids, trainLength, validationLength, seqLen),
    stateful: {
      makeTrainBatcher: (batchSize, seqLen, random) =>
        new StatefulLanguageModelBatcher(ids, trainLength, batchSize, seqLen, random),
      makeValidation: (batchSize, seqLen) =>
        new StatefulLanguageModelValidation(ids, trainLength, validationLength, batchSize, seqLen),
    },
  });
}
