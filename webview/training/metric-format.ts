/** A forecasting metric's value as the baselines' and the backtest's tables write it. Pure. */

import { formatSignificant } from '../shared/format';

/** Coverage is a share of values (shown as a percentage); every other metric to 4 significant digits. */
export function formatMetricValue(key: string, value: number | undefined): string {
  if (value === undefined || !Number.isFinite(value)) return '—';
  return key === 'coverage' ? `${(value * 100).toFixed(1)} %` : formatSignificant(value, 4);
}
