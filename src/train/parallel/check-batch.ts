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
