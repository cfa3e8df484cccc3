/**
 * A rolling-origin backtest (`EvaluationRecord.backtest`: each origin's metrics, the model's and the
 * baselines') as the panel's table and chart use it. Pure: no DOM, no chart.js.
 */

import type { Metrics } from '../../src/protocol/metrics';
import type { BacktestOrigin, EvaluationRecord } from '../../src/protocol/run-records';
import type { RunMeta } from '../../src/protocol/training-panel';
import { formatInteger } from '../shared/format';
import { baselineKeys, bestBaseline } from './baselines';
import * as l10n from '../shared/l10n';

/** The latest evaluation that ran a backtest, or null. */
export function latestBacktest(evaluations: readonly EvaluationRecord[]): EvaluationRecord | null {
  for (let k = evaluations.length - 1; k >= 0; k--) {
    const backtest = evaluations[k].backtest;
    if (backtest && backtest.length > 0) return evaluations[k];
  }
  return null;
}

/**
 * The backtest the panel shows: the run's final one (`--backtest K` scores the final model), else the
 * latest evaluation's; with which model it scored, in words. Null when there is none.
 */
export function backtestToShow(
  meta: RunMeta,
  evaluations: readonly EvaluationRecord[],
): { origins: BacktestOrigin[]; where: string } | null {
  const final = meta.final?.backtest;
  if (final && final.length > 0) return { origins: final, where: l10n.t('the final model') };
  const record = latestBacktest(evaluations);
  return record
    ? { origins: record.backtest!, where: l10n.t('the model at step {0}', formatInteger(record.step)) }
    : null;
}

/** The model's columns of the table, those the origins have: MAE, MASE, then the interval's coverage. */
export function backtestMetricKeys(origins: readonly BacktestOrigin[]): string[] {
  return ['mae', 'mase', 'coverage'].filter((key) => origins.some((o) => o.metrics[key] !== undefined));
}

/** What one origin's baselines are ranked by: MASE when they have it, else MAE. */
export function backtestRankingMetric(origins: readonly BacktestOrigin[]): string {
  const scored = origins.flatMap((o) => Object.values(o.baselines));
  return scored.length > 0 && scored.every((b) => b.mase !== undefined) ? 'mase' : 'mae';
}

export interface BacktestRow {
  origin: number;
  label: string;
  metrics: Metrics;
  /** The origin's best baseline by the ranking metric, with all its metrics; null when it has none. */
  best: { key: string; metrics: Metrics } | null;
  /** Whether the model beat that baseline at this origin on the ranking metric. */
  beats: boolean | null;
}

export function backtestRows(origins: readonly BacktestOrigin[]): BacktestRow[] {
  const ranking = backtestRankingMetric(origins);
  return origins.map((origin) => {
    const best = bestBaseline(origin.baselines, ranking);
    const model = origin.metrics[ranking];
    return {
      origin: origin.origin,
      label: origin.label,
      metrics: origin.metrics,
      best: best ? { key: best.key, metrics: origin.baselines[best.key] } : null,
      beats: best && model !== undefined ? model < best.value : null,
    };
  });
}

export interface BacktestSeries {
  /** The x axis: one category per origin, in order. */
  labels: string[];
  metric: string;
  model: number[];
  baselines: { key: string; values: number[] }[];
}

/** The per-origin `metric` of the model and of every baseline (NaN where one was not scored: a gap). */
export function backtestSeries(origins: readonly BacktestOrigin[], metric: string): BacktestSeries {
  const value = (metrics: Metrics | undefined) => metrics?.[metric] ?? NaN;
  return {
    labels: origins.map((o) => o.label),
    metric,
    model: origins.map((o) => value(o.metrics)),
    baselines: baselineKeys(origins).map((key) => ({ key, values: origins.map((o) => value(o.baselines[key])) })),
  };
}
