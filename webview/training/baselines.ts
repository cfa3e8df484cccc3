/**
 * The naive baselines a forecaster is measured against (`EvaluationRecord.baselines`: `naive`,
 * `seasonalNaive`, `drift`, each with the model's metrics on the same windows) as the panel shows them:
 * their names, their stepped lines on the metric chart, the best of them, and how the model compares.
 * Pure: no DOM, no chart.js.
 */

import type { Metrics } from '../../src/protocol/metrics';
import type { EvaluationRecord } from '../../src/protocol/run-records';
import type { RunMeta } from '../../src/protocol/training-panel';
import { formatInteger, formatPercent, formatSignificant } from '../shared/format';
import type { RunView } from './run-store';
import type { Point } from './series';
import { evaluationX } from './series';
import type { XAxisMode } from './view-settings';
import * as l10n from '../shared/l10n';

/** The baselines in the order the panel lists them, with their names in words. */
/** The baselines the forecasting task scores, in their order. */
const BASELINE_KEYS = ['naive', 'seasonalNaive', 'drift'];

export function baselineName(key: string): string {
  switch (key) {
    case 'naive':
      return l10n.t('naive');
    case 'seasonalNaive':
      return l10n.t('seasonal naive');
    case 'drift':
      return l10n.t('drift');
    default:
      return key;
  }
}

/** Every baseline key in `records` (known ones first, in their order; others after, as they come). */
export function baselineKeys(records: readonly { baselines?: Record<string, Metrics> }[]): string[] {
  const found = new Set<string>();
  for (const record of records) for (const key of Object.keys(record.baselines ?? {})) found.add(key);
  const known = BASELINE_KEYS.filter((key) => found.has(key));
  return [...known, ...[...found].filter((key) => !BASELINE_KEYS.includes(key))];
}

/**
 * One baseline's `metric` at every evaluation that scored it, for a stepped line: each value holds until
 * the next evaluation, and the last is carried on to `xEnd` (the chart's right edge) so the baseline
 * reads as a level the model's curve should get under.
 */
export function baselinePoints(
  run: RunView,
  baseline: string,
  metric: string,
  mode: XAxisMode,
  xEnd: number | null,
): Point[] {
  const points: Point[] = [];
  for (const record of run.evaluations) {
    const y = record.baselines?.[baseline]?.[metric];
    if (y === undefined) continue;
    points.push({ x: evaluationX(run, mode, record), y });
  }
  const last = points[points.length - 1];
  if (last && xEnd !== null && xEnd > last.x) points.push({ x: xEnd, y: last.y });
  return points;
}

/** The metric a comparison uses: MASE when model and baselines have it (scale-free), else `fallback`. */
export function comparisonMetric(metrics: Metrics, baselines: Record<string, Metrics>, fallback: string): string {
  const all = Object.values(baselines);
  return metrics.mase !== undefined && all.length > 0 && all.every((b) => b.mase !== undefined) ? 'mase' : fallback;
}

/** The baseline with the best `metric` (lowest, unless higher is better), or null when none has it. */
export function bestBaseline(
  baselines: Record<string, Metrics>,
  metric: string,
  higherIsBetter = false,
): { key: string; value: number } | null {
  let best: { key: string; value: number } | null = null;
  for (const key of baselineKeys([{ baselines }])) {
    const value = baselines[key][metric];
    if (value === undefined || !Number.isFinite(value)) continue;
    if (!best || (higherIsBetter ? value > best.value : value < best.value)) best = { key, value };
  }
  return best;
}

export interface BaselineComparison {
  /** The metric compared (`mase`, or the headline metric). */
  metric: string;
  model: number;
  baseline: string;
  baselineValue: number;
  /** How much better the model is, as a share of the baseline's error (negative: it is worse). */
  improvement: number;
  beats: boolean;
}

/** How the model's metrics compare with the best of the baselines scored with them; null without baselines. */
export function compareWithBaselines(
  metrics: Metrics,
  baselines: Record<string, Metrics> | undefined,
  fallbackMetric: string,
  higherIsBetter = false,
): BaselineComparison | null {
  if (!baselines) return null;
  const metric = comparisonMetric(metrics, baselines, fallbackMetric);
  const model = metrics[metric];
  // MASE and the error metrics are lower-is-better; only the headline may say otherwise.
  const higher = metric === 'mase' ? false : higherIsBetter;
  const best = bestBaseline(baselines, metric, higher);
  if (model === undefined || !Number.isFinite(model) || !best) return null;
  const gain = higher ? model - best.value : best.value - model;
  const improvement = best.value !== 0 ? gain / Math.abs(best.value) : gain > 0 ? Infinity : 0;
  return { metric, model, baseline: best.key, baselineValue: best.value, improvement, beats: gain > 0 };
}

