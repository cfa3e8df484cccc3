/**
 * What the data-parallel coordinator checks of a batch before publishing it to the helper threads: its
 * sizes against the model's, so the shared buffers' layout is right and a malformed batch fails here,
 * with the sizes named, rather than in a helper thread.
 */

import { validateBatch, type Batch } from '../../engine/batch';
import type { ModelConfig } from '../../engine/config';

/**
 * A single stack's batch as the engine checks it (validateBatch); an encoder–decoder's source is token
 * ids and its decoder part holds `[B, Td]` tokens, `[B]` lengths in 1…Td (and `[B, Td]` targets).
 */
export function checkBatch(config: ModelConfig, batch: Batch): void {
  if (!config.decoder) {
    validateBatch(batch, { hasEmbedding: config.vocabSize > 0, inputSize: config.inputSize });
    if (config.loss === 'ctc') checkCtcLabels(batch);
    return;
  }
  validateBatch(batch, { hasEmbedding: true, inputSize: config.inputSize });
  const B = batch.batchSize;
  const decoder = batch.decoder;
  if (!decoder) throw new Error('batch: an encoder–decoder needs the decoder part of a sequence-to-sequence batch');
  const Td = decoder.steps;
  if (!Number.isInteger(Td) || Td < 1) throw new Error(`batch: bad decoder steps Td=${Td}`);
  if (decoder.tokens.length !== B * Td) throw new Error(`batch: decoder tokens must hold B*Td = ${B * Td} ids`);
  if (decoder.lengths.length !== B) throw new Error(`batch: decoder lengths must hold B = ${B} entries`);
  for (let b = 0; b < B; b++) {
    const len = decoder.lengths[b];
    if (len < 1 || len > Td) throw new Error(`batch: target ${b} has length ${len}, outside 1…${Td}`);
  }
  if (batch.targets && batch.targets.length !== B * Td)
    throw new Error(`batch: targets must hold B*Td = ${B * Td} ids`);
}

/** A CTC batch's labels: targets `[B, S]` and target lengths `[B]` in 0…S (the loss checks the ids). */
function checkCtcLabels(batch: Batch): void {
  const B = batch.batchSize;
  if (!batch.targets) return;
  const lengths = batch.targetLengths;
  if (!lengths || lengths.length !== B) throw new Error(`batch: a ctc batch needs targetLengths of B = ${B} entries`);
  if (batch.targets.length % B !== 0) throw new Error(`batch: ctc targets must be [B, S] with B = ${B}`);
  const S = batch.targets.length / B;
  for (let b = 0; b < B; b++)
    if (!(lengths[b] >= 0 && lengths[b] <= S))
      throw new Error(`batch: target ${b} has length ${lengths[b]}, outside 0…${S}`);
}
