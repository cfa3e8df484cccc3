/**
 * Which task a file is for, and which columns to use: plain text → language model; CSV/TSV/JSON Lines
 * with a text column and a label column → classification; numeric columns (besides dates) → forecasting.
 * Every decision comes with a reason a user can read, and every choice can be overridden.
 */

import { isDateColumn, isNumericColumn, profileColumns, type ColumnProfile } from './column-profile';
import { failWith, listNames, ok, type Result } from './errors';
import { parseTable, type Table } from './table';
import type { DatasetColumns, DatasetFormat, DatasetKind, DatasetOverrides } from '../protocol/dataset';
import type { Task } from '../protocol/task';

export type { DatasetColumns, DatasetFormat, DatasetKind, DatasetOverrides } from '../protocol/dataset';
export type { Task } from '../protocol/task';

export const TASK_OF_KIND: Record<DatasetKind, Task> = { text: 'language-model', labelled: 'classification', series: 'forecasting' };
export const KIND_OF_TASK: Record<Task, DatasetKind> = { 'language-model': 'text', classification: 'labelled', forecasting: 'series' };

export interface Detection {
  kind: DatasetKind;
  task: Task;
  format: DatasetFormat;
  columns: DatasetColumns;
  /** Why, in words: "column 'review' holds free text (mean 38 words), column 'sentiment' has 2 values". */
  reason: string;
  warnings: string[];
  /** The parsed table for CSV, TSV and JSON Lines (null when the whole file is the text). */
  table: Table | null;
}

/** Names that mark a text column, best first (matched whole, or as a word of the name: `review_text`). */
export const TEXT_COLUMN_NAMES = [
  'text', 'sentence', 'review', 'message', 'content', 'comment', 'tweet', 'body', 'document', 'utterance', 'question', 'sms', 'title', 'description',
];
/** Names that mark a label column, best first. */
export const LABEL_COLUMN_NAMES = ['label', 'sentiment', 'class', 'category', 'target', 'labels', 'y', 'intent', 'emotion', 'polarity', 'tag', 'topic', 'spam'];
/** Names that mark the column to forecast, best first. */
export const SERIES_TARGET_NAMES = ['target', 'y', 'value', 'close', 'price', 'sales', 'demand', 'load', 'count', 'temperature', 'temp'];
/** A column with more distinct values than this is not taken for a label unless chosen. */
export const MAX_AUTO_CLASSES = 100;

