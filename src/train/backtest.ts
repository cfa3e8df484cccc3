/**
 * A rolling-origin backtest: K origins at the end of the validation part, each forecasting the horizon
 * from the history before it — the last window, then the one `horizon` rows earlier, and so on, so the
 * K forecasts tile the last K × horizon rows. Each origin is scored alone (the model and the task's
 * baselines); the backtest's metrics are the mean over the origins. It reads the validation split as
 * windows (`validationUnits`), which is how a forecaster's is counted. An interval calibration is fitted
 * on the validation windows before the backtest's rows (`calibrationWindows`).
 */

import type { TrainableModel } from '../engine/trainable-model';
import { chooseValidationSample, type ValidationUnits } from '../data/validation-sample';
import { maseGain } from '../protocol/baseline-headline';
import type { Metrics } from '../protocol/metrics';
import type { BacktestOrigin } from '../protocol/run-records';
import type { EvaluationContext } from '../tasks/task-training';
import { evaluateWithExamples } from './evaluate';

export interface Backtest {
  /** The mean over the origins of each metric. */
  metrics: Metrics;
  /** The mean over the origins of each baseline's metrics, when the task scores baselines. */
  baselines?: Record<string, Metrics>;
  origins: BacktestOrigin[];
}

export interface BacktestPlan {
  /** Origins asked for (`--backtest K`); fewer when the validation part holds fewer. */
  origins: number;
  /** Rows between two origins: the horizon. */
  spacing: number;
  /** The row (0-based, in the series) of the first forecast step of validation window 0. */
  firstForecastRow: number;
}

/** Backtests `model` on the last windows of `units`, or null when there is no window. */
export function runBacktest(
  model: TrainableModel,
  units: ValidationUnits,
  plan: BacktestPlan,
  context: EvaluationContext,
): Backtest | null {
  const chosen = backtestWindows(units.count, plan.origins, plan.spacing);
  if (chosen.length === 0) return null;
  const origins: BacktestOrigin[] = [];
  for (const unit of chosen) {
    const scored = evaluateWithExamples(model, units.batches(1, Int32Array.of(unit)), context);
    const origin = plan.firstForecastRow + unit;
    const label = units.originLabel?.(unit) ?? `row ${origin + 1}`;
    origins.push({ origin, label, metrics: scored.metrics, baselines: scored.baselines ?? {} });
  }
  const metrics = meanMetrics(origins.map((o) => o.metrics));
  const baselineKeys = Object.keys(origins[0].baselines);
  if (baselineKeys.length === 0) return { metrics, origins };
  const baselines = Object.fromEntries(
    baselineKeys.map((key) => [key, meanMetrics(origins.map((o) => o.baselines[key]))]),
  );
  // The gain over the best baseline of the mean MASEs (not the mean of each origin's gain), as the headline says it.
  const gain = maseGain(metrics, baselines);
  if (gain !== null) metrics.maseVsBestBaseline = gain;
  return { metrics, baselines, origins };
}

/** The windows of the origins, oldest first: the last one and every `spacing`-th before it, at most `origins`. */
export function backtestWindows(count: number, origins: number, spacing: number): number[] {
  const windows: number[] = [];
  for (let k = 0; k < origins; k++) {
    const unit = count - 1 - k * spacing;
    if (unit < 0) break;
    windows.unshift(unit);
  }
  return windows;
}

/** Each key's mean over the records that have it (a baseline's metrics have no loss). */
function meanMetrics(records: Metrics[]): Metrics {
  const sums = new Map<string, { sum: number; count: number }>();
  for (const record of records)
    for (const [key, value] of Object.entries(record)) {
      if (value === undefined) continue;
      const entry = sums.get(key) ?? { sum: 0, count: 0 };
      entry.sum += value;
      entry.count++;
      sums.set(key, entry);
    }
  return Object.fromEntries([...sums].map(([key, { sum, count }]) => [key, sum / count])) as Metrics;
}

/** Most validation windows an interval calibration is fitted on (a fixed sample of them above). */
export const MAX_CALIBRATION_WINDOWS = 4096;

/**
 * The validation windows an interval calibration is fitted on, ascending: every window whose forecast
 * rows end before the backtest's first forecast row (none of the `origins` × `spacing` rows a backtest
 * scores, so its coverage is measured on rows the calibration never saw; `origins` 0: every window), at
 * most MAX_CALIBRATION_WINDOWS of them (a sample seeded by `seed`). Empty when the backtest takes them all.
 */
export function calibrationWindows(count: number, origins: number, spacing: number, seed: number): Int32Array {
  const usable = Math.max(0, origins > 0 ? count - origins * spacing : count);
  if (usable === 0) return new Int32Array(0);
  return (
    chooseValidationSample(usable, MAX_CALIBRATION_WINDOWS, seed) ?? Int32Array.from({ length: usable }, (_, i) => i)
  );
}
