/**
 * Preparing a language model's data: the text as character ids, the tail held out for validation. A
 * text in memory is encoded at once (`prepareLanguageModel`); a plain-text file too big for one string
 * is streamed twice from disk (`prepareLanguageModelFile`): a census of its characters, then its ids.
 */

import {
  LanguageModelBatcher,
  StatefulLanguageModelBatcher,
  StatefulLanguageModelValidation,
  languageModelValidationBatches,
  languageModelValidationUnits,
} from '../../data/batches';
import {
  CharacterCensus,
  charCorpusWriter,
  encodeCharCorpus,
  planCharCorpus,
  type CharCorpus,
} from '../../data/char-corpus';
import { failWith, ok, type Result } from '../../data/errors';
import type { ResolvedOptions, TaskPreparation } from '../../data/prepare';
import { PAD_ID, UNK_ID } from '../../data/vocabulary';
import type { DatasetFile, TaskDetection } from '../task-training';
import * as l10n from '../../protocol/l10n';

export function prepareLanguageModel(
  file: string,
  content: string,
  detection: TaskDetection,
  options: ResolvedOptions,
): Result<TaskPreparation> {
  const column = detection.columns.text;
  const table = detection.table;
  const text = column && table ? table.rows.map((row) => row[table.columns.indexOf(column)]).join('\n') : content;
  return languageModelPreparation(file, encodeCharCorpus(text, options.validationFraction));
}

/**
 * A plain-text file streamed twice, never held as text: peak memory is the ids (one byte per character
 * for up to 256 symbols) and one read chunk. Null for a table's text column (detected from a sample):
 * that is read whole, as `prepare` does.
 */
export async function prepareLanguageModelFile(
  file: DatasetFile,
  detection: TaskDetection,
  options: ResolvedOptions,
): Promise<Result<TaskPreparation> | null> {
  if (detection.table !== null || detection.columns.text !== undefined) return null;
  const census = new CharacterCensus();
  const counted = await file.stream((piece) => census.add(piece), { index: 0, passes: 2 });
  if (!counted.ok) return counted;
  const plan = planCharCorpus(census, options.validationFraction);
  const writer = charCorpusWriter(plan);
  const written = await file.stream((piece) => writer.add(piece), { index: 1, passes: 2 });
  if (!written.ok) return written;
  if (writer.finish() !== plan.length || written.value.fingerprint !== counted.value.fingerprint)
    return failWith(file.name, l10n.t('the file changed while it was being read; try again once it is saved'));
  const { trainLength, validationLength, vocab } = plan;
  return languageModelPreparation(file.name, { ids: writer.ids, trainLength, validationLength, vocab });
}

/** Batchers, model shape, summary and checkpoint JSON of an encoded corpus. */
function languageModelPreparation(file: string, corpus: CharCorpus): Result<TaskPreparation> {
  const { ids, trainLength, validationLength, vocab } = corpus;
  if (trainLength < 2)
    return failWith(file, l10n.t('the text is too short to train on (it needs at least 2 characters)'));
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
