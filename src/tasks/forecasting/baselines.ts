/**
 * The naive baselines a forecaster must beat, forecasting from the same history as the model:
 *
 * - `naive`: every step ahead is the last value seen;
 * - `seasonalNaive`: each step is the value one season before it (m rows; the last season repeated),
 *   the naive forecast when the history is shorter than a season or m ≤ 1;
 * - `drift`: the line through the first and the last value of the history, extended (Hyndman &
 *   Athanasopoulos, *Forecasting: Principles and Practice*, 5.2), the naive forecast on one value.
 *
 * MASE's scale (`seasonalNaiveScale`) is the in-sample, one-step seasonal-naive MAE of the training
 * part: mean |y_t − y_{t−m}| (Hyndman & Koehler 2006), with m = 1 when there is no season.
 */

export const BASELINE_KINDS = ['naive', 'seasonalNaive', 'drift'] as const;
export type BaselineKind = (typeof BASELINE_KINDS)[number];

/** Words for messages and the headline. */
export const BASELINE_LABELS: Record<BaselineKind, string> = {
  naive: 'naive',
  seasonalNaive: 'seasonal naive',
  drift: 'drift',
};

/**
 * One baseline's forecast of `horizon` steps after a history: `history(i)` for i in 0…length−1 (oldest
 * first) → `out[0…horizon)`. No allocation: called per validation window and target.
 */
export function baselineForecast(
  kind: BaselineKind,
  history: (index: number) => number,
  length: number,
  horizon: number,
  season: number,
  out: Float64Array,
): void {
  const last = history(length - 1);
  if (kind === 'seasonalNaive' && season > 1 && length >= season) {
    // Step h (1-based) repeats the value (h − 1) mod m steps into the last season.
    for (let h = 0; h < horizon; h++) out[h] = history(length - season + (h % season));
    return;
  }
  if (kind === 'drift' && length > 1) {
    const slope = (last - history(0)) / (length - 1);
    for (let h = 0; h < horizon; h++) out[h] = last + (h + 1) * slope;
    return;
  }
  out.fill(last, 0, horizon);
}

/**
 * MASE's scale per target column, in the data's units: the mean absolute one-step seasonal-naive error
 * over the training rows, `values` `[rows, columns]` row-major. m falls back to 1 when the training part
 * is no longer than a season. A constant column gives 0 (its MASE is then not reported).
 */
export function seasonalNaiveScale(
  values: ArrayLike<number>,
  columns: number,
  targetIndices: readonly number[],
  trainRows: number,
  season: number,
): number[] {
  const m = season > 1 && trainRows > season ? season : 1;
  return targetIndices.map((column) => {
    let sum = 0;
    for (let r = m; r < trainRows; r++)
      sum += Math.abs(values[r * columns + column] - values[(r - m) * columns + column]);
    return trainRows > m ? sum / (trainRows - m) : 0;
  });
}

/** Rows per season from the spacing of the dates: hourly 24, daily 7, weekly 52, monthly 12, else 1. */
export function seasonFromDates(dateRange: { first: string; last: string } | null, rows: number): number {
  if (!dateRange || rows < 2) return 1;
  const first = Date.parse(dateRange.first);
  const last = Date.parse(dateRange.last);
  if (!Number.isFinite(first) || !Number.isFinite(last) || last <= first) return 1;
  const hours = (last - first) / (rows - 1) / 3_600_000;
  const near = (target: number, tolerance: number) => Math.abs(hours - target) <= tolerance * target;
  if (near(1, 0.05)) return 24;
  if (near(24, 0.05)) return 7;
  if (near(24 * 7, 0.05)) return 52;
  if (near(24 * 30.44, 0.05)) return 12;
  return 1;
}

/** The season to use: the one given (`--season N`, > 0), else the dates'. */
export function resolveSeason(
  given: number | undefined,
  dateRange: { first: string; last: string } | null,
  rows: number,
) {
  return given !== undefined && given > 0 ? given : seasonFromDates(dateRange, rows);
}
