/**
 * One user input → one Batch, with only what the checkpoint stored (dataset description, vocabulary,
 * normalisation): text as token ids, or recent rows of numbers, normalised. The task says which its
 * model reads (`input` of its training definition); src/tasks/encode-input.ts builds the encoder.
 */

import type { Batch } from '../engine/batch';
import type { DatasetMetadata } from './dataset-metadata';
import type { Task } from './detect';
import { dataError, fail, failWith, ok, type Result } from './errors';
import { normalizeValue, type NormalizationJSON } from './normalize';
import { fitToLength, tokenize } from './tokenize';
import type { Vocabulary } from './vocabulary';
import * as l10n from '../protocol/l10n';

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

/**
 * Text → token ids `[1, T]` (cut to `seqLen` if given, keeping the part the dataset says). A prompt to
 * continue (`continuation`) keeps its line breaks as `\n`, as the training text had them, and must hold
 * a token.
 */
export function encodeTextInput(
  input: UserInput,
  vocab: Vocabulary,
  dataset: DatasetMetadata,
  continuation: boolean,
  seqLen?: number,
): Result<Batch> {
  if (typeof input !== 'string') return failWith(SOURCE, l10n.t('this model reads text; type some text'));
  const text = continuation ? input.replace(/\r\n/g, '\n') : input;
  if (text.length === 0) return failWith(SOURCE, l10n.t('the input is empty; type some text'));
  const ids = vocab.encode(text);
  if (vocab.unkId === null && ids.includes(-1)) return failWith(SOURCE, outsideVocabulary(text, vocab));
  if (ids.length === 0 && continuation) return failWith(SOURCE, l10n.t('the input is empty; type some text'));
  const T = Math.max(1, seqLen && seqLen > 0 ? Math.min(seqLen, ids.length) : ids.length);
  const { tokens, length } = fitToLength(ids, T, dataset.truncationKeeps ?? 'start');
  return ok({ batchSize: 1, steps: T, tokens, lengths: Int32Array.of(length) });
}

/** For a vocabulary without `<unk>` (an imported model's): which tokens it cannot read. */
function outsideVocabulary(text: string, vocab: Vocabulary): string {
  const missing = [...new Set(tokenize(text, vocab.unit, vocab.words).filter((token) => !vocab.has(token)))];
  const shown =
    missing
      .slice(0, 8)
      .map((token) => JSON.stringify(token))
      .join(', ') + (missing.length > 8 ? `, … (${missing.length} in all)` : '');
  return `${shown} ${missing.length === 1 ? 'is' : 'are'} not in this model's vocabulary (${vocab.size} ${vocab.unit === 'char' ? 'characters' : 'words'}, with no <unk> for unknown ones); leave ${missing.length === 1 ? 'it' : 'them'} out`;
}

/** Rows of numbers → features `[1, rows, D]`, normalised (the last `seqLen` rows if given). */
export function encodeRowsInput(input: UserInput, normalization: NormalizationJSON, seqLen?: number): Result<Batch> {
  const D = normalization.columns.length;
  const names = normalization.columns.join(', ');
  if (typeof input === 'string')
    return failWith(SOURCE, l10n.t('this model reads numbers: rows of {0} value(s) ({1})', D, names));
  let rows: (readonly number[])[];
  if (input.length > 0 && Array.isArray(input[0])) rows = input as (readonly number[])[];
  else {
    const flat = input as readonly number[];
    if (flat.length % D !== 0)
      return failWith(SOURCE, l10n.t('{0} values do not make whole rows of {1} ({2})', flat.length, D, names));
    rows = [];
    for (let r = 0; r < flat.length; r += D) rows.push(flat.slice(r, r + D));
  }
  if (rows.length === 0) return failWith(SOURCE, l10n.t('give at least one row of {0} value(s) ({1})', D, names));
  if (seqLen && seqLen > 0 && rows.length > seqLen) rows = rows.slice(rows.length - seqLen);
  const W = rows.length;
  const features = new Float32Array(W * D);
  for (let r = 0; r < W; r++) {
    const row = rows[r];
    if (row.length !== D)
      return fail(
        dataError(SOURCE, l10n.t('row {0} has {1} value(s); expected {2} ({3})', r + 1, row.length, D, names)),
      );
    for (let d = 0; d < D; d++) {
      const x = row[d];
      if (typeof x !== 'number' || !Number.isFinite(x))
        return failWith(SOURCE, l10n.t("row {0}: '{1}' is not a finite number", r + 1, String(x)), {
          column: normalization.columns[d],
        });
      features[r * D + d] = normalizeValue(normalization, d, x);
    }
  }
  return ok({ batchSize: 1, steps: W, features });
}
