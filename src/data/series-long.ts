/**
 * A long-format table (an id column + date + value columns, one row per series and time) → one series
 * per id, in order of first appearance, each read by a `SeriesReader` (so every cell rule of a single
 * series holds). Without an id column the whole table is one series. With a date column each row's time
 * is kept (UTC ms as written), and a series must be evenly spaced at the detected frequency: a missing
 * or repeated timestamp is an error naming the series and the line, as calendar inputs and windows would
 * otherwise silently mix up the days.
 */

import { detectFrequency, formatTime, nextTime, parseDateUtc, type DateFrequency } from './calendar-features';
import { dataError, ok, type DataError, type Result } from './errors';
import { SeriesReader, type SeriesColumnChoice, type SeriesData } from './series';
import type { TableRowSink } from './table-stream';
import * as l10n from '../protocol/l10n';

export interface OneSeries {
  id: string;
  data: SeriesData;
  /** Each row's time (UTC ms), when there is a date column and times are wanted. */
  times: Float64Array | null;
  /** 1-based line of each row, for messages. */
  lines: Int32Array;
}

export interface ManySeries {
  series: OneSeries[];
  /** The dates' frequency (when times were read). */
  frequency: DateFrequency | null;
  warnings: string[];
}

export interface LongSeriesChoice extends SeriesColumnChoice {
  /** The column naming each row's series; absent: one series. */
  seriesColumn?: string;
  /** Read the date column as times and check their spacing. */
  times: boolean;
}

/** Reads rows as they arrive (a `TableRowSink`) into one `SeriesReader` per series id. */
export class LongSeriesReader implements TableRowSink {
  private columns: readonly string[] = [];
  private complete = true;
  private idIndex = -1;
  private dateIndex = -1;
  private readonly readers = new Map<string, { reader: SeriesReader; times: number[]; lines: number[] }>();

  constructor(
    private readonly choice: LongSeriesChoice,
    private readonly file: string,
  ) {}

  header(columns: readonly string[], complete: boolean): DataError | null {
    this.columns = columns;
    this.complete = complete;
    return complete ? this.resolve(1) : null;
  }

  row(cells: string[], line: number): DataError | null {
    if (!this.complete && this.idIndex < 0 && this.dateIndex < 0) {
      const problem = this.resolve(line);
      if (problem) return problem;
    }
    const { choice, file } = this;
    const id = this.idIndex >= 0 ? (cells[this.idIndex] ?? '').trim() : '';
    if (choice.seriesColumn !== undefined && id === '')
      return dataError(file, l10n.t('empty series id; every row needs the series it belongs to'), {
        line,
        column: choice.seriesColumn,
      });
    let entry = this.readers.get(id);
    if (!entry) {
      const reader = new SeriesReader(choice, file);
      const problem = reader.header(this.columns, this.complete);
      if (problem) return problem;
      entry = { reader, times: [], lines: [] };
      this.readers.set(id, entry);
    }
    const problem = entry.reader.row(cells, line);
    if (problem) return problem;
    entry.lines.push(line);
    if (choice.times) {
      const text = (cells[this.dateIndex] ?? '').trim();
      const time = parseDateUtc(text);
      if (Number.isNaN(time))
        return dataError(file, l10n.t("'{0}' is not a date like 2024-02-29 or 2024-02-29 13:00", text), {
          line,
          column: choice.date,
        });
      entry.times.push(time);
    }
    return null;
  }

  finish(): Result<ManySeries> {
    const series: OneSeries[] = [];
    const warnings: string[] = [];
    for (const [id, entry] of this.readers) {
      const read = entry.reader.finish();
      if (!read.ok) return read;
      // The date order is checked below (strictly) when times are read; the reader's warning otherwise.
      if (!this.choice.times)
        warnings.push(...read.value.warnings.map((w) => (id === '' ? w : `series '${id}': ${w}`)));
      series.push({
        id,
        data: read.value,
        times: this.choice.times ? Float64Array.from(entry.times) : null,
        lines: Int32Array.from(entry.lines),
      });
    }
    if (series.length === 0) return { ok: false, error: dataError(this.file, l10n.t('the table has no rows')) };
    if (!this.choice.times) return ok({ series, frequency: null, warnings });
    const frequency = detectFrequency(series.reduce((a, b) => (b.data.rows > a.data.rows ? b : a)).times!);
    if (typeof frequency !== 'string') return { ok: false, error: dataError(this.file, frequency.problem) };
    for (const one of series) {
      const problem = checkSpacing(one, frequency, this.file, this.choice.date ?? 'date');
      if (problem) return { ok: false, error: problem };
    }
    return ok({ series, frequency, warnings });
  }

  private resolve(line: number): DataError | null {
    const { choice, columns, file } = this;
    if (choice.seriesColumn !== undefined) {
      this.idIndex = columns.indexOf(choice.seriesColumn);
      if (this.idIndex < 0)
        return dataError(file, l10n.t("there is no series column '{0}'", choice.seriesColumn), { line });
    }
    if (choice.times) {
      this.dateIndex = choice.date === undefined ? -1 : columns.indexOf(choice.date);
      if (this.dateIndex < 0) return dataError(file, l10n.t('calendar inputs need a date column'), { line });
    }
    return null;
  }
}

/** Each row one step after the one before at `frequency`. */
function checkSpacing(one: OneSeries, frequency: DateFrequency, file: string, column: string): DataError | null {
  const times = one.times!;
  const where = one.id === '' ? '' : `series '${one.id}': `;
  for (let r = 1; r < times.length; r++) {
    const expected = nextTime(times[r - 1], frequency);
    if (times[r] === expected) continue;
    const [before, now] = [formatTime(times[r - 1], frequency), formatTime(times[r], frequency)];
    const problem =
      times[r] <= times[r - 1]
        ? `${where}${now} comes after ${before}; rows of a series must go forward in time, one ${frequency} step apart`
        : `${where}${now} follows ${before}, but the data is ${frequency}: ${formatTime(expected, frequency)} is missing; add the missing rows (calendar inputs need evenly spaced rows)`;
    return dataError(file, problem, { line: one.lines[r], column });
  }
  return null;
}
