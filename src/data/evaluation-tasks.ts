/**
 * The task-specific half of prepareEvaluation. Each reads the file with the checkpoint's columns, encodes
 * it with the stored vocabulary or normalisation, and hands every example to the validation batch
 * builder of its task, so an evaluation batch is built exactly like a validation batch:
 * - language model: the whole text (or the stored column, rows joined by newlines) as one validation part;
 * - classification: every usable row, in file order, as the validation indices;
 * - forecasting: the whole series as the validation part, with no training rows before it.
 */

import { classificationValidationBatches, forecastValidationBatches, languageModelValidationBatches } from './batches';
import { encodeCharsWithVocabulary } from './char-corpus';
import { encodeTextsWithVocabulary } from './corpus';
import type { DatasetMetadata } from './dataset-metadata';
import type { LoadedText } from './decode-text';
import type { DatasetFormat } from './detect';
import { failWith, listNames, ok, type Result } from './errors';
import { describeRows, readLabelledRows } from './labelled';
import { applyZScore, type NormalizationJSON } from './normalize';
import type { TaskEvaluation } from './evaluation-types';
import { readSeries } from './series';
import { classBalance } from './split';
import { parseTable, type Table } from './table';
import type { Vocabulary } from './vocabulary';

/** Below this share of unknown words a classification file gets no warning (a capped vocabulary always misses some). */
export const UNKNOWN_TOKEN_WARNING_RATE = 0.05;

export function evaluateLanguageModel(file: LoadedText, format: DatasetFormat, dataset: DatasetMetadata, vocab: Vocabulary): Result<TaskEvaluation> {
  if (vocab.unit !== 'char') return failWith('checkpoint', `a language model needs a character vocabulary, the checkpoint has a '${vocab.unit}' vocabulary`);
  const column = dataset.columns?.text;
  const warnings: string[] = [];
  let text = file.text;
  if (column !== undefined && format === 'text') {
    warnings.push(`the model was trained on column '${column}' of ${dataset.file}; ${file.name} is plain text, so all of it is read`);
  } else if (column !== undefined) {
    const table = readTableWith(file, format, [{ name: column, why: 'the model reads its text from it' }]);
    if (!table.ok) return table;
    const index = table.value.columns.indexOf(column);
    text = table.value.rows.map((row) => row[index]).join('\n');
  }
  const { ids, unknown, unknownExamples } = encodeCharsWithVocabulary(text, vocab);
  if (ids.length < 2) return failWith(file.name, 'the text is too short to evaluate (it needs at least 2 characters)');
  if (unknown > 0) {
    warnings.push(`${unknown} character(s) are not in the model's vocabulary and are read as <unk>: ${listNames(unknownExamples.map(showToken))}`);
  }
  return ok({
    summary: { size: { unit: 'characters', total: ids.length }, unknownTokenRate: unknown / ids.length, warnings },
    makeBatches: (batchSize, seqLen) => languageModelValidationBatches(ids, 0, ids.length, batchSize, seqLen),
  });
}

export function evaluateClassification(
  file: LoadedText,
  format: DatasetFormat,
  dataset: DatasetMetadata,
  vocab: Vocabulary,
  unknownLabels: 'error' | 'skip',
): Result<TaskEvaluation> {
  const { text, label } = dataset.columns ?? {};
  if (text === undefined || label === undefined) return failWith('checkpoint', 'the dataset description names no text column and label column');
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
        `label '${name}' is not one of the model's classes (${listNames(classes, 20)}); remove such rows, or choose to skip rows with unknown labels`,
        { line: rows.lines[i], column: label },
      );
    }
    skipped.set(name, (skipped.get(name) ?? 0) + 1);
  }
  const warnings = [...rows.warnings];
  if (skipped.size > 0) {
    const count = [...skipped.values()].reduce((a, n) => a + n, 0);
    const which = [...skipped.entries()].map(([name, n]) => `'${name}' (${n})`);
    warnings.push(`${describeRows(count)} with labels the model has no class for skipped: ${which.slice(0, 8).join(', ')}${which.length > 8 ? ', …' : ''}`);
  }
  if (texts.length === 0) return failWith(file.name, `no row has a label the model knows (${listNames(classes, 20)})`, { column: label });
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
    summary: { size: { unit: 'examples', total: texts.length }, unknownTokenRate, classBalance: classBalance(labels, classes), warnings },
    makeBatches: (batchSize, seqLen) => classificationValidationBatches(data, every, batchSize, seqLen, keep),
  });
}

