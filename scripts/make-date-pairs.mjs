#!/usr/bin/env node
/**
 * Writes examples/dates.tsv, the bundled sequence-to-sequence example: dates written many ways in
 * English, French, German and Spanish → the same date in ISO 8601 (`2021-03-03`).
 *
 *   node scripts/make-date-pairs.mjs           write the file (npm run example:pairs:data)
 *   node scripts/make-date-pairs.mjs --check   write nothing; exit 1 if the file on disk differs
 *
 * Deterministic on every platform: a seeded generator (mulberry32), integer arithmetic only, and month
 * and weekday names written out here — no `Intl`, no `Date`, whose output depends on the host's ICU
 * data and time zone. Conventions, stated once: numeric dates are day first (`03/03/2021`,
 * `03.03.2021`, as in Britain, France, Germany and Spain; never the US month-first order), and a
 * two-digit year is 1950–1999 for 50–99 and 2000–2049 for 00–49. Dates run from 1950-01-01 to
 * 2049-12-31.
 */

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const DATE_PAIRS_FILE = join(dirname(fileURLToPath(import.meta.url)), '..', 'examples', 'dates.tsv');
export const DATE_PAIRS_ROWS = 8000;
const SEED = 20210303;
const FIRST_YEAR = 1950;
const LAST_YEAR = 2049;

/** Month and weekday names per language; weekdays start on Monday. */
export const LANGUAGES = {
  en: {
    months: [
      'January',
      'February',
      'March',
      'April',
      'May',
      'June',
      'July',
      'August',
      'September',
      'October',
      'November',
      'December',
    ],
    shortMonths: ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'],
    weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
    shortWeekdays: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  },
  fr: {
    months: [
      'janvier',
      'février',
      'mars',
      'avril',
      'mai',
      'juin',
      'juillet',
      'août',
      'septembre',
      'octobre',
      'novembre',
      'décembre',
    ],
    shortMonths: ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'],
    weekdays: ['lundi', 'mardi', 'mercredi', 'jeudi', 'vendredi', 'samedi', 'dimanche'],
    shortWeekdays: ['lun.', 'mar.', 'mer.', 'jeu.', 'ven.', 'sam.', 'dim.'],
  },
  de: {
    months: [
      'Januar',
      'Februar',
      'März',
      'April',
      'Mai',
      'Juni',
      'Juli',
      'August',
      'September',
      'Oktober',
      'November',
      'Dezember',
    ],
    shortMonths: ['Jan.', 'Feb.', 'März', 'Apr.', 'Mai', 'Juni', 'Juli', 'Aug.', 'Sept.', 'Okt.', 'Nov.', 'Dez.'],
    weekdays: ['Montag', 'Dienstag', 'Mittwoch', 'Donnerstag', 'Freitag', 'Samstag', 'Sonntag'],
    shortWeekdays: ['Mo.', 'Di.', 'Mi.', 'Do.', 'Fr.', 'Sa.', 'So.'],
  },
  es: {
    months: [
      'enero',
      'febrero',
      'marzo',
      'abril',
      'mayo',
      'junio',
      'julio',
      'agosto',
      'septiembre',
      'octubre',
      'noviembre',
      'diciembre',
    ],
    shortMonths: ['ene.', 'feb.', 'mar.', 'abr.', 'may.', 'jun.', 'jul.', 'ago.', 'sept.', 'oct.', 'nov.', 'dic.'],
    weekdays: ['lunes', 'martes', 'miércoles', 'jueves', 'viernes', 'sábado', 'domingo'],
    shortWeekdays: ['lun.', 'mar.', 'mié.', 'jue.', 'vie.', 'sáb.', 'dom.'],
  },
};

const pad2 = (n) => String(n).padStart(2, '0');
const pad4 = (n) => String(n).padStart(4, '0');

/**
 * The ways each language writes a date: `(date, names) → text`, where date = {year, month (1–12),
 * day, weekday (0 = Monday)}. Each is picked with the same chance within its language.
 */
