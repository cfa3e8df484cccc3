/**
 * The one notification a run gets, when it ends: finished (with *Open Panel* and, when it left a
 * checkpoint, *Predict…*) or failed (an error, with *Open Panel*). A run the user stopped gets none: they
 * know, and the status bar and the panel say so. While a run trains, nothing stays up: the status bar item
 * and the Training panel report. Pure (no `vscode`): run-end-notification.ts shows it.
 */

import type { RunStatus } from '../protocol/run-records';
import type { MetricFormat } from '../protocol/task-presentation';

export type RunEndButton = 'open-panel' | 'predict';

export interface RunEndNotice {
  severity: 'information' | 'error';
  kind: 'finished' | 'failed';
  buttons: RunEndButton[];
}

export interface RunEndFacts {
  status: RunStatus;
  hasBestCheckpoint: boolean;
  hasLastCheckpoint: boolean;
}

export function runEndNotice(run: RunEndFacts): RunEndNotice | undefined {
  if (run.status === 'failed') return { severity: 'error', kind: 'failed', buttons: ['open-panel'] };
  if (run.status !== 'finished') return undefined;
  const canPredict = run.hasBestCheckpoint || run.hasLastCheckpoint;
  return {
    severity: 'information',
    kind: 'finished',
    buttons: canPredict ? ['open-panel', 'predict'] : ['open-panel'],
  };
}

/** What the finished notification may say of the model: the headline metric's best (or final) value. */
export interface HeadlineFacts {
  metric: { key: string; label: string; format: MetricFormat };
  best: { metrics: Record<string, number | undefined> } | null;
  final?: { metrics: Record<string, number | undefined> };
}

/**
 * The headline metric in words (`91.3 % accuracy`, `MAE 0.1234`) with the locale's digits, from the best
 * evaluation, else the final scores; undefined when the run has neither.
 */
export function headlineOf(run: HeadlineFacts, locale?: string): string | undefined {
  const value = run.best?.metrics[run.metric.key] ?? run.final?.metrics[run.metric.key];
  if (value === undefined || !Number.isFinite(value)) return undefined;
  if (run.metric.format === 'percent')
    return `${new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(value)} ${run.metric.label}`;
  return `${run.metric.label} ${new Intl.NumberFormat(locale, { maximumSignificantDigits: 4 }).format(value)}`;
}
