/**
 * The header's text, worked out from a run's meta: status, epoch e/E, step s/S, speed, times and the
 * best validation. Pure: no DOM.
 */

import type { RunStatus } from '../../src/protocol/training-events';
import { epochsToRun } from '../../src/protocol/run-length';
import type { RunMeta } from '../../src/protocol/training-panel';
import { describeValidationScope } from '../../src/protocol/validation-scope';
import { formatDuration, formatInteger, formatPercent, formatRate, formatSignificant } from '../shared/format';
import * as l10n from '../shared/l10n';

export interface RunSummaryText {
  status: RunStatus;
  statusMessage: string;
  /** 1-based epoch in progress (the last one once the run has ended). */
  epoch: number;
  epochText: string;
  stepText: string;
  /** Fraction of all steps done, 0…1. */
  progress: number;
  speedText: string;
  elapsedText: string;
  remainingText: string;
  bestText: string;
  /** The best evaluation in parts: headline value, its unit, and where it happened. */
  best: { value: string; unit: string; where: string } | null;
  /** The task's other metrics at the best evaluation (`word error rate 41.2%`), '' when it shows none. */
  besideText: string;
  /** What each evaluation scores ("validation: 2 048 of 81 920 windows (a fixed sample)"), '' when not recorded. */
  validationText: string;
}

export function isActive(status: RunStatus): boolean {
  return status === 'running' || status === 'paused';
}

export function summarizeRun(meta: RunMeta): RunSummaryText {
  const active = isActive(meta.status);
  // A run bounded by its steps shows the epochs those steps reach, not the million it was given.
  const epochs = Math.max(0, epochsToRun(meta));
  // `meta.epoch` is the 0-based epoch in progress. A run that ended between epochs has already moved
  // on to the next (unstarted) one, so it shows the last epoch it worked on.
  const started = active || meta.epochProgress > 0 ? 1 : 0;
  const epoch = Math.max(1, epochs > 0 ? Math.min(epochs, meta.epoch + started) : meta.epoch + started);
  const progress = meta.totalSteps > 0 ? Math.min(1, Math.max(0, meta.step / meta.totalSteps)) : 0;
  const best = meta.best;
  let bestText = '—';
  let bestParts: RunSummaryText['best'] = null;
  if (best) {
    const headline = best.metrics[meta.metric.key];
    const value = headline !== undefined ? formatHeadline(meta.metric, headline) : formatSignificant(best.metrics.loss);
    // Accuracy reads as "93.1% accuracy"; others as "1.734 bits per character".
    const unit = headline !== undefined ? meta.metric.label : l10n.t('validation loss');
    const where = l10n.t('step {0} · epoch {1}', formatInteger(best.step), formatInteger(best.epoch + 1));
    bestText = `${where} · ${unit} ${value}`;
    bestParts = { value, unit, where };
  }
  const besideText = (meta.besideMetrics ?? [])
    .filter((m) => best?.metrics[m.key] !== undefined)
    .map((m) => `${m.label} ${formatHeadline(m, best!.metrics[m.key]!)}`)
    .join(' · ');
  return {
    status: meta.status,
    statusMessage: meta.message ?? '',
    epoch,
    epochText: `${formatInteger(epoch)} / ${formatInteger(epochs)}`,
    stepText: `${formatInteger(meta.step)} / ${formatInteger(meta.totalSteps)}`,
    progress,
    speedText: meta.samplesPerSecond > 0 ? l10n.t('{0} samples/s', formatRate(meta.samplesPerSecond)) : '—',
    elapsedText: formatDuration(meta.elapsedSeconds),
    remainingText: active ? formatDuration(meta.remainingSeconds) : '—',
    bestText,
    best: bestParts,
    besideText,
    validationText: meta.validation
      ? l10n.t('validation: {0}', describeValidationScope(meta.validation, { formatCount: formatInteger }))
      : '',
  };
}

export type ControlId =
  'pause' | 'resume' | 'stop' | 'open-best' | 'open-folder' | 'inspect-gates' | 'export-csv' | 'export-png';

/** Which buttons can be used now. */
export function enabledControls(
  meta: RunMeta | undefined,
  data: { steps: number; evaluations: number; lossChartVisible: boolean },
): Record<ControlId, boolean> {
  const status = meta?.status;
  return {
    pause: status === 'running',
    resume: status === 'paused',
    stop: status === 'running' || status === 'paused',
    'open-best': meta?.hasBestCheckpoint === true,
    'open-folder': !!meta?.runDir,
    'inspect-gates': !!meta?.runDir,
    'export-csv': data.steps + data.evaluations > 0,
    'export-png': data.steps > 0 && data.lossChartVisible,
  };
}

/** A headline metric the way people quote it: a percentage to one decimal, the rest to 4 significant digits. */
function formatHeadline(metric: RunMeta['metric'], value: number): string {
  if (!Number.isFinite(value)) return '—';
  return metric.format === 'percent' ? formatPercent(value, 1) : formatSignificant(value, 4);
}
