/**
 * A dataset as the host, the worker and the panels see it: what detection found, what the user may
 * override, and the summary a run records. Types only; reading and preparing are in `src/data/`.
 */

import type { TaskId } from './task-id';

export type DatasetKind = string;
export type DatasetFormat = 'text' | 'csv' | 'tsv' | 'jsonl';
/** What a dataset was read from: a file of one of the formats, or `audio`, a folder (or a manifest) of .wav recordings. */
export type DatasetSourceFormat = DatasetFormat | 'audio';

export interface DatasetColumns {
  /** Free text (classification; a language model trained on one column). */
  text?: string;
  /** Class labels (classification). */
  label?: string;
  /** Values to forecast (forecasting). */
  targets?: string[];
  /** Every column read per step, targets included (forecasting). */
  features?: string[];
  /** Time axis, not a feature (forecasting). */
  date?: string;
  /** Forecasting, long format: the column naming each row's series (one global model across them). */
  series?: string;
  /**
   * Forecasting, wide format: the columns that are one series each (`store_1`, `store_2`…). The table is
   * read as the long table it stands for: `series` and `features`/`targets` then name the long table's
   * columns (`series`, `value`; src/data/series-wide.ts).
   */
  wide?: string[];
  /** Forecasting: feature columns whose values are known ahead, fed for the forecast steps too. */
  knownFuture?: string[];
  /** Forecasting: calendar inputs from the date column, with the public holidays of `holidays` (a country). */
  calendar?: { holidays?: string };
  /** The text to transform (sequence to sequence). */
  source?: string;
  /** What it becomes (sequence to sequence). */
  target?: string;
  /**
   * The file has no header row (Tatoeba/Anki sentence pairs): its first line is data and the columns
   * are named by position, `column 1`, `column 2`… Omitted: the first line names the columns.
   */
  headerless?: boolean;
}

/**
 * How a dataset file's bytes are read: `auto` (a byte-order mark, UTF-16's NULs, an `encoding=`/`coding:`
 * declaration on the first lines, else UTF-8; src/data/text-encoding.ts) or the encoding itself. `utf-16`
 * takes the byte order from the mark or the NULs (little-endian when neither says); `latin-1` is read as
 * Windows-1252.
 */
export type TextEncodingChoice = 'auto' | 'utf-8' | 'utf-16' | 'utf-16le' | 'utf-16be' | 'latin-1';

export const TEXT_ENCODING_CHOICES: readonly TextEncodingChoice[] = [
  'auto',
  'utf-8',
  'utf-16',
  'utf-16le',
  'utf-16be',
  'latin-1',
];

/** Choices that replace detection. Any of them may be given alone. */
export interface DatasetOverrides {
  task?: TaskId;
  textColumn?: string;
  labelColumn?: string;
  targetColumns?: string[];
  /** A column to treat as the time axis, or null for none. */
  dateColumn?: string | null;
  /** Forecasting, long format: the column naming each row's series. */
  seriesColumn?: string;
  /**
   * Forecasting, wide format (`on`/`off`): every numeric column but the date is one series. Default:
   * detected when at least three numeric columns are one name and a number (`store_1`, `store_2`…).
   */
  wide?: 'on' | 'off';
  /** Forecasting: feature columns known for the forecast steps (a promotion planned, a price set). */
  knownFutureColumns?: string[];
  /**
   * Forecasting: calendar features from the date column (`on`/`off`). Default on when a series column,
   * known-future columns or holidays are given, else off (a plain series trains as before).
   */
  calendar?: 'on' | 'off';
  /** Forecasting: the country (ISO code, `US`) whose public holidays are an input; implies `calendar`. */
  holidays?: string;
  /** Sequence to sequence: the source and the target text columns. */
  sourceColumn?: string;
  targetColumn?: string;
  /** The file's encoding (`--encoding`); absent = `auto`. Kept with the run, so a resume reads it alike. */
  encoding?: TextEncodingChoice;
}

export interface ClassCount {
  label: string;
  count: number;
  /** count / total, 0…1. */
  share: number;
}

/** Examples per class among `indices` (all examples when omitted), for display. */

export interface DatasetSummary {
  file: string;
  byteLength: number;
  fileFormat: DatasetSourceFormat;
  kind: DatasetKind;
  task: TaskId;
  columns: DatasetColumns;
  /** Why this task and these columns. */
  reason: string;
  sizes: { unit: 'characters' | 'examples' | 'rows'; total: number; train: number; validation: number };
  /** Classification: examples per class in each part. */
  classBalance?: { train: ClassCount[]; validation: ClassCount[] };
  /** Token vocabulary size, specials included. */
  vocabularySize?: number;
  /** Classification: tokens per text, to choose a sequence length. */
  sequenceLengths?: { mean: number; p95: number; max: number };
  warnings: string[];
}
