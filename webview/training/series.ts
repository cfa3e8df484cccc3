/**
 * From the runs the panel holds to the points a chart draws, for the chosen x axis: step, epoch
 * (fractional: step / stepsPerEpoch) or wall time in seconds. Pure: no DOM, no chart.js.
 */

import type { EvaluationRecord } from '../../src/protocol/training-events';
import type { Metrics } from '../../src/protocol/metrics';
import type { RunView } from './run-store';
import { thinIndices } from './thinning';
import type { XAxisMode } from './view-settings';

export interface Point {
  x: number;
  y: number;
}

/** The x of training step `i` of `run`. */
export function stepX(run: RunView, mode: XAxisMode, i: number): number {
  const steps = run.steps;
  switch (mode) {
    case 'step':
      return steps.step[i];
    case 'time':
      return steps.time[i];
    case 'epoch':
      return run.meta.stepsPerEpoch > 0 ? steps.step[i] / run.meta.stepsPerEpoch : steps.epoch[i];
  }
}

export function evaluationX(run: RunView, mode: XAxisMode, record: EvaluationRecord): number {
  switch (mode) {
    case 'step':
      return record.step;
    case 'time':
      return record.time;
    case 'epoch':
      return run.meta.stepsPerEpoch > 0 ? record.step / run.meta.stepsPerEpoch : record.epoch;
  }
}

/**
 * Points of one per-step series (`values[i]` belongs to step i), thinned to about `bucketCount`
 * buckets. Epochs are proportional to steps, so both bucket on steps; wall time buckets on time.
 * With `positiveOnly` (log scale), values ≤ 0 become gaps.
 */
export function stepPoints(
  run: RunView,
  values: ArrayLike<number>,
  mode: XAxisMode,
  bucketCount: number,
  positiveOnly = false,
): Point[] {
  const bucketXs = mode === 'time' ? run.steps.time : run.steps.step;
  const indices = thinIndices(bucketXs, values, bucketCount);
  const points = new Array<Point>(indices.length);
  for (let k = 0; k < indices.length; k++) {
    const i = indices[k];
    const y = values[i];
    points[k] = { x: stepX(run, mode, i), y: positiveOnly && !(y > 0) ? NaN : y };
  }
  return points;
}

/** One validation metric per evaluation (evaluations without it are skipped). */
export function evaluationPoints(run: RunView, key: keyof Metrics, mode: XAxisMode, positiveOnly = false): Point[] {
  const points: Point[] = [];
  for (const record of run.evaluations) {
    const y = record.metrics[key];
    if (y === undefined) continue;
    points.push({ x: evaluationX(run, mode, record), y: positiveOnly && !(y > 0) ? NaN : y });
  }
  return points;
}

/** The largest x any of the runs reaches (steps or evaluations), or null with no data. */
export function xExtent(runs: readonly RunView[], mode: XAxisMode): number | null {
  let max = -Infinity;
  for (const run of runs) {
    const n = run.steps.step.length;
    if (n > 0) max = Math.max(max, stepX(run, mode, n - 1));
    const last = run.evaluations[run.evaluations.length - 1];
    if (last) max = Math.max(max, evaluationX(run, mode, last));
  }
  return Number.isFinite(max) ? max : null;
}
