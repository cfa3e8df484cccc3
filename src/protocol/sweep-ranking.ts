/**
 * A sweep's trials ranked by the task's headline metric (`TaskPresentation.headline`, better by
 * `higherIsBetter`): the CLI's final table and the extension's closing notification. Pure.
 */

import type { Metrics } from './metrics';
import type { EvaluationRecord } from './run-records';
import type { TrialStatus } from './sweep-scheduler';
import type { MetricDescriptor } from './task-presentation';
import type { TrainingConfig } from './training-config';

/** What became of one trial. */
export interface SweepTrialResult {
  index: number;
  /** Its swept settings. */
  settings: Partial<TrainingConfig>;
  status: TrialStatus;
  /** Its run folder, once it had one. */
  runDir?: string;
  seconds?: number;
  steps?: number;
  final: Metrics | null;
  best: EvaluationRecord | null;
  /** Why it failed or ended early. */
  message?: string;
}

/**
 * The value a trial is ranked by: its final validation headline metric, else its best evaluation's
 * (a run stopped before its final evaluation), else undefined.
 */
export function headlineValue(result: SweepTrialResult, metric: MetricDescriptor): number | undefined {
  const value = result.final?.[metric.key] ?? result.best?.metrics[metric.key];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** Best first; trials without a value (failed, skipped, no validation) after them, in the sweep's order. */
export function rankSweepTrials(results: readonly SweepTrialResult[], metric: MetricDescriptor): SweepTrialResult[] {
  const sign = metric.higherIsBetter ? -1 : 1;
  return [...results].sort((a, b) => {
    const va = headlineValue(a, metric);
    const vb = headlineValue(b, metric);
    if (va === undefined || vb === undefined) return va !== undefined ? -1 : vb !== undefined ? 1 : a.index - b.index;
    return va !== vb ? sign * (va - vb) : a.index - b.index;
  });
}

/** A metric's value as the task shows it: `81.2 %`, `0.4521`. */
export function formatMetricValue(value: number, metric: MetricDescriptor): string {
  return metric.format === 'percent' ? `${(value * 100).toFixed(1)} %` : value.toPrecision(4);
}
