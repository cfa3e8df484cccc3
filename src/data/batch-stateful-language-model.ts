/**
 * Language-model batches for stateful training (truncated backpropagation through time, as char-rnn and
 * PyTorch's word_language_model do): the text is cut into B contiguous streams, one per batch row, and
 * each batch is the next `seqLen` characters of every stream. Row b of batch k+1 continues row b of
 * batch k, so the trainer carries each row's final state into the next batch (src/train/carried-state.ts);
 * `resets[b]` = 1 says row b starts a stream (its state starts from zero).
 *
 * Epochs: each epoch draws one start offset o from the data generator and reads streams
 * `o + b·L … o + (b+1)·L` (L characters predicted per stream, the same every epoch, so every epoch has
 * the same number of batches). The offset moves the window boundaries from epoch to epoch, so a
 * character is not always predicted from the same place in its window; the at most `seqLen − 1 + B − 1`
 * characters outside `[o, o + B·L]` are skipped that epoch (of a text shorter than about 2·seqLen
 * characters per stream, up to half), every other one is predicted exactly once.
 *
 * Validation reads the validation text the same way, without offset and without skipping: the
 * predictions are split into S = min(B, n) streams, the first `n mod S` one character longer, and read
 * window by window; a window where only the longer streams have characters left is a batch of those
 * rows only (the first ones), so every character but the first is predicted exactly once.
 */

import type { Random } from '../engine/random';
import { checkBatchArguments, type TargetBatch, type TrainBatcher } from './batcher';
import type { TokenIds } from './tokenize';
import { PAD_ID } from './vocabulary-ids';

/**
 * A batch of consecutive windows. Row b is stream b (a batch may hold only the first streams, when the
 * others have ended); it continues that stream's previous window unless `resets[b]` is 1.
 */
export type StatefulBatch = TargetBatch & { resets: Uint8Array };

/** A training batcher whose batches continue each other row by row. */
export interface StatefulTrainBatcher extends TrainBatcher {
  /** Streams: the rows of every batch. */
  readonly streams: number;
  nextBatch(): StatefulBatch | null;
}

export class StatefulLanguageModelBatcher implements StatefulTrainBatcher {
  readonly streams: number;
  readonly examplesPerEpoch: number;
  readonly batchesPerEpoch: number;
  /** Characters predicted per stream and epoch. */
  readonly streamLength: number;
  /** Steps per full window: `seqLen`, or the stream length when that is shorter. */
  readonly steps: number;
  /** Characters that can be left out of an epoch: its start offset is drawn from `0 … slack`. */
  private readonly slack: number;
  private readonly tokens: Int32Array;
  private readonly targets: Int32Array;
  private readonly resets: Uint8Array;
  private offset = 0;
  private window = -1;

  constructor(
    /** Ids of the whole text; the training part is `ids[0 … trainLength)`. */
    private readonly ids: TokenIds,
    trainLength: number,
    readonly batchSize: number,
    seqLen: number,
    private readonly random: Random,
  ) {
    checkBatchArguments(batchSize, seqLen);
    const predictions = trainLength - 1;
    if (predictions < batchSize)
      throw new Error(
        `the training text has ${trainLength} character(s): too few for ${batchSize} streams (one per batch row); lower the batch size`,
      );
    // Room for the offset to move the window boundaries by up to a window; a short text gives up at most
    // about half of itself to it, so every stream keeps at least one character.
    const jitter = Math.min(seqLen - 1, Math.floor((predictions - batchSize) / 2));
    this.streams = batchSize;
    this.streamLength = Math.floor((predictions - jitter) / batchSize);
    this.slack = predictions - batchSize * this.streamLength;
    this.steps = Math.min(seqLen, this.streamLength);
    this.batchesPerEpoch = Math.ceil(this.streamLength / this.steps);
    this.examplesPerEpoch = this.batchesPerEpoch * batchSize;
    this.tokens = new Int32Array(batchSize * this.steps);
    this.targets = new Int32Array(batchSize * this.steps);
    this.resets = new Uint8Array(batchSize);
  }

  /** The first character of stream b this epoch (its window k starts `k·steps` later). */
  streamStart(b: number): number {
    return this.offset + b * this.streamLength;
  }

