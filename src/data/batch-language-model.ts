/**
 * Language-model batches. Training: windows of `seqLen + 1` characters at random offsets of the training
 * text; inputs are the first `seqLen`, targets the next character at every step (`[B, T]`). One epoch =
 * ceil(trainLength / seqLen) windows, about one pass over the text. Validation: consecutive windows of
 * the validation text, each read from a zero state; the last one is shorter and padded (`lengths`).
 */

import type { Random } from '../engine/random';
import { checkBatchArguments, type TargetBatch, type TrainBatcher } from './batcher';
import type { TokenIds } from './tokenize';
import { PAD_ID } from './vocabulary-ids';

export class LanguageModelBatcher implements TrainBatcher {
  readonly examplesPerEpoch: number;
  readonly batchesPerEpoch: number;
  /** Steps per window: `seqLen`, or less when the training text is shorter than a window. */
  readonly steps: number;
  private readonly tokens: Int32Array;
  private readonly targets: Int32Array;
  private produced = -1;

  constructor(
    /** Ids of the whole text; the training part is `ids[0 … trainLength)`. */
    private readonly ids: TokenIds,
    private readonly trainLength: number,
    readonly batchSize: number,
    seqLen: number,
    private readonly random: Random,
  ) {
    checkBatchArguments(batchSize, seqLen);
    if (trainLength < 2)
      throw new Error(`the training text has ${trainLength} character(s); a language model needs at least 2`);
    this.steps = Math.min(seqLen, trainLength - 1);
    this.examplesPerEpoch = Math.ceil(trainLength / seqLen);
    this.batchesPerEpoch = Math.ceil(this.examplesPerEpoch / batchSize);
    this.tokens = new Int32Array(batchSize * this.steps);
    this.targets = new Int32Array(batchSize * this.steps);
  }

  startEpoch(): void {
    this.produced = 0;
  }

  nextBatch(): TargetBatch | null {
    if (this.produced < 0) this.startEpoch();
    if (this.produced >= this.examplesPerEpoch) return null;
    const B = Math.min(this.batchSize, this.examplesPerEpoch - this.produced);
    const T = this.steps;
    for (let b = 0; b < B; b++) {
      // The window's last target, offset + T, must stay inside the training part.
      const offset = this.random.int(this.trainLength - T);
      for (let t = 0; t < T; t++) {
        this.tokens[b * T + t] = this.ids[offset + t];
        this.targets[b * T + t] = this.ids[offset + t + 1];
      }
    }
    this.produced += B;
    return { batchSize: B, steps: T, tokens: this.tokens.subarray(0, B * T), targets: this.targets.subarray(0, B * T) };
  }
}

/**
 * Non-overlapping windows over `ids[start … start + length)`: window k reads characters kT … kT+T−1
 * and predicts kT+1 … kT+T, so every character but the first is predicted exactly once.
 */
export function languageModelValidationBatches(
  ids: TokenIds,
  start: number,
  length: number,
  batchSize: number,
  seqLen: number,
): TargetBatch[] {
  checkBatchArguments(batchSize, seqLen);
  const predictions = length - 1;
  if (predictions < 1) return [];
  const T = Math.min(seqLen, predictions);
  const windows = Math.ceil(predictions / T);
  const batches: TargetBatch[] = [];
  for (let first = 0; first < windows; first += batchSize) {
    const B = Math.min(batchSize, windows - first);
    const tokens = new Int32Array(B * T).fill(PAD_ID);
    const targets = new Int32Array(B * T).fill(PAD_ID);
    const lengths = new Int32Array(B);
    for (let b = 0; b < B; b++) {
      const from = (first + b) * T;
      const n = Math.min(T, predictions - from);
      lengths[b] = n;
      for (let t = 0; t < n; t++) {
        tokens[b * T + t] = ids[start + from + t];
        targets[b * T + t] = ids[start + from + t + 1];
      }
    }
    batches.push({ batchSize: B, steps: T, tokens, lengths, targets });
  }
  return batches;
}
