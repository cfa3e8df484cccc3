/**
 * A new file for evaluating a language model: the whole text (or the stored column, rows joined by
 * newlines) encoded with the stored vocabulary, as one validation part; evaluation streams its windows.
 * A plain-text file too big for one string is streamed twice from disk instead (a census of its
 * characters, then its ids), never held as text.
 */

import {
  StatefulLanguageModelValidation,
  languageModelValidationBatches,
  languageModelValidationBatchStream,
  languageModelValidationUnits,
} from '../../data/batches';
import {
  CharacterCensus,
  encodeCharsWithVocabulary,
  planStoredVocabularyText,
  storedVocabularyText,
  storedVocabularyWriter,
  type StoredVocabularyPlan,
  type StoredVocabularyText,
} from '../../data/char-corpus';
import type { LoadedText } from '../../data/decode-text';
import type { DatasetFormat } from '../../data/detect';
import { failWith, listNames, ok, type Result } from '../../data/errors';
import type { TaskEvaluation } from '../../data/prepare-evaluation';
import { readTableWith, showToken } from '../../data/read-columns';
import type { Vocabulary } from '../../data/vocabulary';
import type { DatasetFile, StoredEncoding } from '../task-training';
import * as l10n from '../../protocol/l10n';

export function prepareLanguageModelEvaluation(
  file: LoadedText,
  format: DatasetFormat,
  stored: StoredEncoding,
): Result<TaskEvaluation> {
  const vocab = checkedVocabulary(stored);
  if (!vocab.ok) return vocab;
  const column = stored.dataset.columns?.text;
  const warnings = plainTextWarnings(file.name, format, stored);
  let text = file.text;
  if (column !== undefined && format !== 'text') {
    const table = readTableWith(file, format, [{ name: column, why: 'the model reads its text from it' }]);
    if (!table.ok) return table;
    const index = table.value.columns.indexOf(column);
    text = table.value.rows.map((row) => row[index]).join('\n');
  }
  let encoded: StoredVocabularyText;
  try {
    encoded = encodeCharsWithVocabulary(text, vocab.value);
  } catch (error) {
    return failWith(file.name, (error as Error).message);
  }
  return languageModelEvaluation(file.name, encoded, warnings);
}

/**
 * A plain-text file streamed twice with the stored vocabulary. Null for a table whose stored column
 * is read: that file is read whole, as `prepareLanguageModelEvaluation` does.
 */
export async function prepareLanguageModelEvaluationFile(
  file: DatasetFile,
  format: DatasetFormat,
  stored: StoredEncoding,
): Promise<Result<TaskEvaluation> | null> {
  if (stored.dataset.columns?.text !== undefined && format !== 'text') return null;
  const vocab = checkedVocabulary(stored);
  if (!vocab.ok) return vocab;
  const warnings = plainTextWarnings(file.name, format, stored);
  const census = new CharacterCensus();
  const counted = await file.stream((piece) => census.add(piece), { index: 0, passes: 2 });
  if (!counted.ok) return counted;
  let plan: StoredVocabularyPlan;
  try {
    plan = planStoredVocabularyText(census, vocab.value);
  } catch (error) {
    return failWith(file.name, (error as Error).message);
  }
  const writer = storedVocabularyWriter(plan, vocab.value);
  const written = await file.stream((piece) => writer.add(piece), { index: 1, passes: 2 });
  if (!written.ok) return written;
  if (writer.finish() !== plan.length || written.value.fingerprint !== counted.value.fingerprint)
    return failWith(file.name, l10n.t('the file changed while it was being read; try again once it is saved'));
  return languageModelEvaluation(file.name, storedVocabularyText(plan, writer.ids), warnings);
}

function checkedVocabulary(stored: StoredEncoding): Result<Vocabulary> {
  const vocab = stored.vocab!;
  if (vocab.unit !== 'char')
    return failWith(
      'checkpoint',
      l10n.t("a language model needs a character vocabulary, the checkpoint has a '{0}' vocabulary", vocab.unit),
    );
  return ok(vocab);
}

/** A model trained on a table's column, evaluated on plain text: all of it is read, and the user is told. */
function plainTextWarnings(name: string, format: DatasetFormat, stored: StoredEncoding): string[] {
  const column = stored.dataset.columns?.text;
  if (column === undefined || format !== 'text') return [];
  return [
    `the model was trained on column '${column}' of ${stored.dataset.file}; ${name} is plain text, so all of it is read`,
  ];
}

function languageModelEvaluation(
  name: string,
  { ids, unknown, unknownExamples }: StoredVocabularyText,
  warnings: string[],
): Result<TaskEvaluation> {
  if (ids.length < 2)
    return failWith(name, l10n.t('the text is too short to evaluate (it needs at least 2 characters)'));
  if (unknown > 0) {
    warnings.push(
      `${unknown} character(s) are not in the model's vocabulary and are read as <unk>: ${listNames(unknownExamples.map(showToken))}`,
    );
  }
  return ok({
    summary: { size: { unit: 'characters', total: ids.length }, unknownTokenRate: unknown / ids.length, warnings },
    makeBatches: (batchSize, seqLen) => languageModelValidationBatches(ids, 0, ids.length, batchSize, seqLen),
    streamBatches: (batchSize, seqLen) => languageModelValidationBatchStream(ids, 0, ids.length, batchSize, seqLen),
    validationUnits: (seqLen) => languageModelValidationUnits(ids, 0, ids.length, seqLen),
    streamStateful: (batchSize, seqLen) => new StatefulLanguageModelValidation(ids, 0, ids.length, batchSize, seqLen),
  });
}
