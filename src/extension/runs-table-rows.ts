/**
 * A run's row of the Runs table, from its run.json (and, while it trains, the live state the run manager
 * keeps), and the setting and metric lists the table names its columns by. Pure (no `vscode`), so it is
 * unit-tested directly.
 */

import type { DatasetColumns } from '../protocol/dataset';
import type { Metrics } from '../protocol/metrics';
import type { RunManifest } from '../protocol/run-manifest';
import type { RunCurves, RunsTableRun, SettingColumnInfo, SettingValue } from '../protocol/runs-table';
import type { MetricDescriptor } from '../protocol/task-presentation';
import type { EvaluationRecord } from '../protocol/training-events';
import type { RunMeta, StepSeries } from '../protocol/training-panel';
import { TRAINING_SETTINGS } from '../protocol/training-settings';
import * as l10n from './l10n';
import { runMetaOf } from './run-state';
import { allTaskWords, trainingSettingWords } from './task-words';

/**
 * The columns a run reads, as the table compares them: the ones detection chose or the user set (the
 * summary records what training used), under the names of the form's column overrides.
 */
const COLUMN_SETTINGS: readonly { key: string; label: () => string; column: keyof DatasetColumns }[] = [
  { key: 'textColumn', label: () => l10n.t('Text column'), column: 'text' },
  { key: 'labelColumn', label: () => l10n.t('Label column'), column: 'label' },
  { key: 'targetColumns', label: () => l10n.t('Columns to forecast'), column: 'targets' },
  { key: 'featureColumns', label: () => l10n.t('Feature columns'), column: 'features' },
  { key: 'dateColumn', label: () => l10n.t('Date column'), column: 'date' },
  { key: 'sourceColumn', label: () => l10n.t('Source column'), column: 'source' },
  { key: 'targetColumn', label: () => l10n.t('Target column'), column: 'target' },
];

/** Every setting a row may have: the training settings in the form's order, then the columns. */
export function runsTableSettings(): SettingColumnInfo[] {
  return [
    ...COLUMN_SETTINGS.map((c): SettingColumnInfo => ({ key: c.key, label: c.label(), kind: 'text' })),
    ...trainingSettingWords().map((s): SettingColumnInfo => ({
      key: s.key,
      label: s.label,
      // A list of numbers (quantile levels) shows as text, like the column lists above.
      kind: s.kind === 'numberList' ? 'text' : s.kind,
      flag: s.flag,
      ...(s.choices ? { choices: s.choices } : {}),
    })),
  ];
}

/** The validation loss, which every task reports, then each registered task's metrics (each key once). */
export function runsTableMetrics(): MetricDescriptor[] {
  const metrics: MetricDescriptor[] = [
    { key: 'loss', label: l10n.t('validation loss'), higherIsBetter: false, format: 'decimal' },
  ];
  for (const task of allTaskWords())
    for (const metric of task.metrics) if (!metrics.some((m) => m.key === metric.key)) metrics.push(metric);
  return metrics;
}

/**
 * The row of a run: `manifest` as read from its run.json, `live` the run manager's state while a worker
 * of this window trains it (its progress is newer than the file's).
 */
export function runsTableRow(manifest: RunManifest, runDir: string, live?: RunMeta): RunsTableRun {
  const meta = live ?? runMetaOf(manifest, { runDir, live: false });
  const settings: Record<string, SettingValue> = {};
  const config = manifest.config as unknown as Record<string, unknown>;
  for (const s of TRAINING_SETTINGS) {
    const value = config[s.key];
    if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean') settings[s.key] = value;
  }
  const columns = manifest.dataset.summary?.columns ?? {};
  for (const c of COLUMN_SETTINGS) {
    const value = columns[c.column];
    if (typeof value === 'string') settings[c.key] = value;
    else if (Array.isArray(value)) settings[c.key] = value.join(', ');
  }
  const sweep = manifest.sweep;
  return {
    id: manifest.id,
    datasetName: manifest.dataset.name,
    task: manifest.config.task,
    taskName: meta.taskName,
    status: meta.status,
    active: live !== undefined,
    started: manifest.created,
    elapsedSeconds: meta.elapsedSeconds,
    step: meta.step,
    totalSteps: meta.totalSteps,
    sweep: sweep ? { id: sweep.id, name: sweep.name, index: sweep.index, count: sweep.count } : null,
    settings,
    final: finiteMetrics(manifest.final),
    best: finiteMetrics(meta.best?.metrics ?? null),
    headline: meta.metric.key,
  };
}

/** At most this many training-loss points per run in the overlay chart (a long run has millions of steps). */
export const MAX_CURVE_POINTS = 2000;

/** A run's curves for the overlay chart: its training loss thinned to `maxPoints` (the last step kept), every evaluation. */
export function runCurves(
  runId: string,
  history: { steps: StepSeries; evaluations: EvaluationRecord[] },
  maxPoints = MAX_CURVE_POINTS,
): RunCurves {
  const { step, loss } = history.steps;
  const stride = Math.max(1, Math.ceil(step.length / maxPoints));
  const steps: number[] = [];
  const losses: number[] = [];
  for (let k = 0; k < step.length; k += stride) {
    steps.push(step[k]);
    losses.push(loss[k]);
  }
  const last = step.length - 1;
  if (last >= 0 && steps[steps.length - 1] !== step[last]) {
    steps.push(step[last]);
    losses.push(loss[last]);
  }
  return {
    runId,
    steps,
    loss: losses,
    evaluations: history.evaluations.map((e) => ({ step: e.step, metrics: finiteMetrics(e.metrics) })),
  };
}

/**
 * Rows keyed by a unique id: a run id seen twice (two workspace folders, a copied run folder) gets
 * ` (2)`, ` (3)` … so the webview can name each row.
 */
export function uniqueIds<T extends { id: string }>(rows: readonly T[]): T[] {
  const seen = new Map<string, number>();
  return rows.map((row) => {
    const count = (seen.get(row.id) ?? 0) + 1;
    seen.set(row.id, count);
    return count === 1 ? row : { ...row, id: `${row.id} (${count})` };
  });
}

function finiteMetrics(metrics: Metrics | null): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [key, value] of Object.entries(metrics ?? {}))
    if (typeof value === 'number' && Number.isFinite(value)) out[key] = value;
  return out;
}
