/**
 * What a batch's mean loss divides by — the one definition, used by the data-parallel runner (to weight
 * each shard's mean) and by evaluation (to weight each batch's mean): sequences for a last-step or mean
 * head and for CTC (PyTorch's `mean` reduction averages over sequences), real steps for a per-step head,
 * valid target tokens for an encoder–decoder.
 */

import type { Batch } from './batch';
import type { ModelConfig } from './config';

/**
 * How many things sequences [from, to) of `batch` contribute to its mean loss: their sequences (last-step
 * or mean head, or CTC), their real steps (per-step head), or their valid target tokens (the decoder's lengths).
 */
export function lossCount(
  config: Pick<ModelConfig, 'headOn'> & Partial<Pick<ModelConfig, 'loss'>>,
  batch: Batch,
  from: number,
  to: number,
): number {
  if (batch.decoder) {
    let n = 0;
    for (let b = from; b < to; b++) n += batch.decoder.lengths[b];
    return n;
  }
  if (config.headOn === 'last' || config.headOn === 'mean' || config.loss === 'ctc') return to - from;
  if (!batch.lengths) return (to - from) * batch.steps;
  let n = 0;
  for (let b = from; b < to; b++) n += batch.lengths[b];
  return n;
}
