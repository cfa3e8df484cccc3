/**
 * Speech-to-text batches: recordings of different lengths padded to the longest of the batch, with
 * their transcripts as CTC labels.
 *   features [B, T, D] (T = the batch's most steps, zero-padded), lengths [B]
 *   targets [B, S] label ids (S = the batch's longest transcript, zero-padded), targetLengths [B]
 */

import type { TargetBatch, TrainBatcher } from '../../data/batcher';
import { checkBatchArguments } from '../../data/batcher';
import { ExampleOrder } from '../../data/example-order';
import type { ValidationUnits } from '../../data/validation-sample';
import type { Random } from '../../engine/random';

/** Every usable recording as model steps, with its labels. */
export interface SpeechExamples {
  /** Per recording, `[steps, D]` normalised and stacked. */
  values: Float32Array[];
  steps: Int32Array;
  /** Per recording, its transcript's label ids (1…C−1). */
  labels: Int32Array[];
  /** D, features per step. */
  width: number;
}

/** One batch of the recordings `indices` (in that order). */
export function speechBatch(data: SpeechExamples, indices: ArrayLike<number>): TargetBatch {
  const B = indices.length;
  const D = data.width;
  let T = 1;
  let S = 1;
  for (let k = 0; k < B; k++) {
    T = Math.max(T, data.steps[indices[k]]);
    S = Math.max(S, data.labels[indices[k]].length);
  }
  const features = new Float32Array(B * T * D);
  const lengths = new Int32Array(B);
  const targets = new Int32Array(B * S);
  const targetLengths = new Int32Array(B);
  for (let b = 0; b < B; b++) {
    const i = indices[b];
    features.set(data.values[i], b * T * D);
    lengths[b] = data.steps[i];
    targets.set(data.labels[i], b * S);
    targetLengths[b] = data.labels[i].length;
  }
  return { batchSize: B, steps: T, features, lengths, targets, targetLengths };
}

/** Training batches: the training recordings shuffled each epoch. */
export class SpeechBatcher implements TrainBatcher {
  readonly examplesPerEpoch: number;
  readonly batchesPerEpoch: number;
  private readonly order: ExampleOrder;

  constructor(
    private readonly data: SpeechExamples,
    train: Int32Array,
    readonly batchSize: number,
    random: Random,
  ) {
    checkBatchArguments(batchSize, 1);
    if (train.length === 0) throw new Error('speech to text: no recording to train on');
    this.order = new ExampleOrder(train, random);
    this.examplesPerEpoch = train.length;
    this.batchesPerEpoch = Math.ceil(train.length / batchSize);
  }

  startEpoch(): void {
    this.order.startEpoch();
  }

  nextBatch(): TargetBatch | null {
    const indices = this.order.next(this.batchSize);
    return indices && speechBatch(this.data, indices);
  }
}

/** The recordings `indices` in order, `batchSize` at a time. */
export function speechBatches(data: SpeechExamples, indices: Int32Array, batchSize: number): TargetBatch[] {
  return [...speechUnits(data, indices).batches(batchSize, null)];
}

/** The recordings `indices` as validation units (one per recording), streamed a batch at a time. */
export function speechUnits(data: SpeechExamples, indices: Int32Array): ValidationUnits {
  return {
    unit: 'examples',
    count: indices.length,
    *batches(batchSize: number, chosen: Int32Array | null) {
      checkBatchArguments(batchSize, 1);
      const picked = chosen ? Array.from(chosen, (u) => indices[u]) : Array.from(indices);
      for (let start = 0; start < picked.length; start += batchSize)
        yield speechBatch(data, picked.slice(start, start + batchSize));
    },
  };
}
