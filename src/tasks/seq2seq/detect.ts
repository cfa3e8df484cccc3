/**
 * Detecting a sequence-to-sequence dataset: a table with two text columns, the second what the first
 * becomes. The pair is found, best first:
 * 1. by the user's `sourceColumn`/`targetColumn` (naming one implies this task);
 * 2. by names (`source`/`target`, `input`/`output`, `question`/`answer`, `original`/`normalized`…);
 * 3. by two language codes (`en`/`fr`, `eng`/`deu`, `pt-BR`): the left one is the source;
 * 4. by shape: the first two text columns whose values are mostly (≥ 50 %) distinct, in a table with no
 *    column that looks like a label (a few values repeated: classification's).
 * A file whose first line reads like data (Tatoeba/Anki pairs: `Go.\tVa !\tCC-BY 2.0 …`) is read
 * without a header, its columns named `column 1`, `column 2`… (src/data/pair-headerless.ts); naming a
 * positional column (`--source-column "column 1"`) asks for that too.
 *
 * Scores: 4 with names or language codes, 3 by shape — above classification's 1 (the fallback for any
 * table with text) and forecasting's 2; a target with few distinct values is a label, not a pair, and
 * scores nothing.
 */

import { isNumericColumn, profileColumns, type ColumnProfile } from '../../data/column-profile';
import { columnByName, normaliseColumnName, type DatasetColumns, type DatasetOverrides } from '../../data/detect';
import { failWith, listNames, ok, type Result } from '../../data/errors';
import { asHeaderless, headerLooksLikeData, isPositionalColumnName } from '../../data/pair-headerless';
import { parseTable, type Table } from '../../data/table';
import type { DetectionInput, ProfiledTable, TaskDetection, TaskDetector, TaskScore } from '../task-training';
import * as l10n from '../../protocol/l10n';

/** Names that mark a source column, best first (matched whole, or as a word of the name: `source_text`). */
export const SOURCE_COLUMN_NAMES = [
  'source',
  'src',
  'input',
  'question',
  'from',
  'original',
  'prompt',
  'query',
  'informal',
  'noisy',
  'raw',
];
/** Names that mark a target column, best first. */
export const TARGET_COLUMN_NAMES = [
  'target',
  'tgt',
  'output',
  'answer',
  'to',
  'normalized',
  'normalised',
  'translation',
  'response',
  'reply',
  'corrected',
  'correction',
  'formal',
  'clean',
  'summary',
];

/**
 * Language codes pair files name their columns by: ISO 639-1 (two letters) and the common ISO 639-2/3
 * ones (three). `id` (Indonesian) is left out: a column named `id` is an identifier.
 */
const LANGUAGE_CODES = new Set(
  (
    'af am ar as az be bg bn bs ca cs cy da de el en eo es et eu fa fi fr ga gl gu he hi hr hu hy is it ' +
    'ja ka kk km kn ko ku ky la lo lt lv mk ml mn mr ms mt my nb ne nl nn no or pa pl ps pt ro ru si sk sl ' +
    'sq sr sv sw ta te tg th tk tl tr tt uk ur uz vi xh yi yo zh zu ' +
    'afr ara ben bul cat ces chi cmn cym cze dan deu dut ell eng epo est eus fas fin fra fre ger gle glg gre ' +
    'heb hin hrv hun ind isl ita jpn kaz kor lat lav lit may msa nld nor per pol por ron rum rus slk slv spa ' +
    'srp swa swe tam tel tgl tha tur ukr urd uzb vie wuu yue zho'
  ).split(' '),
);
/** A language code with an optional region or script: `en`, `pt-BR`, `zh_Hant`, `eng`. */
const LANGUAGE_TAG = /^([a-z]{2,3})(?:[-_][a-z0-9]{2,4})?$/i;

/** A target column with fewer distinct values than this share is a label, not text to produce. */
export const MIN_DISTINCT_TARGET_SHARE = 0.5;
/** The profile counts distinct values up to this many (column-profile.ts): more is "many". */
const DISTINCT_COUNT_CAP = 1000;
/** A numeric column with at most this many values, repeated, reads as class numbers. */
const NUMERIC_LABEL_MAX_VALUES = 20;
/** By shape, a side must be filled in at least this share of the rows (pairs rarely have blanks). */
const MIN_FILLED_SHARE = 0.9;
/** A column with at most this many values, repeated, looks like a label (classification's limit). */
const LABEL_LIKE_MAX_VALUES = 100;

