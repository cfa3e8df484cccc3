/**
 * What the model consumes: one batch, batch-major, right-padded. The data layer builds these; the
 * engine never sees files or strings.
 */

import type { FloatArray } from './tensor';

export interface Batch {
  /** B: sequences in the batch. */
  batchSize: number;
  /** T: steps per sequence after padding. */
  steps: number;
  /** Token ids `[B, T]` when the model has an embedding; padded steps hold the padding id. */
  tokens?: Int32Array;
  /** Features `[B, T, D]` when the model has no embedding. */
  features?: FloatArray;
  /**
   * Real length of each sequence `[B]` (1…T). Steps at or past a sequence's length are padding: they do
   * not change its state, its loss or any gradient. Omitted = every sequence is T long.
   */
  lengths?: Int32Array;
  /**
   * Targets, by loss and head position (omitted for prediction):
   * - `bce`, head on `last`: `[B]` of 0/1;
   * - `softmax-ce`, head on `last`: `[B]` class ids; head on `every`: `[B, T]` class ids (padded steps ignored);
   * - `mse`, head on `last`: `[B, outputSize]`; head on `every`: `[B, T, outputSize]`.
   */
  targets?: Float32Array | Float64Array | Int32Array;
  /** `ctc`: the length of each row's label sequence in `targets` `[B, S]` (0…S). */
  targetLengths?: Int32Array;
  /**
   * Sequence to sequence (a model with a decoder): `tokens` and `lengths` are the source; the decoder
   * reads `decoder.tokens` `[B, Td]` (`<sos> y₁ … yₙ`, right-padded) with `decoder.lengths`, and the
   * `targets` are `[B, Td]` ids (`y₁ … yₙ <eos>`), valid below each row's decoder length.
   */
  decoder?: DecoderBatch;
}

/** The decoder's side of a sequence-to-sequence batch (see Batch.decoder). */
export interface DecoderBatch {
  /** Td: decoder steps after padding. */
  steps: number;
  tokens: Int32Array;
  lengths: Int32Array;
}

/** Checks a batch's sizes against what a model expects; throws with the first mismatch. */
export function validateBatch(batch: Batch, expect: { hasEmbedding: boolean; inputSize: number }): void {
  const { batchSize: B, steps: T } = batch;
  if (!Number.isInteger(B) || B < 1 || !Number.isInteger(T) || T < 1) throw new Error(`batch: bad size B=${B}, T=${T}`);
  if (expect.hasEmbedding) {
    if (!batch.tokens || batch.tokens.length !== B * T) throw new Error(`batch: tokens must hold B*T = ${B * T} ids`);
  } else if (!batch.features || batch.features.length !== B * T * expect.inputSize) {
    throw new Error(`batch: features must hold B*T*D = ${B * T * expect.inputSize} values`);
  }
  if (batch.lengths) {
    if (batch.lengths.length !== B) throw new Error(`batch: lengths must hold B = ${B} entries`);
    for (let b = 0; b < B; b++) {
      const len = batch.lengths[b];
      if (len < 1 || len > T) throw new Error(`batch: sequence ${b} has length ${len}, outside 1…${T}`);
    }
  }
}
