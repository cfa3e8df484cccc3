/**
 * A new file for evaluating a classifier: every usable row, in file order, encoded with the stored
 * vocabulary and classes, as the validation indices.
 */

import { classificationValidationBatches, classificationValidationUnits } from '../../data/batches';
import { encodeTextsWithVocabulary } from '../../data/corpus';
import type { LoadedText } from '../../data/decode-text';
import type { DatasetFormat } from '../../data/detect';
import { failWith, listNames, ok, type Result } from '../../data/errors';
import { describeRows, readLabelledRows } from '../../data/labelled';
import type { EvaluationOptions, TaskEvaluation } from '../../data/prepare-evaluation';
import { readTableWith, showToken } from '../../data/read-columns';
import { classBalance } from '../../data/split';
import type { StoredEncoding } from '../task-training';
import * as l10n from '../../protocol/l10n';

/** Below this share of unknown words a classification file gets no warning (a capped vocabulary always misses some). */
export const UNKNOWN_TOKEN_WARNING_RATE = 0.05;

export function prepareClassificationEvaluation(
  file: LoadedText,
  format: DatasetFormat,
  stored: StoredEncoding,
  { unknownLabels }: Required<EvaluationOptions>,
): Result<TaskEvaluation> {
  const { dataset } = stored;
  const vocab = stored.vocab!;
  const { text, label } = dataset.columns ?? {};
  if (text === undefined || label === undefined)
    return failWith('checkpoint', l10n.t('the dataset description names no text column and label column'));
  const classes = dataset.classes!;
  const table = readTableWith(file, format, [
    { name: text, why: 'the model reads its text from it' },
    { name: label, why: 'the model reads its labels from it' },
  ]);
  if (!table.ok) return table;
  const read = readLabelledRows(table.value, { text, label }, file.name);
  if (!read.ok) return read;
  const rows = read.value;
  const idOf = new Map(classes.map((name, id) => [name, id]));
  const texts: string[] = [];
  const ids: number[] = [];
  const skipped = new Map<string, number>();
  for (let i = 0; i < rows.texts.length; i++) {
    const id = idOf.get(rows.labelNames[i]);
    if (id !== undefined) {
      texts.push(rows.texts[i]);
      ids.push(id);
      continue;
    }
    const name = rows.labelNames[i];
    if (unknownLabels === 'error') {
      return failWith(
        file.name,
        l10n.t(
          "label '{0}' is not one of the model's classes ({1}); remove such rows, or choose to skip rows with unknown labels",
          name,
          listNames(classes, 20),
        ),
        { line: rows.lines[i], column: label },
      );
    }
    skipped.set(name, (skipped.get(name) ?? 0) + 1);
  }
  const warnings = [...rows.warnings];
  if (skipped.size > 0) {
    const count = [...skipped.values()].reduce((a, n) => a + n, 0);
    const which = [...skipped.entries()].map(([name, n]) => `'${name}' (${n})`);
    warnings.push(
      `${describeRows(count)} with labels the model has no class for skipped: ${which.slice(0, 8).join(', ')}${which.length > 8 ? ', …' : ''}`,
    );
  }
  if (texts.length === 0)
    return failWith(file.name, l10n.t('no row has a label the model knows ({0})', listNames(classes, 20)), {
      column: label,
    });
  const labels = Int32Array.from(ids);
  const encoded = encodeTextsWithVocabulary(texts, vocab);
  const unknownTokenRate = encoded.tokens === 0 ? 0 : encoded.unknown / encoded.tokens;
  if (unknownTokenRate >= UNKNOWN_TOKEN_WARNING_RATE) {
    const unit = vocab.unit === 'word' ? 'words' : 'characters';
    warnings.push(
      `${(unknownTokenRate * 100).toFixed(1)} % of the ${unit} (${encoded.unknown} of ${encoded.tokens}) are not in the model's vocabulary and are read as <unk>; ` +
        `most often ${listNames(encoded.unknownExamples.map(showToken))}`,
    );
  }
  const data = { ids: encoded.ids, offsets: encoded.offsets, labels };
  const every = Int32Array.from({ length: texts.length }, (_, i) => i);
  const keep = dataset.truncationKeeps ?? 'start';
  return ok({
    summary: {
      size: { unit: 'examples', total: texts.length },
      unknownTokenRate,
      classBalance: classBalance(labels, classes),
      warnings,
    },
    makeBatches: (batchSize, seqLen) => classificationValidationBatches(data, every, batchSize, seqLen, keep),
    streamBatches: (batchSize, seqLen) =>
      classificationValidationUnits(data, every, seqLen, keep).batches(batchSize, null),
    validationUnits: (seqLen) => classificationValidationUnits(data, every, seqLen, keep),
  });
}