export function detectFormat(fileName: string): DatasetFormat {
  const ext = /\.([^./\\]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (ext === 'csv') return 'csv';
  if (ext === 'tsv' || ext === 'tab') return 'tsv';
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  return 'text';
}

export function detectDataset(fileName: string, content: string, overrides: DatasetOverrides = {}): Result<Detection> {
  const format = detectFormat(fileName);
  const task = overrides.task ?? (overrides.targetColumns ? 'forecasting' : overrides.labelColumn ? 'classification' : undefined);
  if (format === 'text') {
    if (task && task !== 'language-model') {
      return failWith(fileName, `a plain text file can only train a language model; for ${task} use a CSV, TSV or JSON Lines file`);
    }
    const named = overrides.textColumn ?? overrides.labelColumn ?? overrides.targetColumns?.[0];
    const warnings = named !== undefined ? [`column choices are ignored: ${fileName} is plain text, not a table`] : [];
    return ok(textDetection(format, `plain text (${fileName}): a next-character language model`, warnings));
  }
  if (task === 'language-model' && overrides.textColumn === undefined) {
    return ok(textDetection(format, `the whole file as text for a next-character language model (task chosen)`, []));
  }
  const table = parseTable(content, fileName, format);
  if (!table.ok) return table;
  for (const name of [overrides.textColumn, overrides.labelColumn, overrides.dateColumn, ...(overrides.targetColumns ?? [])]) {
    if (typeof name === 'string' && !table.value.columns.includes(name)) {
      return failWith(fileName, `there is no column '${name}'; the columns are ${listNames(table.value.columns, 50)}`, { line: 1 });
    }
  }
  const profiles = profileColumns(table.value);
  const chosen = task ?? (looksLikeSeries(profiles, overrides) ? 'forecasting' : 'classification');
  if (chosen === 'language-model') {
    const reason = `a next-character language model on the text of column '${overrides.textColumn}' (rows joined by newlines; task chosen)`;
    return ok({ ...textDetection(format, reason, []), columns: { text: overrides.textColumn }, table: table.value });
  }
  const choice = chosen === 'forecasting' ? chooseSeries(profiles, overrides, fileName) : chooseLabelled(profiles, overrides, fileName, !task);
  if (!choice.ok) return choice;
  const kind = chosen === 'forecasting' ? 'series' : 'labelled';
  return ok({ kind, task: chosen, format, ...choice.value, table: table.value });
}

function textDetection(format: DatasetFormat, reason: string, warnings: string[]): Detection {
  return { kind: 'text', task: 'language-model', format, columns: {}, reason, warnings, table: null };
}

function seriesDateColumn(profiles: ColumnProfile[], overrides: DatasetOverrides): string | undefined {
  if (overrides.dateColumn === null) return undefined;
  return overrides.dateColumn ?? profiles.find(isDateColumn)?.name;
}

/** Every column but the date (and other date-like columns, unless dates are switched off) is numeric. */
function looksLikeSeries(profiles: ColumnProfile[], overrides: DatasetOverrides): boolean {
  const date = seriesDateColumn(profiles, overrides);
  const others = profiles.filter((p) => p.name !== date && (overrides.dateColumn === null || !isDateColumn(p)));
  return others.length > 0 && others.every(isNumericColumn);
}

type Choice = Result<{ columns: DatasetColumns; reason: string; warnings: string[] }>;

function chooseSeries(profiles: ColumnProfile[], overrides: DatasetOverrides, file: string): Choice {
  const warnings: string[] = [];
  const date = seriesDateColumn(profiles, overrides);
  const targetsChosen = overrides.targetColumns ?? [];
  const features: string[] = [];
  const ignored: string[] = [];
  for (const p of profiles) {
    if (p.name === date) continue;
    const numeric = isNumericColumn(p);
    if (targetsChosen.includes(p.name) || (numeric && (overrides.dateColumn === null || !isDateColumn(p)))) features.push(p.name);
    else ignored.push(p.name);
  }
  if (features.length === 0) {
    return failWith(file, `no numeric column to forecast; the columns are ${listNames(profiles.map((p) => p.name))}`);
  }
  if (ignored.length > 0) {
    const are = ignored.length === 1 ? 'is' : 'are';
    warnings.push(`${plural(ignored.length, 'column')} ${listNames(ignored)} ${are} not numeric and ${are} ignored`);
  }
  let targets = targetsChosen;
  let why = 'chosen';
  if (targets.length === 0) {
    const named = SERIES_TARGET_NAMES.map((n) => features.find((f) => normalise(f) === n)).find((f) => f !== undefined);
    targets = [named ?? features[0]];
    why = named ? 'named like a target' : features.length === 1 ? 'the only numeric column' : 'the first numeric column; choose others with targetColumns';
  }
  const dateText = date ? `, '${date}' is the time axis` : '';
  const are = features.length === 1 ? 'is' : 'are';
  const reason = `${plural(features.length, 'column')} ${listNames(features)} ${are} numeric${dateText}: forecasting ${listNames(targets)} (${why})`;
  return ok({ columns: { features, targets, ...(date ? { date } : {}) }, reason, warnings });
}

function chooseLabelled(profiles: ColumnProfile[], overrides: DatasetOverrides, file: string, detected: boolean): Choice {
  const names = profiles.map((p) => p.name);
  const hint = detected ? `; or, if the file is a series, make every column but the date numeric` : '';
  const text = overrides.textColumn !== undefined ? profiles.find((p) => p.name === overrides.textColumn)! : pickText(profiles, overrides.labelColumn);
  if (!text) {
    return failWith(file, `no column holds text to classify (columns ${listNames(names)}); name it with textColumn${hint}`);
  }
  const label = overrides.labelColumn !== undefined ? profiles.find((p) => p.name === overrides.labelColumn)! : pickLabel(profiles, text.name);
  if (!label) {
    return failWith(
      file,
      `no label column: next to the text column '${text.name}' there is no column with a few distinct values (like 'label' or 'sentiment'); ` +
        `name it with labelColumn, or choose the task 'language-model' to learn the text itself${hint}`,
    );
  }
  if (label.name === text.name) return failWith(file, `the text and the label cannot both be column '${text.name}'`);
  const words = text.meanWords < 10 ? text.meanWords.toFixed(1) : Math.round(text.meanWords).toString();
  const values = label.distinct >= 1000 ? '1000+ values' : `${label.distinct} ${plural(label.distinct, 'value')}`;
  const reason = `column '${text.name}' holds free text (mean ${words} words), column '${label.name}' has ${values}`;
  const warnings = label.distinct > MAX_AUTO_CLASSES ? [`column '${label.name}' has ${values}: is it really a label?`] : [];
  return ok({ columns: { text: text.name, label: label.name }, reason, warnings });
}

function pickText(profiles: ColumnProfile[], labelColumn: string | undefined): ColumnProfile | undefined {
  const candidates = profiles.filter((p) => p.name !== labelColumn && p.filled > 0 && !isNumericColumn(p) && !isDateColumn(p));
  return byName(candidates, TEXT_COLUMN_NAMES) ?? maxBy(candidates.filter((p) => !LABEL_COLUMN_NAMES.includes(normalise(p.name))), (p) => p.meanWords);
}

function pickLabel(profiles: ColumnProfile[], textColumn: string): ColumnProfile | undefined {
  const candidates = profiles.filter((p) => p.name !== textColumn && p.filled > 0 && p.distinct <= MAX_AUTO_CLASSES);
  const named = byName(candidates, LABEL_COLUMN_NAMES);
  if (named) return named;
  const few = candidates.filter((p) => p.distinct >= 2 && p.distinct <= Math.max(2, p.filled / 2) && !isDateColumn(p));
  // Fewest values wins; on a tie the rightmost column, where labels usually sit.
  return few.reduce<ColumnProfile | undefined>((best, p) => (!best || p.distinct <= best.distinct ? p : best), undefined);
}

/** The column whose name matches the earliest entry of `names` exactly, else one whose name contains it. */
function byName(profiles: ColumnProfile[], names: readonly string[]): ColumnProfile | undefined {
  for (const name of names) {
    const exact = profiles.find((p) => normalise(p.name) === name);
    if (exact) return exact;
  }
  for (const name of names) {
    if (name.length < 3) continue;
    const partial = profiles.find((p) => normalise(p.name).split(/[^a-z0-9]+/).includes(name));
    if (partial) return partial;
  }
  return undefined;
}

function maxBy<T>(items: T[], key: (item: T) => number): T | undefined {
  return items.reduce<T | undefined>((best, item) => (best === undefined || key(item) > key(best) ? item : best), undefined);
}

function normalise(name: string): string {
  return name.trim().toLowerCase();
}

function plural(n: number, word: string): string {
  return n === 1 ? word : `${word}s`;
}