export type PairFinding = 'chosen' | 'names' | 'languages' | 'shape';

export interface PairChoice {
  source: ColumnProfile;
  target: ColumnProfile;
  found: PairFinding;
}

export const seq2seqDetector: TaskDetector = {
  readsPlainText: false,
  // Naming a source or target column is only read by this task; above classification's label column.
  impliedBy: (overrides: DatasetOverrides) =>
    overrides.sourceColumn !== undefined || overrides.targetColumn !== undefined ? 2 : 0,
  score: (sample, overrides) => {
    if (sample.format === 'text') return null;
    const headerless = sample.format !== 'jsonl' && readsHeaderless(sample.table, overrides);
    const profiles = headerless ? profileColumns(asHeaderless(sample.table)) : sample.profiles;
    const choice = pickPair(profiles, overrides);
    return choice && isFreeText(choice.target) ? scoreOf(choice, headerless) : null;
  },
  chooseColumns,
};

function scoreOf(choice: PairChoice, headerless: boolean): TaskScore {
  const score = choice.found === 'shape' ? 3 : 4;
  return { score, reason: describePair(choice, headerless) };
}

function chooseColumns(input: DetectionInput): Result<TaskDetection> {
  const read = readPairsTable(input);
  if (!read.ok) return read;
  const { table, profiles, headerless } = read.value;
  const names = profiles.map((p) => p.name);
  for (const name of [input.overrides.sourceColumn, input.overrides.targetColumn]) {
    if (name !== undefined && !names.includes(name))
      return failWith(input.file, l10n.t("there is no column '{0}'; the columns are {1}", name, listNames(names, 50)), {
        line: 1,
      });
  }
  const choice = pickPair(profiles, input.overrides);
  if (!choice) {
    return failWith(
      input.file,
      l10n.t(
        'no two text columns to transform one into the other (columns {0}); name them with sourceColumn and targetColumn (--source-column, --target-column)',
        listNames(names),
      ),
    );
  }
  if (choice.source.name === choice.target.name)
    return failWith(input.file, l10n.t("the source and the target cannot both be column '{0}'", choice.source.name));
  const warnings: string[] = [];
  if (!isFreeText(choice.target)) {
    warnings.push(
      `column '${choice.target.name}' has ${describeDistinct(choice.target)}: is it a label? ` +
        `(classification learns a few classes better)`,
    );
  }
  const columns: DatasetColumns = { source: choice.source.name, target: choice.target.name };
  if (headerless) columns.headerless = true;
  return ok({ columns, reason: describePair(choice, headerless), warnings, table });
}

/** The table to choose from: as parsed, or read again without a header when its first line is data. */
function readPairsTable(input: DetectionInput): Result<ProfiledTable & { headerless: boolean }> {
  const read = input.readTable();
  if (!read.ok) return read;
  if (input.format === 'text' || input.format === 'jsonl' || !readsHeaderless(read.value.table, input.overrides))
    return ok({ ...read.value, headerless: false });
  const table = parseTable(input.content, input.file, input.format, { header: false });
  if (!table.ok) return table;
  return ok({ table: table.value, profiles: profileColumns(table.value), headerless: true });
}

/**
 * Whether a table's first line is data: it reads like text (pair-headerless.ts), or the user named a
 * positional column the header does not have.
 */
export function readsHeaderless(table: Table, overrides: DatasetOverrides): boolean {
  const header = table.columns;
  const named = [overrides.sourceColumn, overrides.targetColumn].filter((n): n is string => n !== undefined);
  if (named.some((name) => isPositionalColumnName(name) && !header.includes(name))) return true;
  if (named.some((name) => header.includes(name))) return false;
  return !hasPairNames(header) && headerLooksLikeData(header, table.rows);
}

function hasPairNames(header: readonly string[]): boolean {
  return header.some((name) => {
    const n = normaliseColumnName(name);
    return SOURCE_COLUMN_NAMES.includes(n) || TARGET_COLUMN_NAMES.includes(n) || isLanguageCode(name);
  });
}

