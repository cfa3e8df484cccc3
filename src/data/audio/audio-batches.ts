/**
 * Batches of recordings with one class each: features `[B, T, D]` (each recording's model steps,
 * right-padded with zeros), real lengths `[B]`, class ids `[B]`. T is the longest recording in the batch,
 * capped at `seqLen` steps (a longer recording keeps its first `seqLen` steps), so short recordings cost
 * short batches. Training batches may be masked by SpecAugment (spec-augment.ts) from the run's generator.
 */

import type { Random } from '../../engine/random';
import { checkBatchArguments, type TargetBatch, type TrainBatcher } from '../batcher';
import { ExampleOrder } from '../example-order';
import type { ValidationUnits } from '../validation-sample';
import { applySpecAugment } from './spec-augment';

/** Every recording's model steps: recording i is `values[i]` `[steps[i], width]`, its class `labels[i]`. */
export interface AudioSteps {
  width: number;
  values: Float32Array[];
  steps: Int32Array;
  labels: Int32Array;
}

/** SpecAugment on training batches: the bands and stacked frames of a step (width = bands × stack). */
export interface BatchAugment {
  bands: number;
  stack: number;
}

interface Buffers {
  features: Float32Array;
  lengths: Int32Array;
  targets: Int32Array;
}

function allocateBuffers(batchSize: number, seqLen: number, width: number): Buffers {
  return {
    features: new Float32Array(batchSize * seqLen * width),
    lengths: new Int32Array(batchSize),
    targets: new Int32Array(batchSize),
  };
}

function fillBatch(data: AudioSteps, examples: Int32Array, seqLen: number, buffers: Buffers): TargetBatch {
  const B = examples.length;
  const D = data.width;
  let T = 1;
  for (let b = 0; b < B; b++) T = Math.max(T, Math.min(seqLen, data.steps[examples[b]]));
  const features = buffers.features.subarray(0, B * T * D);
  features.fill(0);
  for (let b = 0; b < B; b++) {
    const i = examples[b];
    const length = Math.min(T, data.steps[i]);
    // features (B, T, D): row b starts at b·T·D; its first `length` steps are the recording's.
    features.set(data.values[i].subarray(0, length * D), b * T * D);
    buffers.lengths[b] = length;
    buffers.targets[b] = data.labels[i];
  }
  return {
    batchSize: B,
    steps: T,
    features,
    lengths: buffers.lengths.subarray(0, B),
    targets: buffers.targets.subarray(0, B),
  };
}

export class AudioClassBatcher implements TrainBatcher {
  readonly examplesPerEpoch: number;
  readonly batchesPerEpoch: number;
  private readonly order: ExampleOrder;
  private readonly buffers: Buffers;

  constructor(
    private readonly data: AudioSteps,
    indices: Int32Array,
    readonly batchSize: number,
    private readonly seqLen: number,
    private readonly random: Random,
    private readonly augment: BatchAugment | null = null,
  ) {
    checkBatchArguments(batchSize, seqLen);
    if (indices.length === 0) throw new Error('the training part holds no recordings');
    this.order = new ExampleOrder(indices, random);
    this.examplesPerEpoch = indices.length;
    this.batchesPerEpoch = Math.ceil(indices.length / batchSize);
    this.buffers = allocateBuffers(batchSize, seqLen, data.width);
  }

  startEpoch(): void {
    this.order.startEpoch();
  }

  nextBatch(): TargetBatch | null {
    const examples = this.order.next(this.batchSize);
    if (!examples) return null;
    const batch = fillBatch(this.data, examples, this.seqLen, this.buffers);
    if (this.augment)
      applySpecAugment(
        batch.features as Float32Array,
        batch.lengths!,
        batch.steps,
        this.augment.bands,
        this.augment.stack,
        this.random,
      );
    return batch;
  }
}

/** Validation batches in recording order, each with its own arrays. */
export function audioClassValidationBatches(
  data: AudioSteps,
  indices: Int32Array,
  batchSize: number,
  seqLen: number,
): TargetBatch[] {
  checkBatchArguments(batchSize, seqLen);
  const batches: TargetBatch[] = [];
  for (let start = 0; start < indices.length; start += batchSize) {
    const count = Math.min(batchSize, indices.length - start);
    batches.push(
      fillBatch(data, indices.subarray(start, start + count), seqLen, allocateBuffers(count, seqLen, data.width)),
    );
  }
  return batches;
}

/** The validation recordings as units, streamed one batch at a time (see ValidationUnits). */
export function audioClassValidationUnits(data: AudioSteps, indices: Int32Array, seqLen: number): ValidationUnits {
  return {
    unit: 'examples',
    count: indices.length,
    *batches(batchSize, chosen) {
      checkBatchArguments(batchSize, seqLen);
      const examples = chosen === null ? indices : chosen.map((u) => indices[u]);
      if (examples.length === 0) return;
      const buffers = allocateBuffers(Math.min(batchSize, examples.length), seqLen, data.width);
      for (let start = 0; start < examples.length; start += batchSize) {
        const count = Math.min(batchSize, examples.length - start);
        yield fillBatch(data, examples.subarray(start, start + count), seqLen, buffers);
      }
    },
  };
}
