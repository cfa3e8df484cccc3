/**
 * Which scalars of a run go to TensorBoard, under which tags: the rows metrics.csv has, grouped the way
 * TensorBoard groups tags (by the part before the slash), so each group is one section of its Scalars tab.
 */

import type { EvaluationRecord, StepRecord } from '../../protocol/run-records';
import type { Scalar } from './event-schema';

/** `train/loss`, `train/lr`, `train/grad_norm` of one optimizer step. */
export function stepScalars(record: StepRecord): Scalar[] {
  return [
    { tag: 'train/loss', value: record.loss },
    { tag: 'train/lr', value: record.lr },
    { tag: 'train/grad_norm', value: record.gradNorm },
  ];
}

/** `validation/loss` and `validation/<key>` for every task metric one evaluation has. */
export function evaluationScalars(record: EvaluationRecord): Scalar[] {
  const scalars: Scalar[] = [];
  for (const [key, value] of Object.entries(record.metrics)) {
    if (typeof value === 'number') scalars.push({ tag: `validation/${key}`, value });
  }
  return scalars;
}
