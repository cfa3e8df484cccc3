/** A forecasting metric's value as the baselines' and the backtest's tables write it. Pure. */

import { formatPercent, formatSignificant } from '../shared/format';

/** Metrics that are shares (the task presents them as percentages): coverage, sMAPE, the MASE gain. */
const PERCENT_METRICS = new Set(['coverage', 'smape', 'maseVsBestBaseline']);

/** A share as a percentage to one decimal; every other metric to 4 significant digits. */
export function formatMetricValue(key: string, value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  return PERCENT_METRICS.has(key) ? formatPercent(value, 1) : formatSignificant(value, 4);
}
