/**
 * A rolling-origin backtest: K origins at the end of the validation part, each forecasting the horizon
 * from the history before it — the last window, then the one `horizon` rows earlier, and so on, so the
 * K forecasts tile the last K × horizon rows. Each origin is scored alone (the model and the task's
 * baselines); the backtest's metrics are the mean over the origins. It reads the validation split as
 * windows (`validationUnits`), which is how a forecaster's is counted.
 */

import type { TrainableModel } from '../engine/trainable-model';
import type { ValidationUnits } from '../data/validation-sample';
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
    origins.push({ origin, label: `row ${origin + 1}`, metrics: scored.metrics, baselines: scored.baselines ?? {} });
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
