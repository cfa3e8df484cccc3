/**
 * Classification batches: token ids `[B, T]` right-padded with `<pad>`, real lengths `[B]`, class ids
 * `[B]`. T is the longest sequence in the batch, capped at `seqLen`, so short texts cost short steps.
 */

import type { Random } from '../engine/random';
import { checkBatchArguments, type TargetBatch, type TrainBatcher } from './batcher';
import { ExampleOrder } from './example-order';
import { writeRow, type TokenIds, type TruncationKeeps } from './tokenize';
import type { ValidationUnits } from './validation-sample';

/** Every example's ids back to back: example i is `ids[offsets[i] … offsets[i+1])`, its class `labels[i]`. */
export interface TokenSequences {
  ids: TokenIds;
  offsets: Int32Array;
  labels: Int32Array;
}

export class ClassificationBatcher implements TrainBatcher {
  readonly examplesPerEpoch: number;
  readonly batchesPerEpoch: number;
  private readonly order: ExampleOrder;
  private readonly buffers: Buffers;

  constructor(
    private readonly data: TokenSequences,
    /** Examples to train on (the training part of the split). */
    indices: Int32Array,
    readonly batchSize: number,
    private readonly seqLen: number,
    random: Random,
    private readonly keep: TruncationKeeps = 'start',
  ) {
    checkBatchArguments(batchSize, seqLen);
    if (indices.length === 0) throw new Error('the training part holds no examples');
    this.order = new ExampleOrder(indices, random);
    this.examplesPerEpoch = indices.length;
    this.batchesPerEpoch = Math.ceil(indices.length / batchSize);
    this.buffers = allocateBuffers(batchSize, seqLen);
  }

  startEpoch(): void {
    this.order.startEpoch();
  }

  nextBatch(): TargetBatch | null {
    const examples = this.order.next(this.batchSize);
    return examples && fillBatch(this.data, examples, this.seqLen, this.keep, this.buffers);
  }
}

/** Validation batches in example order, each with its own arrays. */
export function classificationValidationBatches(
  data: TokenSequences,
  indices: Int32Array,
  batchSize: number,
  seqLen: number,
  keep: TruncationKeeps = 'start',
): TargetBatch[] {
  checkBatchArguments(batchSize, seqLen);
  const batches: TargetBatch[] = [];
  for (let start = 0; start < indices.length; start += batchSize) {
    const count = Math.min(batchSize, indices.length - start);
    batches.push(fillBatch(data, indices.subarray(start, start + count), seqLen, keep, allocateBuffers(count, seqLen)));
  }
  return batches;
}

/**
 * The validation examples `indices` as units: unit u is example `indices[u]`; any ascending choice of
 * them is batched as `classificationValidationBatches` batches them, one batch at a time into arrays
 * allocated once.
 */
export function classificationValidationUnits(
  data: TokenSequences,
  indices: Int32Array,
  seqLen: number,
  keep: TruncationKeeps = 'start',
): ValidationUnits {
  return {
    unit: 'examples',
    count: indices.length,
    batches: (batchSize, chosen) => exampleStream(data, indices, chosen, batchSize, seqLen, keep),
  };
}

function* exampleStream(
  data: TokenSequences,
  indices: Int32Array,
  chosen: Int32Array | null,
  batchSize: number,
  seqLen: number,
  keep: TruncationKeeps,
): Generator<TargetBatch, void, undefined> {
  checkBatchArguments(batchSize, seqLen);
  const examples = chosen === null ? indices : chosen.map((u) => indices[u]);
  if (examples.length === 0) return;
  const buffers = allocateBuffers(Math.min(batchSize, examples.length), seqLen);
  for (let start = 0; start < examples.length; start += batchSize) {
    const count = Math.min(batchSize, examples.length - start);
    yield fillBatch(data, examples.subarray(start, start + count), seqLen, keep, buffers);
  }
}

interface Buffers {
  tokens: Int32Array;
  lengths: Int32Array;
  targets: Int32Array;
}

function allocateBuffers(batchSize: number, seqLen: number): Buffers {
  return {
    tokens: new Int32Array(batchSize * seqLen),
    lengths: new Int32Array(batchSize),
    targets: new Int32Array(batchSize),
  };
}

function fillBatch(
  data: TokenSequences,
  examples: Int32Array,
  seqLen: number,
  keep: TruncationKeeps,
  buffers: Buffers,
): TargetBatch {
  const B = examples.length;
  let T = 1;
  for (let b = 0; b < B; b++) {
    const i = examples[b];
    T = Math.max(T, Math.min(seqLen, data.offsets[i + 1] - data.offsets[i]));
  }
  const tokens = buffers.tokens.subarray(0, B * T);
  for (let b = 0; b < B; b++) {
    const i = examples[b];
    // tokens (B,T): row b starts at b*T
    buffers.lengths[b] = writeRow(data.ids.subarray(data.offsets[i], data.offsets[i + 1]), tokens, b * T, T, keep);
    buffers.targets[b] = data.labels[i];
  }
  return {
    batchSize: B,
    steps: T,
    tokens,
    lengths: buffers.lengths.subarray(0, B),
    targets: buffers.targets.subarray(0, B),
  };
}
