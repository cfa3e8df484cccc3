/**
 * Each evaluated sequence's own loss, actual and predicted class, and (a head on every step with a
 * softmax, a language model) every scored token's loss — what the Evaluate view lists and colours, beside
 * the task's report. The losses are the engine's own functions (src/engine/losses.ts,
 * distribution-losses.ts) applied one row at a time, so a sequence's loss is exactly its share of the
 * batch's mean. Pure.
 */

import type { Batch } from '../engine/batch';
import type { HeadPosition, LossKind } from '../engine/config';
import { DEFAULT_QUANTILE_LEVELS, paramsPerValue } from '../engine/config';
import { binaryCrossEntropyWithLogits, meanSquaredError, softmaxCrossEntropy } from '../engine/losses';
import { gaussianNegativeLogLikelihood, pinballLoss } from '../engine/distribution-losses';
import type { FloatArray } from '../engine/tensor';

export interface ScoredHead {
  loss: LossKind;
  headOn: HeadPosition;
  outputSize: number;
  quantiles?: readonly number[];
}

/** A growing Float32Array (per-token losses of a long text). */
class FloatList {
  values = new Float32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Float32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }
  view(): Float32Array {
    return this.values.subarray(0, this.length);
  }
}

class IntList {
  values = new Int32Array(1024);
  length = 0;
  push(value: number): void {
    if (this.length === this.values.length) {
      const grown = new Int32Array(this.values.length * 2);
      grown.set(this.values);
      this.values = grown;
    }
    this.values[this.length++] = value;
  }
  view(): Int32Array {
    return this.values.subarray(0, this.length);
  }
}

export class SequenceScorer {
  private readonly losses = new FloatList();
  private readonly actuals = new IntList();
  private readonly predictions = new IntList();
  /** Language models: each scored token's loss, its sequence and step. */
  private readonly tokenLosses = new FloatList();
  private readonly tokenSequence = new IntList();
  private readonly tokenStep = new IntList();
  private readonly tokenTarget = new IntList();
  private readonly scratch: Float64Array;

  constructor(private readonly head: ScoredHead) {
    this.scratch = new Float64Array(Math.max(1, head.outputSize));
  }

  /** True when the head scores every step with a softmax: per-token losses are kept. */
  get perToken(): boolean {
    return this.head.headOn === 'every' && this.head.loss === 'softmax-ce';
  }

  /** One batch: output `[B, O]` (head on last/mean) or `[B, T, O]` (every step), as `model.forward` answers. */
  add(batch: Batch, output: ArrayLike<number>): void {
    const { loss, headOn, outputSize: O } = this.head;
    const B = batch.batchSize;
    const T = batch.steps;
    const targets = batch.targets;
    for (let b = 0; b < B; b++) {
      const length = batch.lengths ? batch.lengths[b] : T;
      if (!targets) {
        this.push(NaN, -1, -1);
        continue;
      }
      if (headOn === 'every') {
        this.addEveryStep(batch, output, b, length);
        continue;
      }
      const row = (output as FloatArray).subarray(b * O, (b + 1) * O);
      if (loss === 'softmax-ce') {
        const target = targets[b];
        this.push(this.rowLoss(row, [target]), target, argmax(row, 0, O));
      } else if (loss === 'bce' && O === 1) {
        const target = targets[b];
        this.push(this.rowLoss(row, [target]), target, row[0] > 0 ? 1 : 0);
      } else {
        const width = targets.length / B;
        this.push(this.rowLoss(row, targets.subarray(b * width, (b + 1) * width)), -1, -1);
      }
    }
  }

  /** A head on every step: the sequence's loss is the mean over its valid steps. */
  private addEveryStep(batch: Batch, output: ArrayLike<number>, b: number, length: number): void {
    const { loss, outputSize: O } = this.head;
    const T = batch.steps;
    const targets = batch.targets!;
    const width = targets.length / (batch.batchSize * T);
    const sequence = this.losses.length;
    let sum = 0;
    let count = 0;
    for (let t = 0; t < length; t++) {
      const offset = (b * T + t) * O;
      const row = (output as FloatArray).subarray(offset, offset + O);
      const target = targets.subarray((b * T + t) * width, (b * T + t + 1) * width);
      // A negative class id marks a step the loss ignores.
      if (loss === 'softmax-ce' && (target[0] < 0 || target[0] >= O)) continue;
      const value = this.rowLoss(row, target);
      sum += value;
      count++;
      if (this.perToken) {
        this.tokenLosses.push(value);
        this.tokenSequence.push(sequence);
        this.tokenStep.push(t);
        this.tokenTarget.push(target[0]);
      }
    }
    this.push(count > 0 ? sum / count : NaN, -1, -1);
  }

  /** The engine's loss of one head row against its targets. */
  private rowLoss(row: FloatArray, target: ArrayLike<number>): number {
    const { loss, outputSize: O, quantiles } = this.head;
    const d = this.scratch as unknown as FloatArray;
    switch (loss) {
      case 'softmax-ce':
        return softmaxCrossEntropy(1, O, row, target, null, d);
      case 'bce':
        return binaryCrossEntropyWithLogits(O, row, target, null, d);
      case 'mse':
        return meanSquaredError(1, O, row, target, null, d);
      case 'gaussian-nll':
        return gaussianNegativeLogLikelihood(1, O / 2, row, target, null, d);
      case 'quantile': {
        const levels = quantiles ?? DEFAULT_QUANTILE_LEVELS;
        const values = O / paramsPerValue({ loss, quantiles: levels as number[] });
        return pinballLoss(1, values, levels, row, target, null, d);
      }
      default:
        return NaN; // ctc: a transcript's loss, not a row's
    }
  }

  private push(loss: number, actual: number, predicted: number): void {
    this.losses.push(loss);
    this.actuals.push(actual);
    this.predictions.push(predicted);
  }

  get sequences(): number {
    return this.losses.length;
  }

  /** Per sequence: loss, actual and predicted class index (−1 when not a classifier). */
  results(): { loss: Float32Array; actual: Int32Array; predicted: Int32Array } {
    return {
      loss: this.losses.view().slice(),
      actual: this.actuals.view().slice(),
      predicted: this.predictions.view().slice(),
    };
  }

  /** Language models: every scored token's loss, sequence, step and target id (the token predicted), in order. */
  tokens(): { loss: Float32Array; sequence: Int32Array; step: Int32Array; target: Int32Array } {
    return {
      target: this.tokenTarget.view().slice(),
      loss: this.tokenLosses.view().slice(),
      sequence: this.tokenSequence.view().slice(),
      step: this.tokenStep.view().slice(),
    };
  }
}

function argmax(values: ArrayLike<number>, offset: number, n: number): number {
  let best = 0;
  for (let k = 1; k < n; k++) if (values[offset + k] > values[offset + best]) best = k;
  return best;
}
