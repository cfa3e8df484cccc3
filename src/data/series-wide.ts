/**
 * A wide table (a date column and one numeric column per series: `date,store_1,store_2,…`) read as the
 * long table it stands for: each wide row becomes one long row per series column, `[date, id, value]`,
 * with the id the column's name. Fed to a `LongSeriesReader`, it gives the same `ManySeries` a long file
 * gives, so training, evaluation and their checks are shared. Works row by row, for a streamed file too.
 */

import { dataError, type DataError } from './errors';
import type { TableRowSink } from './table-stream';
import * as l10n from '../protocol/l10n';

/** The long table's column naming the series (the wide column each value came from). */
export const WIDE_SERIES_COLUMN = 'series';
/** The long table's one value column. */
export const WIDE_VALUE_COLUMN = 'value';

/** Which columns of a wide table are series, and which is its date (absent: rows are steps). */
export interface WideChoice {
  seriesColumns: readonly string[];
  date?: string;
}

/** Reshapes wide rows into long rows for `inner` (header `[date?, series, value]`). */
export class WideToLongSink implements TableRowSink {
  private seriesIndex: number[] = [];
  private dateIndex = -1;

  constructor(
    private readonly choice: WideChoice,
    private readonly inner: TableRowSink,
    private readonly file: string,
  ) {}

  header(columns: readonly string[], complete: boolean): DataError | null {
    if (!complete) return dataError(this.file, l10n.t('a wide table needs a header row naming its series columns'));
    const missing = this.choice.seriesColumns.filter((c) => !columns.includes(c));
    if (missing.length > 0)
      return dataError(this.file, l10n.t("there is no series column '{0}'", missing[0]), { line: 1 });
    this.seriesIndex = this.choice.seriesColumns.map((c) => columns.indexOf(c));
    const { date } = this.choice;
    this.dateIndex = date === undefined ? -1 : columns.indexOf(date);
    if (date !== undefined && this.dateIndex < 0)
      return dataError(this.file, l10n.t("there is no date column '{0}'", date), { line: 1 });
    const long = [WIDE_SERIES_COLUMN, WIDE_VALUE_COLUMN];
    return this.inner.header(date === undefined ? long : [date, ...long], true);
  }

  row(cells: string[], line: number): DataError | null {
    const { seriesColumns } = this.choice;
    for (let s = 0; s < this.seriesIndex.length; s++) {
      const value = cells[this.seriesIndex[s]] ?? '';
      const long = [seriesColumns[s], value];
      const problem = this.inner.row(this.dateIndex < 0 ? long : [cells[this.dateIndex] ?? '', ...long], line);
      if (problem) return problem;
    }
    return null;
  }
}

/**
 * The name stem of a wide table's series columns when they look like one: at least three, every one
 * named by one stem and a number (`store_1`, `store_2`; `sensor1`, `sensor2`). Else null. A shared prefix
 * alone (`temp_min`, `temp_max`) is not enough: such columns are usually one multivariate series.
 */
export function wideStem(columns: readonly string[]): string | null {
  if (columns.length < 3) return null;
  const stems = columns.map((c) => /^(.*?\D)[ _-]?\d+$/.exec(c)?.[1]);
  return stems.every((s) => s !== undefined && s === stems[0]) ? stems[0]! : null;
}