  startEpoch(): void {
    this.offset = this.random.int(this.slack + 1);
    this.window = 0;
  }

  nextBatch(): StatefulBatch | null {
    if (this.window < 0) this.startEpoch();
    if (this.window >= this.batchesPerEpoch) return null;
    const B = this.batchSize;
    const from = this.window * this.steps;
    // Every stream has the same length, so only the epoch's last window is shorter, and equally for all rows.
    const T = Math.min(this.steps, this.streamLength - from);
    // tokens, targets (B, T) ← ids[start_b + from + t], ids[start_b + from + t + 1]
    for (let b = 0; b < B; b++) {
      const start = this.streamStart(b) + from;
      const row = b * T;
      for (let t = 0; t < T; t++) {
        this.tokens[row + t] = this.ids[start + t];
        this.targets[row + t] = this.ids[start + t + 1];
      }
    }
    this.resets.fill(this.window === 0 ? 1 : 0);
    this.window++;
    return {
      batchSize: B,
      steps: T,
      tokens: this.tokens.subarray(0, B * T),
      targets: this.targets.subarray(0, B * T),
      resets: this.resets,
    };
  }
}

/**
 * The validation text `ids[start … start + length)` as consecutive windows of S = min(batchSize,
 * length − 1) streams, one batch at a time into arrays allocated once (each batch is valid until the
 * next is drawn). Iterable again: each iteration reads the text from its beginning.
 */
export class StatefulLanguageModelValidation implements Iterable<StatefulBatch> {
  /** Batches per pass (0 when the validation text has fewer than 2 characters). */
  readonly length: number;
  readonly streams: number;
  readonly steps: number;
  /** Predictions of every stream but the longer ones (the first `longer` streams have one more). */
  private readonly shortLength: number;
  private readonly longer: number;

  constructor(
    private readonly ids: TokenIds,
    private readonly start: number,
    textLength: number,
    batchSize: number,
    seqLen: number,
  ) {
    checkBatchArguments(batchSize, seqLen);
    const predictions = Math.max(0, textLength - 1);
    this.streams = Math.min(batchSize, predictions);
    this.shortLength = this.streams > 0 ? Math.floor(predictions / this.streams) : 0;
    this.longer = this.streams > 0 ? predictions - this.streams * this.shortLength : 0;
    const longest = this.shortLength + (this.longer > 0 ? 1 : 0);
    this.steps = Math.min(seqLen, longest);
    this.length = longest > 0 ? Math.ceil(longest / this.steps) : 0;
  }

  /** Predictions of stream b. */
  streamLength(b: number): number {
    return this.shortLength + (b < this.longer ? 1 : 0);
  }

  /** Offset of stream b's first character from the validation text's start. */
  streamStart(b: number): number {
    return b * this.shortLength + Math.min(b, this.longer);
  }

  *[Symbol.iterator](): Generator<StatefulBatch, void, undefined> {
    const S = this.streams;
    const T = this.steps;
    const tokens = new Int32Array(S * T);
    const targets = new Int32Array(S * T);
    const lengths = new Int32Array(S);
    const resets = new Uint8Array(S);
    for (let window = 0; window < this.length; window++) {
      const from = window * T;
      // The streams still reading are a prefix: the longer ones come first.
      const B = this.shortLength > from ? S : this.longer;
      for (let b = 0; b < B; b++) {
        const n = Math.min(T, this.streamLength(b) - from);
        const at = this.start + this.streamStart(b) + from;
        const row = b * T;
        lengths[b] = n;
        // tokens, targets (B, T) ← ids[at + t], ids[at + t + 1]; a stream's last window is padded.
        for (let t = 0; t < n; t++) {
          tokens[row + t] = this.ids[at + t];
          targets[row + t] = this.ids[at + t + 1];
        }
        tokens.fill(PAD_ID, row + n, row + T);
        targets.fill(PAD_ID, row + n, row + T);
      }
      resets.fill(window === 0 ? 1 : 0);
      yield {
        batchSize: B,
        steps: T,
        tokens: tokens.subarray(0, B * T),
        lengths: lengths.subarray(0, B),
        targets: targets.subarray(0, B * T),
        resets: resets.subarray(0, B),
      };
    }
  }
}