/** The source and target columns, honouring the overrides (see the module comment for the order). */
export function pickPair(profiles: ColumnProfile[], overrides: DatasetOverrides): PairChoice | null {
  const byName = (name: string | undefined) => profiles.find((p) => p.name === name);
  const text = profiles.filter((p) => p.filled > 0);
  const chosenSource = byName(overrides.sourceColumn);
  const chosenTarget = byName(overrides.targetColumn);
  if (chosenSource && chosenTarget) return { source: chosenSource, target: chosenTarget, found: 'chosen' };
  if (chosenSource || chosenTarget) {
    // One side named: the other is found as usual among the remaining columns.
    const rest = text.filter((p) => p !== chosenSource && p !== chosenTarget);
    const other = chosenSource
      ? (columnByName(rest, TARGET_COLUMN_NAMES) ?? rest.find(isTextColumn))
      : (columnByName(rest, SOURCE_COLUMN_NAMES) ?? rest.find(isTextColumn));
    if (!other) return null;
    return chosenSource
      ? { source: chosenSource, target: other, found: 'chosen' }
      : { source: other, target: chosenTarget!, found: 'chosen' };
  }
  const source = columnByName(text, SOURCE_COLUMN_NAMES);
  const target = columnByName(
    text.filter((p) => p !== source),
    TARGET_COLUMN_NAMES,
  );
  if (source && target) return { source, target, found: 'names' };
  const languages = text.filter((p) => isLanguageCode(p.name));
  if (languages.length >= 2) return { source: languages[0], target: languages[1], found: 'languages' };
  // By shape: refused when a column looks like a label — such a table is a classifier's.
  if (profiles.some(isLabelLike)) return null;
  const rows = Math.max(...profiles.map((p) => p.filled));
  const free = text.filter((p) => isTextColumn(p) && isFreeText(p) && p.filled >= MIN_FILLED_SHARE * rows);
  if (free.length >= 2) return { source: free[0], target: free[1], found: 'shape' };
  return null;
}

/** `en`, `fr`, `pt-BR`, `eng`: a column named by its language. */
export function isLanguageCode(name: string): boolean {
  const match = LANGUAGE_TAG.exec(name.trim());
  if (!match) return false;
  return LANGUAGE_CODES.has(match[1].toLowerCase());
}

function isTextColumn(profile: ColumnProfile): boolean {
  return profile.filled > 0 && !isNumericColumn(profile);
}

/** Share of distinct values among a column's sampled cells (1 when there are more than the profile counts). */
function distinctShare(profile: ColumnProfile): number {
  if (profile.filled === 0) return 0;
  return profile.distinct >= DISTINCT_COUNT_CAP ? 1 : profile.distinct / profile.filled;
}

function isFreeText(profile: ColumnProfile): boolean {
  return distinctShare(profile) >= MIN_DISTINCT_TARGET_SHARE;
}

/**
 * A few values, each repeated: classification's label column. On a handful of rows "half as many values
 * as rows" misses a label (`pos, neg, pos`: 2 of 3), so a column of at most 3 values with one repeated
 * is a label too. Numbers count when there are few of them (classes 1, 2, 3), not a column of measurements.
 */
function isLabelLike(profile: ColumnProfile): boolean {
  const { distinct, filled } = profile;
  return (
    filled > 0 &&
    (!isNumericColumn(profile) || distinct <= NUMERIC_LABEL_MAX_VALUES) &&
    distinct >= 2 &&
    distinct <= LABEL_LIKE_MAX_VALUES &&
    (distinct <= filled / 2 || (distinct <= 3 && distinct < filled))
  );
}

function describeDistinct(profile: ColumnProfile): string {
  if (profile.distinct >= DISTINCT_COUNT_CAP) return '1000+ distinct values';
  return profile.distinct === 1 ? 'a single value' : `${profile.distinct} distinct values`;
}

/** "two text columns, 'source' → 'target', 96 % of targets distinct: sequence to sequence". */
function describePair(choice: PairChoice, headerless: boolean): string {
  const { source, target, found } = choice;
  const share = distinctShare(target);
  const distinct =
    target.distinct >= DISTINCT_COUNT_CAP
      ? '1000+ distinct targets'
      : `${Math.round(share * 100)} % of targets distinct`;
  const how =
    found === 'languages'
      ? ' (named by their languages)'
      : found === 'chosen'
        ? ' (as chosen)'
        : found === 'names'
          ? ' (by their names)'
          : '';
  const header = headerless ? '; no header row: the first line is a pair' : '';
  return `two text columns, '${source.name}' → '${target.name}'${how}, ${distinct}${header}: sequence to sequence`;
}

/** The table's columns for a pairs file read with the checkpoint's names (evaluation): see evaluation-data.ts. */
export function pairColumnsOf(table: Table, overrides: DatasetOverrides = {}): PairChoice | null {
  return pickPair(profileColumns(table), overrides);
}