/**
 * The evaluation the summary compares: the best one when it scored the baselines (the weights kept),
 * else the latest that did.
 */
export function evaluationWithBaselines(
  best: EvaluationRecord | null,
  evaluations: readonly EvaluationRecord[],
): EvaluationRecord | null {
  if (best?.baselines && Object.keys(best.baselines).length > 0) return best;
  for (let k = evaluations.length - 1; k >= 0; k--) {
    const baselines = evaluations[k].baselines;
    if (baselines && Object.keys(baselines).length > 0) return evaluations[k];
  }
  return null;
}

/** Forecasting metric keys in words (the panel gets only the headline's descriptor from the host). */
export function metricName(key: string): string {
  switch (key) {
    case 'loss':
      return l10n.t('loss');
    case 'mae':
      return l10n.t('MAE');
    case 'rmse':
      return l10n.t('RMSE');
    case 'mase':
      return l10n.t('MASE');
    case 'smape':
      return l10n.t('sMAPE');
    case 'coverage':
      return l10n.t('coverage');
    case 'intervalWidth':
      return l10n.t('interval width');
    case 'crps':
      return l10n.t('CRPS');
    case 'quantileLoss':
      return l10n.t('quantile loss');
    case 'maseVsBestBaseline':
      return l10n.t('MASE gain over the best baseline');
    default:
      return key;
  }
}

/** "beats seasonal naive by 23 % (MASE 0.71 vs 0.92)" / "does not beat naive (MASE 1.04 vs 0.92)". */
export function comparisonText(comparison: BaselineComparison, format: (value: number) => string): string {
  const figures = l10n.t(
    '({0} {1} vs {2})',
    metricName(comparison.metric),
    format(comparison.model),
    format(comparison.baselineValue),
  );
  const name = baselineName(comparison.baseline);
  if (!comparison.beats) return l10n.t('does not beat {0}, the best baseline {1}', name, figures);
  const percent = Number.isFinite(comparison.improvement) ? formatPercent(comparison.improvement, 0) : l10n.t('far');
  return l10n.t('beats {0}, the best baseline, by {1} {2}', name, percent, figures);
}

/** The model's scores and the baselines' on the same data, and which scores they are, in words. */
export interface ComparedScores {
  metrics: Metrics;
  baselines: Record<string, Metrics>;
  where: string;
}

/**
 * What the panel compares with the baselines: the run's final scores once it has ended with baselines
 * (with `--backtest K`, the means over the origins: the run's headline), else the best evaluation (or
 * the latest with baselines); null for runs without baselines.
 */
export function scoresToCompare(meta: RunMeta, evaluations: readonly EvaluationRecord[]): ComparedScores | null {
  const final = meta.final;
  if (final?.baselines && Object.keys(final.baselines).length > 0) {
    const origins = final.backtest?.length ?? 0;
    const where =
      origins > 0 ? l10n.t('the final model, the mean over {0} backtest origins', origins) : l10n.t('the final model');
    return { metrics: final.metrics, baselines: final.baselines, where };
  }
  const record = evaluationWithBaselines(meta.best, evaluations);
  if (!record) return null;
  const where = l10n.t(
    'validation at step {0} (epoch {1})',
    formatInteger(record.step),
    formatInteger(record.epoch + 1),
  );
  return { metrics: record.metrics, baselines: record.baselines!, where };
}

/**
 * The header's line on the baselines: "Model beats seasonal naive, the best baseline, by 23 % (MASE 0.71 vs
 * 0.92)", from `scoresToCompare`; null for runs without baselines.
 */
export function baselineSummary(
  meta: RunMeta,
  evaluations: readonly EvaluationRecord[],
): { text: string; beats: boolean } | null {
  const scores = scoresToCompare(meta, evaluations);
  if (!scores) return null;
  const comparison = compareWithBaselines(
    scores.metrics,
    scores.baselines,
    meta.metric.key,
    meta.metric.higherIsBetter,
  );
  if (!comparison) return null;
  return {
    text: l10n.t(
      'Model {0}',
      comparisonText(comparison, (v) => formatSignificant(v, 3)),
    ),
    beats: comparison.beats,
  };
}