/** How many stored standard deviations a column's mean may move before evaluation warns about it. */
const SHIFT_WARNING_STDS = 3;

export function evaluateForecasting(file: LoadedText, format: DatasetFormat, dataset: DatasetMetadata, normalization: NormalizationJSON): Result<TaskEvaluation> {
  const features = dataset.featureColumns!;
  const targets = dataset.columns?.targets ?? [];
  const horizon = dataset.horizon!;
  const table = readTableWith(
    file,
    format,
    features.map((name) => ({ name, why: targets.includes(name) ? 'the model forecasts it' : 'the model reads it as a feature' })),
  );
  if (!table.ok) return table;
  // The stored order, not the file's: feature d is normalised with the stored mean[d] and std[d].
  const read = readSeries(table.value, { features, targets, date: dataset.columns?.date, order: 'listed' }, file.name);
  if (!read.ok) return read;
  const series = read.value;
  const warnings = [...series.warnings, ...shiftWarnings(series.values, series.rows, normalization)];
  const normalized = { values: applyZScore(normalization, series.values), rows: series.rows, columns: features.length, targetIndices: series.targetIndices, horizon };
  return ok({
    summary: { size: { unit: 'rows', total: series.rows }, unknownTokenRate: 0, warnings },
    makeBatches: (batchSize, window) => {
      if (series.rows < window + horizon) {
        throw new Error(
          `${file.name} has ${series.rows} rows, too few for a window of ${window} plus ${horizon} row(s) ahead; it needs at least ${window + horizon}`,
        );
      }
      // No training rows: every window of the file is a validation window.
      return forecastValidationBatches(normalized, 0, batchSize, window);
    },
  });
}

/** A warning per column whose mean here lies far from the training mean, in stored standard deviations. */
function shiftWarnings(values: Float64Array, rows: number, normalization: NormalizationJSON): string[] {
  const D = normalization.columns.length;
  const warnings: string[] = [];
  for (let d = 0; d < D; d++) {
    let sum = 0;
    for (let r = 0; r < rows; r++) sum += values[r * D + d];
    const mean = sum / rows;
    const z = (mean - normalization.mean[d]) / normalization.std[d];
    if (Math.abs(z) > SHIFT_WARNING_STDS) {
      warnings.push(
        `column '${normalization.columns[d]}' averages ${round(mean)} here, ${Math.abs(z).toFixed(1)} standard deviations from the training mean ` +
          `(${round(normalization.mean[d])} ± ${round(normalization.std[d])}); the model has not seen values like these`,
      );
    }
  }
  return warnings;
}

/** Parses the file as a table and checks it has the checkpoint's columns, naming the ones it has if not. */
function readTableWith(file: LoadedText, format: DatasetFormat, needed: { name: string; why: string }[]): Result<Table> {
  if (format === 'text') {
    const columns = listNames(needed.map((c) => c.name));
    return failWith(file.name, `this model reads column(s) ${columns} of a table; ${file.name} is plain text — choose a CSV, TSV or JSON Lines file with those columns`);
  }
  const table = parseTable(file.text, file.name, format);
  if (!table.ok) return table;
  for (const { name, why } of needed) {
    if (!table.value.columns.includes(name)) {
      return failWith(file.name, `there is no column '${name}' (${why}); the columns are ${listNames(table.value.columns, 50)}`, { line: 1 });
    }
  }
  return table;
}

/** A token for a message, control characters escaped (`\n`, `\t`). */
function showToken(token: string): string {
  return JSON.stringify(token).slice(1, -1);
}

function round(x: number): string {
  return Number(x.toPrecision(4)).toString();
}
