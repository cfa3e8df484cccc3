/**
 * A quick look at each column over an evenly spaced sample of rows (so a file sorted by label still
 * shows every label): how many cells are numbers, dates, how many distinct values, how many words.
 */

import { countWords, isDateCell, isDateColumnName, readNumberCell } from './cells';
import type { Table } from './table';

export interface ColumnProfile {
  name: string;
  index: number;
  /** Sampled cells that are not blank. */
  filled: number;
  /** Share of filled cells that read as numbers (missing markers and NaN/Infinity count: the
   * column is still meant to be numeric, and parsing reports those cells precisely). */
  numericShare: number;
  /** Share of filled cells that look like dates or times. */
  dateShare: number;
  /** Distinct values among sampled cells, counted up to DISTINCT_CAP. */
  distinct: number;
  /** Mean words per filled cell. */
  meanWords: number;
  /** The name says date/time (`date`, `timestamp`, `year`…). */
  dateName: boolean;
}

export const PROFILE_SAMPLE_ROWS = 5000;
export const DISTINCT_CAP = 1000;

export function profileColumns(table: Table, sampleRows = PROFILE_SAMPLE_ROWS): ColumnProfile[] {
  const step = Math.max(1, Math.ceil(table.rows.length / sampleRows));
  return table.columns.map((name, index) => {
    let filled = 0;
    let numeric = 0;
    let dates = 0;
    let words = 0;
    const values = new Set<string>();
    for (let r = 0; r < table.rows.length; r += step) {
      const cell = table.rows[r][index];
      const kind = readNumberCell(cell).kind;
      if (kind === 'empty') continue;
      filled++;
      if (kind !== 'text') numeric++;
      if (isDateCell(cell)) dates++;
      words += countWords(cell);
      if (values.size < DISTINCT_CAP) values.add(cell.trim());
    }
    const share = (n: number) => (filled === 0 ? 0 : n / filled);
    return {
      name,
      index,
      filled,
      numericShare: share(numeric),
      dateShare: share(dates),
      distinct: values.size,
      meanWords: share(words),
      dateName: isDateColumnName(name),
    };
  });
}

/**
 * Mostly numbers: a typo or two (one cell, or up to 5 %) still count, so parsing can point at the bad
 * cell instead of detection giving up on the file.
 */
export function isNumericColumn(profile: ColumnProfile): boolean {
  const other = Math.round(profile.filled * (1 - profile.numericShare));
  return profile.filled > 0 && profile.numericShare >= 0.8 && other <= Math.max(1, 0.05 * profile.filled);
}

/** Dates by their values, or by their name when the values are numbers (a `year` column). */
export function isDateColumn(profile: ColumnProfile): boolean {
  if (profile.filled === 0) return false;
  return profile.dateShare >= 0.95 || (profile.dateName && isNumericColumn(profile));
}
