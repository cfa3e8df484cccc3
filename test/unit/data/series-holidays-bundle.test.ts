/**
 * The bundles carry moment-timezone's data for a few zones only (scripts/webpack/holiday-time-zones.cjs).
 * A child Node process loads date-holidays with exactly that cut-down data (as webpack's loader hands it
 * over) and asks every country's public holidays the way src/data/series-holidays.ts does; they must equal
 * holidayCalendar's days here, where the full data is loaded, and no zone may be missing (moment-timezone
 * says so on stderr and falls back to the machine's zone).
 */

import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { holidayCalendar, type HolidayCalendar } from '../../../src/data/series-holidays';

const require = createRequire(import.meta.url);
const loaderPath = require.resolve('../../../scripts/webpack/holiday-time-zones.cjs');
const FIRST_YEAR = 2023;
const LAST_YEAR = 2026;

/** Runs in the child: the cut-down pack put where moment-timezone requires its data, then every country's days. */
const childScript = `
const Module = require('node:module');
const fs = require('node:fs');
const dataPath = require.resolve('moment-timezone/data/packed/latest.json');
const { holidayTimeZonePack } = require(${JSON.stringify(loaderPath)});
const data = new Module(dataPath);
data.filename = dataPath;
data.loaded = true;
data.exports = holidayTimeZonePack(JSON.parse(fs.readFileSync(dataPath, 'utf8')));
require.cache[dataPath] = data;
const problems = [];
console.error = (message) => problems.push(String(message));
const Holidays = require('date-holidays');
const days = {};
for (const code of Object.keys(new Holidays().getCountries())) {
  const calendar = new Holidays();
  calendar.init(code, { timezone: 'UTC' });
  const all = [];
  for (let year = ${FIRST_YEAR}; year <= ${LAST_YEAR}; year++) {
    const ofYear = new Set(calendar.getHolidays(year).filter((h) => h.type === 'public').map((h) => h.date.slice(0, 10)));
    all.push(...[...ofYear].sort());
  }
  days[code] = all;
}
process.stdout.write(JSON.stringify({ days, problems }));
`;

describe('holiday calendars with the bundles’ time-zone data', () => {
  it('gives every country the same public holidays as the full data, with no zone missing', () => {
    const output = execFileSync(process.execPath, ['-e', childScript], {
      cwd: require.resolve('../../../package.json').replace(/package\.json$/, ''),
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    });
    const bundled = JSON.parse(output) as { days: Record<string, string[]>; problems: string[] };
    expect(bundled.problems).toEqual([]);
    const countries = Object.keys(bundled.days);
    expect(countries.length).toBeGreaterThan(150);
    for (const code of countries) {
      const full = holidayCalendar(code) as HolidayCalendar;
      expect(bundled.days[code], code).toEqual(full.daysBetween(FIRST_YEAR, LAST_YEAR));
    }
    // The zones the rules name: Chile's June solstice holiday (America/Santiago), Japan's equinoxes (+09:00).
    expect(bundled.days.CL).toContain('2024-06-20');
    expect(bundled.days.JP).toEqual(expect.arrayContaining(['2024-03-20', '2024-09-22']));
  });

  it('keeps only the zones the holiday rules use', () => {
    const { holidayTimeZonePack } = require(loaderPath) as {
      holidayTimeZonePack: (pack: { zones: string[]; links: string[] }) => { zones: string[]; links: string[] };
    };
    const pack = holidayTimeZonePack(require('moment-timezone/data/packed/latest.json'));
    expect(pack.zones.map((zone) => zone.split('|')[0]).sort()).toEqual(['America/Santiago', 'Etc/GMT-0', 'Etc/UTC']);
    expect(pack.links).toEqual(expect.arrayContaining(['Etc/UTC|UTC', 'Etc/GMT-0|GMT']));
  });
});
