/**
 * One user input → one Batch, with only what the checkpoint stored (dataset description, vocabulary,
 * normalisation): a prompt for a language model, a text to classify, or recent rows of a series. Also
 * reads the model's output back: class names, forecasts in the data's units.
 */

import type { Batch } from '../engine/batch';
import { parseDatasetMetadata, type DatasetMetadata } from './dataset-metadata';
import type { Task } from './detect';
import { dataError, fail, failWith, ok, type Result } from './errors';
import { denormalizeValue, normalizeValue, parseNormalization, type NormalizationJSON } from './normalize';
import { fitToLength, tokenize } from './tokenize';
import { Vocabulary, type VocabularyJSON } from './vocabulary';

export interface StoredDataset {
  dataset: unknown;
  vocab: unknown;
  normalization: unknown;
}

/** Text, or numbers: rows of feature values (`number[][]`), or a flat list of whole rows. */
export type UserInput = string | readonly number[] | readonly (readonly number[])[];

export interface InputEncoder {
  task: Task;
  dataset: DatasetMetadata;
  vocab: Vocabulary | null;
  normalization: NormalizationJSON | null;
  /**
   * A batch of one. Text tasks: `tokens` [1, T] (classification: cut to `seqLen` if given); forecasting:
   * `features` [1, rows, D], normalised (the last `seqLen` rows if given). No targets.
   */
  encode(input: UserInput, options?: { seqLen?: number }): Result<Batch>;
  /** Forecasting: the model's normalised outputs → `[horizon][target]` values in the data's units. */
  decodeForecast(outputs: ArrayLike<number>): number[][];
  /** Classification: the name of a class id. */
  className(id: number): string;
}

const SOURCE = 'prediction input';

export function createInputEncoder(stored: StoredDataset): Result<InputEncoder> {
  const parsed = parseDatasetMetadata(stored.dataset, 'checkpoint');
  if (!parsed.ok) return parsed;
  const dataset = parsed.value;
  let vocab: Vocabulary | null = null;
  let normalization: NormalizationJSON | null = null;
  if (dataset.task === 'forecasting') {
    const n = parseNormalization(stored.normalization, 'checkpoint');
    if (!n.ok) return n;
    normalization = n.value;
    if (normalization.columns.join('\u0000') !== dataset.featureColumns!.join('\u0000')) {
      return failWith('checkpoint', 'the normalisation columns do not match the feature columns');
    }
  } else {
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
    encode: (input, options = {}) =>
      dataset.task === 'forecasting' ? encodeRows(input, normalization!, options.seqLen) : encodeText(input, vocab!, dataset, options.seqLen),
    decodeForecast: (outputs) => {
      if (!normalization) return [];
      const rows: number[][] = [];
      for (let h = 0; h < (dataset.horizon ?? 1); h++) {
        rows.push(targets.map((name, k) => denormalizeValue(normalization!, normalization!.columns.indexOf(name), outputs[h * targets.length + k])));
      }
      return rows;
    },
    className: (id) => dataset.classes?.[id] ?? `class ${id}`,
  });
}

function encodeText(input: UserInput, vocab: Vocabulary, dataset: DatasetMetadata, seqLen?: number): Result<Batch> {
  if (typeof input !== 'string') return failWith(SOURCE, 'this model reads text; type some text');
  const text = dataset.task === 'language-model' ? input.replace(/\r\n/g, '\n') : input;
  if (text.length === 0) return failWith(SOURCE, 'the input is empty; type some text');
  const ids = vocab.encode(text);
  if (vocab.unkId === null && ids.includes(-1)) return failWith(SOURCE, outsideVocabulary(text, vocab));
  if (ids.length === 0 && dataset.task === 'language-model') return failWith(SOURCE, 'the input is empty; type some text');
  const T = Math.max(1, seqLen && seqLen > 0 ? Math.min(seqLen, ids.length) : ids.length);
  const { tokens, length } = fitToLength(ids, T, dataset.truncationKeeps ?? 'start');
  return ok({ batchSize: 1, steps: T, tokens, lengths: Int32Array.of(length) });
}

/** For a vocabulary without `<unk>` (an imported model's): which tokens it cannot read. */
function outsideVocabulary(text: string, vocab: Vocabulary): string {
  const missing = [...new Set(tokenize(text, vocab.unit).filter((token) => !vocab.has(token)))];
  const shown = missing.slice(0, 8).map((token) => JSON.stringify(token)).join(', ') + (missing.length > 8 ? `, … (${missing.length} in all)` : '');
  return `${shown} ${missing.length === 1 ? 'is' : 'are'} not in this model's vocabulary (${vocab.size} ${vocab.unit === 'char' ? 'characters' : 'words'}, with no <unk> for unknown ones); leave ${missing.length === 1 ? 'it' : 'them'} out`;
}

function encodeRows(input: UserInput, normalization: NormalizationJSON, seqLen?: number): Result<Batch> {
  const D = normalization.columns.length;
  const names = normalization.columns.join(', ');
  if (typeof input === 'string') return failWith(SOURCE, `this model reads numbers: rows of ${D} value(s) (${names})`);
  let rows: (readonly number[])[];
  if (input.length > 0 && Array.isArray(input[0])) rows = input as (readonly number[])[];
  else {
    const flat = input as readonly number[];
    if (flat.length % D !== 0) return failWith(SOURCE, `${flat.length} values do not make whole rows of ${D} (${names})`);
    rows = [];
    for (let r = 0; r < flat.length; r += D) rows.push(flat.slice(r, r + D));
  }
  if (rows.length === 0) return failWith(SOURCE, `give at least one row of ${D} value(s) (${names})`);
  if (seqLen && seqLen > 0 && rows.length > seqLen) rows = rows.slice(rows.length - seqLen);
  const W = rows.length;
  const features = new Float32Array(W * D);
  for (let r = 0; r < W; r++) {
    const row = rows[r];
    if (row.length !== D) return fail(dataError(SOURCE, `row ${r + 1} has ${row.length} value(s); expected ${D} (${names})`));
    for (let d = 0; d < D; d++) {
      const x = row[d];
      if (typeof x !== 'number' || !Number.isFinite(x)) return failWith(SOURCE, `row ${r + 1}: '${String(x)}' is not a finite number`, { column: normalization.columns[d] });
      features[r * D + d] = normalizeValue(normalization, d, x);
    }
  }
  return ok({ batchSize: 1, steps: W, features });
}
