/**
 * Public holidays of a country (`--holidays US`) as a set of `YYYY-MM-DD` days, from the maintained
 * `date-holidays` calendars (public holidays only: not bank, school or observance days). The days are
 * looked up by the date as written, like the calendar features (src/data/calendar-features.ts), so no
 * time zone moves a holiday.
 */

import Holidays from 'date-holidays';

export interface HolidayCalendar {
  /** The country code as given (upper case). */
  country: string;
  /** Whether the day of `time` (UTC ms, read as written) is a public holiday. */
  isHoliday(time: number): boolean;
  /** Every holiday day (`YYYY-MM-DD`) of the years `first…last`, for the PyTorch export. */
  daysBetween(firstYear: number, lastYear: number): string[];
}

/** The calendar of `country` (ISO 3166 code), or a sentence naming the codes when there is none. */
export function holidayCalendar(country: string): HolidayCalendar | { problem: string } {
  const code = country.trim().toUpperCase();
  const calendars = new Holidays();
  const countries = calendars.getCountries() as Record<string, string>;
  if (!/^[A-Z]{2}$/.test(code) || !(code in countries)) {
    const some = Object.keys(countries).slice(0, 12).join(', ');
    return {
      problem: `'${country}' is not a country with a holiday calendar; give a two-letter code such as ${some}, …`,
    };
  }
  calendars.init(code);
  const byYear = new Map<number, Set<string>>();
  const daysOf = (year: number): Set<string> => {
    let days = byYear.get(year);
    if (!days) {
      days = new Set(
        calendars
          .getHolidays(year)
          .filter((h) => h.type === 'public')
          .map((h) => h.date.slice(0, 10)),
      );
      byYear.set(year, days);
    }
    return days;
  };
  return {
    country: code,
    isHoliday: (time) => {
      const iso = new Date(time).toISOString();
      return daysOf(Number(iso.slice(0, 4))).has(iso.slice(0, 10));
    },
    daysBetween: (firstYear, lastYear) => {
      const days: string[] = [];
      for (let y = firstYear; y <= lastYear; y++) days.push(...[...daysOf(y)].sort());
      return days;
    },
  };
}
