/**
 * The bundled sequence-to-sequence example: examples/dates.tsv is exactly what its script writes, and
 * every source read back by a parser of its own (with JavaScript's calendar for the weekdays) is the
 * date of its ISO 8601 target.
 */

import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
// @ts-expect-error: a plain .mjs script without type declarations
import * as script from '../../../scripts/make-date-pairs.mjs';

interface DateScript {
  DATE_PAIRS_FILE: string;
  DATE_PAIRS_ROWS: number;
  LANGUAGES: Record<string, { months: string[]; shortMonths: string[]; weekdays: string[]; shortWeekdays: string[] }>;
  makeDatePairs(rows?: number): string;
}
const { DATE_PAIRS_FILE, DATE_PAIRS_ROWS, LANGUAGES, makeDatePairs } = script as DateScript;

const committed = readFileSync(DATE_PAIRS_FILE, 'utf8');

/** Month (1–12) of every month name and abbreviation, lowercased; Spanish also by its first three letters. */
const MONTHS = new Map<string, number>();
/** Weekday (0 = Sunday, as `getUTCDay`) of every weekday name and abbreviation (`mar.` is Tuesday in both). */
const WEEKDAYS = new Map<string, number>();
for (const [language, names] of Object.entries(LANGUAGES)) {
  names.months.forEach((m, i) => MONTHS.set(m.toLowerCase(), i + 1));
  names.shortMonths.forEach((m, i) => MONTHS.set(m.toLowerCase(), i + 1));
  if (language === 'es') names.months.forEach((m, i) => MONTHS.set(m.slice(0, 3), i + 1));
  names.weekdays.forEach((w, i) => WEEKDAYS.set(w.toLowerCase(), (i + 1) % 7));
  names.shortWeekdays.forEach((w, i) => WEEKDAYS.set(w.toLowerCase(), (i + 1) % 7));
}
const FILLERS = new Set(['the', 'of', 'le', 'el', 'de', 'am']);

/** Sources whose weekday `readDate` checked. */
let weekdaysChecked = 0;

/** The ISO date a source means, read by this test's own rules (day-first numbers; 00–49 → 20xx). */
function readDate(source: string): string {
  let match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(source) ?? /^(\d{4})(\d{2})(\d{2})$/.exec(source);
  if (match) return iso(+match[1], +match[2], +match[3]);
  match = /^(\d{1,2})[/.](\d{1,2})[/.](\d{2}|\d{4})$/.exec(source);
  if (match) {
    const short = +match[3];
    const year = match[3].length === 4 ? short : short < 50 ? 2000 + short : 1900 + short;
    return iso(year, +match[2], +match[1]);
  }
  match = /^(\d{1,2})-([a-z]{3})-(\d{4})$/.exec(source);
  if (match) return iso(+match[3], MONTHS.get(match[2])!, +match[1]);
  const words = source.split(/[\s,]+/).filter((w) => w !== '' && !FILLERS.has(w.toLowerCase()));
  let year = 0;
  let day = 0;
  const names: string[] = [];
  for (const word of words) {
    const number = /^(\d+)(?:st|nd|rd|th|er|\.)?$/.exec(word);
    if (number && number[1].length === 4) year = +number[1];
    else if (number) day = +number[1];
    else names.push(word.toLowerCase());
  }
  const month = MONTHS.get(names[names.length - 1]);
  if (!month || !year || !day || names.length > 2) throw new Error(`cannot read '${source}'`);
  if (names.length === 2) {
    const weekday = WEEKDAYS.get(names[0]);
    if (weekday !== new Date(Date.UTC(year, month - 1, day)).getUTCDay())
      throw new Error(`'${source}': the weekday is not the date's`);
    weekdaysChecked++;
  }
  return iso(year, month, day);
}

function iso(year: number, month: number, day: number): string {
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day)
    throw new Error(`no such date ${year}-${month}-${day}`);
  return date.toISOString().slice(0, 10);
}

describe('the dates example', () => {
  it('is exactly what scripts/make-date-pairs.mjs writes', () => {
    expect(committed).toBe(makeDatePairs());
  });

  it('has a header, 8 000 pairs and stays small', () => {
    const lines = committed.trimEnd().split('\n');
    expect(lines[0]).toBe('source\ttarget');
    expect(lines).toHaveLength(DATE_PAIRS_ROWS + 1);
    expect(Buffer.byteLength(committed)).toBeLessThan(400 * 1024);
    for (const word of ['March', 'mars', 'März', 'marzo', 'Mittwoch', 'miércoles', '1er', 'the 1st of']) {
      expect(committed).toContain(word);
    }
  });

  it('writes every source as the date of its ISO target, weekdays included', () => {
    const lines = committed.trimEnd().split('\n').slice(1);
    for (const line of lines) {
      const [source, target] = line.split('\t');
      expect(target).toMatch(/^(19[5-9]\d|20[0-4]\d)-\d{2}-\d{2}$/);
      expect(readDate(source), source).toBe(target);
    }
    expect(weekdaysChecked).toBeGreaterThan(1000);
  });
});
