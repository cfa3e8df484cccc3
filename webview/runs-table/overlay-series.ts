/**
 * The overlay chart's data: which metrics the selected runs share (training loss always; a validation
 * metric when every selected run has evaluated it — runs of different tasks line up by the metric's
 * name) and each run's points for one of them. Pure.
 */

import type { RunCurves } from '../../src/protocol/runs-table';

/** `train:loss` = the training loss by step; `val:<key>` = a validation metric by step. */
export type OverlayMetric = string;
export const TRAINING_LOSS: OverlayMetric = 'train:loss';

/** The validation metric keys every one of `curves` has at least one evaluation of, in first-seen order. */
export function sharedValidationMetrics(curves: readonly RunCurves[]): string[] {
  if (curves.length === 0) return [];
  const perRun = curves.map((c) => new Set(c.evaluations.flatMap((e) => Object.keys(e.metrics))));
  const ordered = [...new Set(curves.flatMap((c) => c.evaluations.flatMap((e) => Object.keys(e.metrics))))];
  return ordered.filter((key) => perRun.every((keys) => keys.has(key)));
}

/** The metrics the dropdown offers for `curves`: the training loss, then the shared validation metrics. */
export function overlayMetrics(curves: readonly RunCurves[]): OverlayMetric[] {
  return [TRAINING_LOSS, ...sharedValidationMetrics(curves).map((key) => `val:${key}`)];
}

/** One run's points of `metric` (x = step). */
export function overlayPoints(curves: RunCurves, metric: OverlayMetric): { x: number; y: number }[] {
  if (metric === TRAINING_LOSS) return curves.steps.map((x, k) => ({ x, y: curves.loss[k] }));
  const key = metric.slice('val:'.length);
  return curves.evaluations.flatMap((e) => (e.metrics[key] === undefined ? [] : [{ x: e.step, y: e.metrics[key] }]));
}
