/**
 * Sequence-to-sequence batches (see `Batch.decoder`): each side padded to the longest row of the batch,
 * at most `seqLen` tokens a side (a longer side is cut, keeping its start).
 * - `tokens` `[B, Ts]`: the source ids, `lengths` `[B]` (≥ 1: a pair's source is never blank, pair-reader.ts);
 * - `decoder.tokens` `[B, Td]`: `<sos> y₁ … yₙ`, `decoder.lengths` `[B]` = n + 1;
 * - `targets` `[B, Td]`: `y₁ … yₙ <eos>`, `<pad>` past each row's decoder length.
 * n ≤ seqLen, so Td ≤ seqLen + 1: a cut target still ends with `<eos>`. An empty target is one step:
 * `<sos>` in, `<eos>` out.
 */

import type { Random } from '../engine/random';
import { checkBatchArguments, type TargetBatch, type TrainBatcher } from './batcher';
import { ExampleOrder } from './example-order';
import { EOS_ID, SOS_ID, type SideSequences } from './pair-vocabulary';
import { writeRow } from './tokenize';
import type { ValidationUnits } from './validation-sample';
import { PAD_ID } from './vocabulary-ids';

/** Every pair's ids, side by side: pair i is `source` text i and `target` text i. */
export interface PairSequences {
  source: SideSequences;
  target: SideSequences;
}

export class PairBatcher implements TrainBatcher {
  readonly examplesPerEpoch: number;
  readonly batchesPerEpoch: number;
  private readonly order: ExampleOrder;
  private readonly buffers: PairBuffers;

  constructor(
    private readonly data: PairSequences,
    /** Pairs to train on (the training part of the split). */
    indices: Int32Array,
    readonly batchSize: number,
    private readonly seqLen: number,
    random: Random,
  ) {
    checkBatchArguments(batchSize, seqLen);
    if (indices.length === 0) throw new Error('the training part holds no pairs');
    this.order = new ExampleOrder(indices, random);
    this.examplesPerEpoch = indices.length;
    this.batchesPerEpoch = Math.ceil(indices.length / batchSize);
    this.buffers = allocatePairBuffers(batchSize, seqLen);
  }

  startEpoch(): void {
    this.order.startEpoch();
  }

  nextBatch(): TargetBatch | null {
    const pairs = this.order.next(this.batchSize);
    return pairs && fillPairBatch(this.data, pairs, this.seqLen, this.buffers);
  }
}

/** Validation batches in pair order, each with its own arrays. */
export function pairValidationBatches(
  data: PairSequences,
  indices: Int32Array,
  batchSize: number,
  seqLen: number,
): TargetBatch[] {
  checkBatchArguments(batchSize, seqLen);
  const batches: TargetBatch[] = [];
  for (let start = 0; start < indices.length; start += batchSize) {
    const count = Math.min(batchSize, indices.length - start);
    const pairs = indices.subarray(start, start + count);
    batches.push(fillPairBatch(data, pairs, seqLen, allocatePairBuffers(count, seqLen)));
  }
  return batches;
}

/**
 * The validation pairs `indices` as units: unit u is pair `indices[u]`; any ascending choice of them is
 * batched as `pairValidationBatches` batches them, one batch at a time into arrays allocated once.
 */
export function pairValidationUnits(data: PairSequences, indices: Int32Array, seqLen: number): ValidationUnits {
  return {
    unit: 'examples',
    count: indices.length,
    batches: (batchSize, chosen) => pairStream(data, indices, chosen, batchSize, seqLen),
  };
}

function* pairStream(
  data: PairSequences,
  indices: Int32Array,
  chosen: Int32Array | null,
  batchSize: number,
  seqLen: number,
): Generator<TargetBatch, void, undefined> {
  checkBatchArguments(batchSize, seqLen);
  const pairs = chosen === null ? indices : chosen.map((u) => indices[u]);
  if (pairs.length === 0) return;
  const buffers = allocatePairBuffers(Math.min(batchSize, pairs.length), seqLen);
  for (let start = 0; start < pairs.length; start += batchSize) {
    const count = Math.min(batchSize, pairs.length - start);
    yield fillPairBatch(data, pairs.subarray(start, start + count), seqLen, buffers);
  }
}

interface PairBuffers {
  tokens: Int32Array;
  lengths: Int32Array;
  decoderTokens: Int32Array;
  decoderLengths: Int32Array;
  targets: Int32Array;
}

function allocatePairBuffers(batchSize: number, seqLen: number): PairBuffers {
  return {
    tokens: new Int32Array(batchSize * seqLen),
    lengths: new Int32Array(batchSize),
    decoderTokens: new Int32Array(batchSize * (seqLen + 1)),
    decoderLengths: new Int32Array(batchSize),
    targets: new Int32Array(batchSize * (seqLen + 1)),
  };
}

/** Tokens kept of text i of a side: at most `seqLen`. */
function keptLength(side: SideSequences, i: number, seqLen: number): number {
  return Math.min(seqLen, side.offsets[i + 1] - side.offsets[i]);
}

function fillPairBatch(data: PairSequences, pairs: Int32Array, seqLen: number, buffers: PairBuffers): TargetBatch {
  const { source, target } = data;
  const B = pairs.length;
  let Ts = 1;
  let Td = 1;
  for (let b = 0; b < B; b++) {
    Ts = Math.max(Ts, keptLength(source, pairs[b], seqLen));
    Td = Math.max(Td, keptLength(target, pairs[b], seqLen) + 1);
  }
  const tokens = buffers.tokens.subarray(0, B * Ts);
  const decoderTokens = buffers.decoderTokens.subarray(0, B * Td);
  const targets = buffers.targets.subarray(0, B * Td);
  for (let b = 0; b < B; b++) {
    const i = pairs[b];
    // tokens (B, Ts): row b starts at b*Ts
    const sourceIds = source.ids.subarray(source.offsets[i], source.offsets[i + 1]);
    buffers.lengths[b] = writeRow(sourceIds, tokens, b * Ts, Ts, 'start');
    // decoderTokens (B, Td) ← <sos> y₁…yₙ; targets (B, Td) ← y₁…yₙ <eos>; both start row b at b*Td
    const n = keptLength(target, i, seqLen);
    const from = target.offsets[i];
    const row = b * Td;
    decoderTokens[row] = SOS_ID;
    for (let t = 0; t < n; t++) {
      const y = target.ids[from + t];
      decoderTokens[row + 1 + t] = y;
      targets[row + t] = y;
    }
    targets[row + n] = EOS_ID;
    for (let t = n + 1; t < Td; t++) {
      decoderTokens[row + t] = PAD_ID;
      targets[row + t] = PAD_ID;
    }
    buffers.decoderLengths[b] = n + 1;
  }
  return {
    batchSize: B,
    steps: Ts,
    tokens,
    lengths: buffers.lengths.subarray(0, B),
    targets,
    decoder: { steps: Td, tokens: decoderTokens, lengths: buffers.decoderLengths.subarray(0, B) },
  };
}
