/**
 * A new file for evaluating a language model: the whole text (or the stored column, rows joined by
 * newlines) encoded with the stored vocabulary, as one validation part; evaluation streams its windows.
 */

import {
  StatefulLanguageModelValidation,
  languageModelValidationBatches,
  languageModelValidationBatchStream,
  languageModelValidationUnits,
} from '../../data/batches';
import { encodeCharsWithVocabulary } from '../../data/char-corpus';
import type { LoadedText } from '../../data/decode-text';
import type { DatasetFormat } from '../../data/detect';
import { failWith, listNames, ok, type Result } from '../../data/errors';
import type { TaskEvaluation } from '../../data/prepare-evaluation';
import { readTableWith, showToken } from '../../data/read-columns';
import type { StoredEncoding } from '../task-training';

export function prepareLanguageModelEvaluation(
  file: LoadedText,
  format: DatasetFormat,
  stored: StoredEncoding,
): Result<TaskEvaluation> {
  const { dataset } = stored;
  const vocab = stored.vocab!;
  if (vocab.unit !== 'char')
    return failWith(
      'checkpoint',
      `a language model needs a character vocabulary, the checkpoint has a '${vocab.unit}' vocabulary`,
    );
  const column = dataset.columns?.text;
  const warnings: string[] = [];
  let text = file.text;
  if (column !== undefined && format === 'text') {
    warnings.push(
      `the model was trained on column '${column}' of ${dataset.file}; ${file.name} is plain text, so all of it is read`,
    );
  } else if (column !== undefined) {
    const table = readTableWith(file, format, [{ name: column, why: 'the model reads its text from it' }]);
    if (!table.ok) return table;
    const index = table.value.columns.indexOf(column);
    text = table.value.rows.map((row) => row[index]).join('\n');
  }
  const { ids, unknown, unknownExamples } = encodeCharsWithVocabulary(text, vocab);
  if (ids.length < 2) return failWith(file.name, 'the text is too short to evaluate (it needs at least 2 characters)');
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
