/**
 * A forecaster's selection of rows grouped by series: what the long reader (series-selection.ts) and the
 * wide reader (wide-selection.ts) both give, in a module of its own so neither imports the other's code.
 */

export interface SelectedSeries {
  id: string;
  rows: number[][];
  dates: string[];
  /** Known-future values of the rows after the history, `[step][knownFuture]`. */
  future: number[][];
}

export interface LongSelection {
  /** Every series in the selection, in order of first appearance ('' without a series column). */
  series: SelectedSeries[];
  separator: string;
  decimals: number;
  /** The columns of the selected rows, in order. */
  columns: string[];
  /** Rows of a wide table (one column per series, src/tasks/forecasting/wide-selection.ts): the first series is the default. */
  wide?: true;
}