export const FORMATS = {
  en: [
    (d, n) => `${d.day} ${n.months[d.month - 1]} ${d.year}`,
    (d, n) => `${n.months[d.month - 1]} ${d.day}, ${d.year}`,
    (d, n) => `${n.shortMonths[d.month - 1]} ${d.day}, ${d.year}`,
    (d, n) => `${d.day} ${n.shortMonths[d.month - 1]} ${d.year}`,
    (d, n) => `${n.weekdays[d.weekday]}, ${d.day} ${n.months[d.month - 1]} ${d.year}`,
    (d, n) => `${n.shortWeekdays[d.weekday]}, ${d.day} ${n.shortMonths[d.month - 1]} ${d.year}`,
    (d, n) => `${n.weekdays[d.weekday]}, ${n.months[d.month - 1]} ${d.day}, ${d.year}`,
    (d, n) => `the ${ordinal(d.day)} of ${n.months[d.month - 1]} ${d.year}`,
    (d, n) => `${n.months[d.month - 1]} ${ordinal(d.day)}, ${d.year}`,
    (d) => `${pad2(d.day)}/${pad2(d.month)}/${d.year}`,
    (d) => `${d.day}/${d.month}/${pad2(d.year % 100)}`,
    (d) => `${pad4(d.year)}-${pad2(d.month)}-${pad2(d.day)}`,
    (d) => `${pad4(d.year)}${pad2(d.month)}${pad2(d.day)}`,
  ],
  fr: [
    (d, n) => `${frenchDay(d.day)} ${n.months[d.month - 1]} ${d.year}`,
    (d, n) => `le ${frenchDay(d.day)} ${n.months[d.month - 1]} ${d.year}`,
    (d, n) => `${n.weekdays[d.weekday]} ${frenchDay(d.day)} ${n.months[d.month - 1]} ${d.year}`,
    (d, n) => `${n.shortWeekdays[d.weekday]} ${d.day} ${n.shortMonths[d.month - 1]} ${d.year}`,
    (d, n) => `${d.day} ${n.shortMonths[d.month - 1]} ${d.year}`,
    (d) => `${pad2(d.day)}/${pad2(d.month)}/${d.year}`,
  ],
  de: [
    (d, n) => `${d.day}. ${n.months[d.month - 1]} ${d.year}`,
    (d, n) => `am ${d.day}. ${n.months[d.month - 1]} ${d.year}`,
    (d, n) => `${n.weekdays[d.weekday]}, ${d.day}. ${n.months[d.month - 1]} ${d.year}`,
    (d, n) => `${n.shortWeekdays[d.weekday]}, ${d.day}. ${n.shortMonths[d.month - 1]} ${d.year}`,
    (d) => `${pad2(d.day)}.${pad2(d.month)}.${d.year}`,
    (d) => `${d.day}.${d.month}.${pad2(d.year % 100)}`,
  ],
  es: [
    (d, n) => `${d.day} de ${n.months[d.month - 1]} de ${d.year}`,
    (d, n) => `el ${d.day} de ${n.months[d.month - 1]} de ${d.year}`,
    (d, n) => `${n.weekdays[d.weekday]}, ${d.day} de ${n.months[d.month - 1]} de ${d.year}`,
    (d, n) => `${n.shortWeekdays[d.weekday]} ${d.day} ${n.shortMonths[d.month - 1]} ${d.year}`,
    (d) => `${pad2(d.day)}/${pad2(d.month)}/${d.year}`,
    (d) => `${d.day}-${n3(d.month)}-${d.year}`,
  ],
};

/** Spanish `3-mar-2021`: the month's first three letters. */
function n3(month) {
  return LANGUAGES.es.months[month - 1].slice(0, 3);
}

/** English ordinals: 1st, 2nd, 3rd, 4th, 11th, 12th, 13th, 21st. */
function ordinal(day) {
  const teen = day % 100 >= 11 && day % 100 <= 13;
  const suffix = teen ? 'th' : ['th', 'st', 'nd', 'rd', 'th', 'th', 'th', 'th', 'th', 'th'][day % 10];
  return `${day}${suffix}`;
}

/** French writes the first of the month `1er`. */
function frenchDay(day) {
  return day === 1 ? '1er' : String(day);
}

/** mulberry32: 32-bit state, integer arithmetic only. */
function makeRng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { int: (n) => Math.floor(next() * n), pick: (list) => list[Math.floor(next() * list.length)] };
}

/** Days from 1970-01-01 to a civil date (Howard Hinnant's `days_from_civil`, integers only). */
export function daysFromCivil(year, month, day) {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The civil date of a day count from 1970-01-01 (Hinnant's `civil_from_days`), with its weekday (0 = Monday). */
export function civilFromDays(days) {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  // 1970-01-01 was a Thursday (3 with Monday = 0).
  const weekday = (((days + 3) % 7) + 7) % 7;
  return { year, month, day, weekday };
}

export function isoDate(d) {
  return `${pad4(d.year)}-${pad2(d.month)}-${pad2(d.day)}`;
}

/** The whole file: a `source\ttarget` header, then one pair per line, LF line ends. */
export function makeDatePairs(rows = DATE_PAIRS_ROWS) {
  const rng = makeRng(SEED);
  const first = daysFromCivil(FIRST_YEAR, 1, 1);
  const span = daysFromCivil(LAST_YEAR, 12, 31) - first + 1;
  const languages = Object.keys(FORMATS);
  const lines = ['source\ttarget'];
  for (let i = 0; i < rows; i++) {
    const date = civilFromDays(first + rng.int(span));
    const language = rng.pick(languages);
    const format = rng.pick(FORMATS[language]);
    lines.push(`${format(date, LANGUAGES[language])}\t${isoDate(date)}`);
  }
  return lines.join('\n') + '\n';
}

function main() {
  const text = makeDatePairs();
  if (process.argv.includes('--check')) {
    let onDisk = '';
    try {
      onDisk = readFileSync(DATE_PAIRS_FILE, 'utf8');
    } catch {
      // A missing file differs.
    }
    if (onDisk !== text) {
      console.error(
        'examples/dates.tsv differs from what scripts/make-date-pairs.mjs writes; run npm run example:pairs:data',
      );
      process.exit(1);
    }
    console.log('examples/dates.tsv is up to date');
    return;
  }
  writeFileSync(DATE_PAIRS_FILE, text);
  console.log(`wrote examples/dates.tsv (${DATE_PAIRS_ROWS} pairs, ${Buffer.byteLength(text)} bytes)`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
