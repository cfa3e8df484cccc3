/**
 * A checkpoint's stored dataset, vocabulary and normalisation → an encoder of user inputs: the task
 * says what its model reads (text as tokens, or rows of numbers; see src/data/encode-input.ts). Also
 * reads the model's output back: class names, forecasts in the data's units.
 */

import { encodeRowsInput, encodeTextInput, type InputEncoder, type StoredDataset } from '../data/encode-input';
import { failWith, ok, type Result } from '../data/errors';
import { denormalizeValue, parseNormalization, type NormalizationJSON } from '../data/normalize';
import { Vocabulary, type VocabularyJSON } from '../data/vocabulary';
import { getTask } from './index';
import { parseStoredDataset } from './stored-dataset';
import * as l10n from '../protocol/l10n';

export function createInputEncoder(stored: StoredDataset): Result<InputEncoder> {
  const parsed = parseStoredDataset(stored.dataset, 'checkpoint');
  if (!parsed.ok) return parsed;
  const dataset = parsed.value;
  let vocab: Vocabulary | null = null;
  let normalization: NormalizationJSON | null = null;
  const input = getTask(dataset.task).training.input;
  if (input.kind === 'rows') {
    const n = parseNormalization(stored.normalization, 'checkpoint');
    if (!n.ok) return n;
    normalization = n.value;
    if (normalization.columns.join('\u0000') !== dataset.featureColumns!.join('\u0000')) {
      return failWith('checkpoint', l10n.t('the normalisation columns do not match the feature columns'));
    }
  } else if (input.kind === 'tokens') {
    const v = Vocabulary.fromJSON(stored.vocab as VocabularyJSON, 'checkpoint');
    if (!v.ok) return v;
    vocab = v.value;
  }
  const targets = dataset.columns.targets ?? [];
  return ok({
    task: dataset.task,
    dataset,
    vocab,
    normalization,
    encode: (text, options = {}) => {
      // A model that hears recordings reads them through its task's `use.audio` (dataset.audio says how).
      if (input.kind === 'audio')
        return failWith('prediction input', l10n.t('this model reads recordings (.wav), not text'));
      if (input.kind === 'rows' && dataset.forecastInputs)
        return failWith(
          'prediction input',
          l10n.t(
            'this model reads each row with its series, date and known-future values: select rows of its file (Predict on Selection) or record a validation sample',
          ),
        );
      return input.kind === 'rows'
        ? encodeRowsInput(text, normalization!, options.seqLen)
        : encodeTextInput(text, vocab!, dataset, input.continuation, options.seqLen);
    },
    decodeForecast: (outputs) => {
      if (!normalization) return [];
      const rows: number[][] = [];
      for (let h = 0; h < (dataset.horizon ?? 1); h++) {
        rows.push(
          targets.map((name, k) =>
            denormalizeValue(normalization!, normalization!.columns.indexOf(name), outputs[h * targets.length + k]),
          ),
        );
      }
      return rows;
    },
    className: (id) => dataset.classes?.[id] ?? `class ${id}`,
  });
}
