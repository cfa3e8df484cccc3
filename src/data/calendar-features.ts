/**
 * Calendar features of a date column: the date's frequency (hourly, daily, weekly, monthly) and, for
 * each row, the cyclic encodings of the calendar fields that vary at that frequency — hour of day, day
 * of week, day of month, ISO week of year, month — as sin/cos pairs, so December sits next to January.
 *
 * Dates are read as written, as a UTC wall clock (`2024-03-31 02:30` is 02:30 whatever the machine's
 * time zone and whether a clock jumped that night): a forecaster wants the calendar the data was
 * recorded in, and Python's `datetime` reads the same numbers (src/interop/python/lstm_studio/calendar.py).
 */

export type DateFrequency = 'hourly' | 'daily' | 'weekly' | 'monthly';

/** One cyclic calendar field: its name and period. */
export type CalendarField = 'hourOfDay' | 'dayOfWeek' | 'dayOfMonth' | 'weekOfYear' | 'month';

/** The fields that vary at each frequency (a monthly series has the same day of week only by chance). */
export const CALENDAR_FIELDS: Readonly<Record<DateFrequency, readonly CalendarField[]>> = {
  hourly: ['hourOfDay', 'dayOfWeek'],
  daily: ['dayOfWeek', 'dayOfMonth', 'weekOfYear', 'month'],
  weekly: ['weekOfYear', 'month'],
  monthly: ['month'],
};

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
const ISO_LIKE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[T ](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?)?/;

/** An ISO-like date (`2024-02-29`, `2024-02-29 13:00`, `2024-02-29T13:00:00Z`) as UTC milliseconds; NaN if not one. */
export function parseDateUtc(text: string): number {
  const m = ISO_LIKE.exec(text.trim());
  if (!m) return NaN;
  const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const time = Date.UTC(year, month - 1, day, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0));
  // Date.UTC rolls 2023-02-29 over to March 1: such a date is not a date.
  const back = new Date(time);
  return back.getUTCFullYear() === year && back.getUTCMonth() === month - 1 && back.getUTCDate() === day ? time : NaN;
}

/**
 * The frequency of ascending times (UTC ms) from the median gap between neighbours, or a sentence
 * saying why there is none (too few dates, or a gap no frequency explains).
 */
export function detectFrequency(times: ArrayLike<number>): DateFrequency | { problem: string } {
  const gaps: number[] = [];
  for (let r = 1; r < times.length; r++) gaps.push(times[r] - times[r - 1]);
  if (gaps.length === 0) return { problem: 'needs at least two dates to tell their frequency' };
  gaps.sort((a, b) => a - b);
  const median = gaps[gaps.length >> 1];
  if (median === HOUR_MS) return 'hourly';
  if (median === DAY_MS) return 'daily';
  if (median === 7 * DAY_MS) return 'weekly';
  if (median >= 28 * DAY_MS && median <= 31 * DAY_MS) return 'monthly';
  return { problem: `the dates are ${describeGap(median)} apart, not hourly, daily, weekly or monthly` };
}

function describeGap(ms: number): string {
  return ms % DAY_MS === 0 ? `${ms / DAY_MS} day(s)` : `${(ms / HOUR_MS).toPrecision(3)} hour(s)`;
}

/** The next time after `time` at `frequency` (months keep the day of month, clamped to the month's end). */
export function nextTime(time: number, frequency: DateFrequency, steps = 1): number {
  switch (frequency) {
    case 'hourly':
      return time + steps * HOUR_MS;
    case 'daily':
      return time + steps * DAY_MS;
    case 'weekly':
      return time + steps * 7 * DAY_MS;
    case 'monthly': {
      const d = new Date(time);
      const month = d.getUTCMonth() + steps;
      const day = Math.min(d.getUTCDate(), daysInMonth(d.getUTCFullYear() + Math.floor(month / 12), mod(month, 12)));
      return Date.UTC(d.getUTCFullYear(), month, day, d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds());
    }
  }
}

/** A time as the date text it came from would write it: `YYYY-MM-DD`, with ` HH:MM` when hourly. */
export function formatTime(time: number, frequency: DateFrequency): string {
  const iso = new Date(time).toISOString();
  return frequency === 'hourly' ? `${iso.slice(0, 10)} ${iso.slice(11, 16)}` : iso.slice(0, 10);
}

/** The names of the feature columns, two per field: `dayOfWeek.sin`, `dayOfWeek.cos`, … */
export function calendarFeatureNames(fields: readonly CalendarField[]): string[] {
  return fields.flatMap((f) => [`${f}.sin`, `${f}.cos`]);
}

/** Where in its cycle a field stands at `time`: a fraction in [0, 1). */
export function calendarPhase(field: CalendarField, time: number): number {
  const d = new Date(time);
  switch (field) {
    case 'hourOfDay':
      return d.getUTCHours() / 24;
    case 'dayOfWeek':
      return ((d.getUTCDay() + 6) % 7) / 7; // Monday = 0, as ISO and Python's weekday()
    case 'dayOfMonth':
      return (d.getUTCDate() - 1) / daysInMonth(d.getUTCFullYear(), d.getUTCMonth());
    case 'weekOfYear':
      return (isoWeek(time) - 1) / 53;
    case 'month':
      return d.getUTCMonth() / 12;
  }
}

/** out[offset + 2f], out[offset + 2f + 1] ← sin, cos of field f's phase at `time`. */
export function writeCalendarFeatures(
  fields: readonly CalendarField[],
  time: number,
  out: Float32Array,
  offset: number,
): void {
  for (let f = 0; f < fields.length; f++) {
    const angle = 2 * Math.PI * calendarPhase(fields[f], time);
    out[offset + 2 * f] = Math.sin(angle);
    out[offset + 2 * f + 1] = Math.cos(angle);
  }
}

/** The ISO 8601 week number (1…53): the week holding the year's first Thursday is week 1. */
export function isoWeek(time: number): number {
  const d = new Date(time);
  const day = Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate());
  const weekday = (d.getUTCDay() + 6) % 7;
  const thursday = day + (3 - weekday) * DAY_MS;
  const yearStart = Date.UTC(new Date(thursday).getUTCFullYear(), 0, 1);
  return 1 + Math.floor((thursday - yearStart) / (7 * DAY_MS));
}

function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month + 1, 0)).getUTCDate();
}

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}
