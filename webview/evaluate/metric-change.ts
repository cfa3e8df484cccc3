/**
 * Metrics before and after an ablation, as the Ablation tab lists them: which way is better for each,
 * and whether the change made it better or worse. Pure.
 *
 * The summary carries values, not the task's metric descriptors, so the direction is known here by key:
 * the scores where higher is better (the `higherIsBetter: true` metrics of src/tasks/…/presentation.ts);
 * every other metric (loss, perplexity, bits per character, MAE, RMSE, …) is an error, lower is better.
 */

import type { Metrics } from '../../src/protocol/metrics';
import * as l10n from '../shared/l10n';

const HIGHER_IS_BETTER = new Set([
  'accuracy',
  'exactMatch',
  'tokenAccuracy',
  'bleu',
  'chrF',
  'coverage',
  'rawCoverage',
  'maseVsBestBaseline',
]);

export function higherIsBetter(key: string): boolean {
  return HIGHER_IS_BETTER.has(key);
}

export type ChangeVerdict = 'better' | 'worse' | 'same';

export interface MetricChange {
  key: string;
  before: number | undefined;
  after: number | undefined;
  /** after − before (NaN when either is missing). */
  difference: number;
  verdict: ChangeVerdict;
}

/**
 * One row per metric either side has, `loss` first, then the rest in `before`'s order. A change smaller
 * than `tolerance` relative to the larger magnitude counts as the same (float noise of a re-run).
 */
export function metricChanges(before: Metrics, after: Metrics, tolerance = 1e-6): MetricChange[] {
  const keys = [...new Set(['loss', ...Object.keys(before), ...Object.keys(after)])].filter(
    (key) => before[key] !== undefined || after[key] !== undefined,
  );
  return keys.map((key) => {
    const b = before[key];
    const a = after[key];
    const difference = a !== undefined && b !== undefined ? a - b : Number.NaN;
    const scale = Math.max(Math.abs(a ?? 0), Math.abs(b ?? 0), 1e-12);
    let verdict: ChangeVerdict = 'same';
    if (Number.isFinite(difference) && Math.abs(difference) > tolerance * scale) {
      verdict = difference > 0 === higherIsBetter(key) ? 'better' : 'worse';
    }
    return { key, before: b, after: a, difference, verdict };
  });
}

/** A metric's name in words (`bitsPerChar` → `bits per character`); an unknown key as it is. */
export function metricLabel(key: string): string {
  switch (key) {
    case 'loss':
      return l10n.t('loss');
    case 'accuracy':
      return l10n.t('accuracy');
    case 'bitsPerChar':
      return l10n.t('bits per character');
    case 'perplexity':
      return l10n.t('perplexity');
    case 'mae':
      return l10n.t('MAE');
    case 'rmse':
      return l10n.t('RMSE');
    case 'mase':
      return l10n.t('MASE');
    case 'smape':
      return l10n.t('sMAPE');
    default:
      return key;
  }
}
