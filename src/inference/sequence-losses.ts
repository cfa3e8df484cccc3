/**
 * Each sequence's own loss and predicted class from one forward's output, by the model's own loss
 * functions (engine/losses.ts, engine/distribution-losses.ts) run on that sequence's rows alone: for a head
 * on the last step or the mean, its one row; for a head on every step, the mean over its real steps. So a
 * sequence's loss is exactly what the batch loss averages (a batch of one gives the same number).
 * Used where sequences are compared one by one (the Evaluate view's ablation: which predictions changed).
 * (sequence-scores.ts's `SequenceScorer` keeps the same losses for the report pass, growing lists and
 * per-token losses; the two came from parallel branches and are one concept to fold together.)
 */

import type { Batch } from '../engine/batch';
import { DEFAULT_QUANTILE_LEVELS, paramsPerValue, type ModelConfig } from '../engine/config';
import { gaussianNegativeLogLikelihood, pinballLoss } from '../engine/distribution-losses';
import { binaryCrossEntropyWithLogits, meanSquaredError, softmaxCrossEntropy } from '../engine/losses';

/** Scratch reused across batches (grown when a batch needs more). */
export class SequenceLossScorer {
  private gradient = new Float64Array(0);
  private valid = new Uint8Array(0);

  constructor(private readonly config: Pick<ModelConfig, 'headOn' | 'loss' | 'outputSize' | 'quantiles'>) {
    if (config.loss === 'ctc') throw new Error('per-sequence scores of a CTC model are not available yet');
  }

  /** Whether the head predicts one class per sequence (a classifier: `predicted` is filled). */
  get classifies(): boolean {
    const { headOn, loss } = this.config;
    return headOn !== 'every' && (loss === 'softmax-ce' || loss === 'bce');
  }

  /**
   * batch's rows b = 0…B−1, output `[B, O]` (last/mean head) or `[B, T, O]` (every step) → loss[at + b] and,
   * for classifiers, predicted[at + b] (argmax; a single logit: 1 when it is > 0); −1 otherwise.
   */
  score(batch: Batch, output: ArrayLike<number>, at: number, loss: Float32Array, predicted: Int32Array): void {
    const { headOn, outputSize: O } = this.config;
    const { batchSize: B, steps: T } = batch;
    const targets = batch.targets;
    if (!targets) throw new Error('the evaluated batches have no targets to score against');
    const perStep = headOn === 'every';
    const rows = perStep ? T : 1;
    const width = this.targetWidth();
    if (this.gradient.length < rows * O) this.gradient = new Float64Array(rows * O);
    if (this.valid.length < rows) this.valid = new Uint8Array(rows);
    const view = output as Float32Array | Float64Array;
    for (let b = 0; b < B; b++) {
      const y = view.subarray(b * rows * O, (b + 1) * rows * O);
      const target = targets.subarray(b * rows * width, (b + 1) * rows * width);
      let valid: Uint8Array | null = null;
      if (perStep) {
        const length = batch.lengths ? batch.lengths[b] : T;
        valid = this.valid.subarray(0, rows);
        for (let t = 0; t < T; t++) valid[t] = t < length ? 1 : 0;
        if (length === 0) {
          loss[at + b] = NaN;
          predicted[at + b] = -1;
          continue;
        }
      }
      loss[at + b] = this.rowsLoss(rows, y, target, valid);
      predicted[at + b] = this.classifies ? predictedClass(y, O) : -1;
    }
  }

  /** Targets per head row: one class id, or one value per predicted value (as the model's loss reads them). */
  private targetWidth(): number {
    const { loss, outputSize } = this.config;
    if (loss === 'bce' || loss === 'softmax-ce') return 1;
    return outputSize / paramsPerValue(this.config);
  }

  private rowsLoss(
    rows: number,
    y: Float32Array | Float64Array,
    target: ArrayLike<number>,
    valid: Uint8Array | null,
  ): number {
    const { loss, outputSize: O, quantiles } = this.config;
    const dy = this.gradient;
    switch (loss) {
      case 'bce':
        return binaryCrossEntropyWithLogits(rows, y, target, valid, dy);
      case 'softmax-ce':
        return softmaxCrossEntropy(rows, O, y, target, valid, dy);
      case 'mse':
        return meanSquaredError(rows, O, y, target, valid, dy);
      case 'gaussian-nll':
        return gaussianNegativeLogLikelihood(rows, O / 2, y, target, valid, dy);
      case 'quantile': {
        const levels = quantiles ?? DEFAULT_QUANTILE_LEVELS;
        return pinballLoss(rows, O / levels.length, levels, y, target, valid, dy);
      }
      default:
        throw new Error(`per-sequence scores of a '${loss}' model are not available yet`);
    }
  }
}

/** The predicted class of one row of logits: argmax, or for a single logit (bce) 1 when it is positive. */
export function predictedClass(logits: ArrayLike<number>, classes: number): number {
  if (classes === 1) return logits[0] > 0 ? 1 : 0;
  let best = 0;
  for (let c = 1; c < classes; c++) if (logits[c] > logits[best]) best = c;
  return best;
}
