/**
 * What became of a sweep's trials, and their ranking by the task's headline metric
 * (`TaskPresentation.headline`, better by `higherIsBetter`): the CLI's final table and the extension's
 * closing notification. Pure.
 */

import type { Metrics } from './metrics';
import type { EvaluationRecord } from './run-records';
import type { TrialEnd, TrialStatus } from './sweep-scheduler';
import type { RunSummary } from './training-events';
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

/** How a trial's run ended: its summary, or why it failed before one (a worker error, a refused setting). */
export type TrialRunEnd = { summary: RunSummary } | { failure: string; runDir?: string };

/**
 * Writes how a trial's run ended into its result — its summary, or why it failed before one — and
 * answers the end the scheduler counts.
 */
export function recordTrialEnd(result: SweepTrialResult, end: TrialRunEnd): TrialEnd {
  if (!('summary' in end)) {
    result.status = 'failed';
    result.message = end.failure;
    result.runDir = end.runDir ?? result.runDir;
    return { status: 'failed', message: end.failure };
  }
  const s = end.summary;
  const status = s.status === 'finished' || s.status === 'stopped' ? s.status : 'failed';
  Object.assign(result, { status, runDir: s.runDir, seconds: s.seconds, steps: s.steps, final: s.final, best: s.best });
  if (s.reason) result.message = s.reason;
  return { status, message: s.reason };
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
