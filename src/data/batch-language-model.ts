/**
 * Language-model batches. Training: windows of `seqLen + 1` characters at random offsets of the training
 * text; inputs are the first `seqLen`, targets the next character at every step (`[B, T]`). One epoch =
 * ceil(trainLength / seqLen) windows, about one pass over the text. Validation: consecutive windows of
 * the validation text, each read from a zero state; the last one is shorter and padded (`lengths`).
 * Evaluating a new file draws the same windows as a stream, one batch in memory at a time; training
 * draws a chosen sample of them the same way (`languageModelValidationUnits`).
 */

import type { Random } from '../engine/random';
import { checkBatchArguments, type TargetBatch, type TrainBatcher } from './batcher';
import type { TokenIds } from './tokenize';
import type { ValidationUnits } from './validation-sample';
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

/**
 * The windows of `languageModelValidationBatches`, in the same order and with the same contents, one
 * batch at a time into arrays allocated once: memory is one batch whatever the text's length (a text
 * of n characters held as batches is about 8n bytes). Each batch is valid until the next is drawn.
 */
export function languageModelValidationBatchStream(
  ids: TokenIds,
  start: number,
  length: number,
  batchSize: number,
  seqLen: number,
): Iterable<TargetBatch> {
  return languageModelValidationUnits(ids, start, length, seqLen).batches(batchSize, null);
}

/**
 * The validation windows of `ids[start … start + length)` as units: window k is the k-th window of
 * `languageModelValidationBatches`, and any ascending choice of them streams one batch at a time.
 */
export function languageModelValidationUnits(
  ids: TokenIds,
  start: number,
  length: number,
  seqLen: number,
): ValidationUnits {
  checkBatchArguments(1, seqLen);
  const predictions = length - 1;
  const T = Math.min(seqLen, Math.max(1, predictions));
  const count = predictions < 1 ? 0 : Math.ceil(predictions / T);
  return {
    unit: 'windows',
    count,
    batches: (batchSize, chosen) => windowStream(ids, start, predictions, T, count, batchSize, chosen),
  };
}

function* windowStream(
  ids: TokenIds,
  start: number,
  predictions: number,
  T: number,
  count: number,
  batchSize: number,
  chosen: Int32Array | null,
): Generator<TargetBatch, void, undefined> {
  checkBatchArguments(batchSize, T);
  const windows = chosen === null ? count : chosen.length;
  if (windows < 1) return;
  const full = Math.min(batchSize, windows);
  // tokens, targets (B, T) ← ids[start + kT … start + kT + T] for the batch's windows k
  const tokens = new Int32Array(full * T);
  const targets = new Int32Array(full * T);
  const lengths = new Int32Array(full);
  for (let first = 0; first < windows; first += batchSize) {
    const B = Math.min(batchSize, windows - first);
    for (let b = 0; b < B; b++) {
      const k = chosen === null ? first + b : chosen[first + b];
      const from = k * T;
      const n = Math.min(T, predictions - from);
      lengths[b] = n;
      const row = b * T;
      for (let t = 0; t < n; t++) {
        tokens[row + t] = ids[start + from + t];
        targets[row + t] = ids[start + from + t + 1];
      }
      // Only the text's last window is short; its tail is padding, as in a freshly filled batch.
      tokens.fill(PAD_ID, row + n, row + T);
      targets.fill(PAD_ID, row + n, row + T);
    }
    yield {
      batchSize: B,
      steps: T,
      tokens: tokens.subarray(0, B * T),
      lengths: lengths.subarray(0, B),
      targets: targets.subarray(0, B * T),
    };
  }
}
