/**
 * Losses, each returning the mean loss and writing dLoss/dinput. Rows whose `valid` flag is 0 (padded
 * steps) add nothing and are not counted in the mean, as `ignore_index` does in PyTorch.
 */

import { sigmoid } from './activations';
import type { FloatArray } from './tensor';

// logits (R), targets (R) of 0/1 → mean over valid rows of BCEWithLogits; dLogits (R)
export function binaryCrossEntropyWithLogits(
  rows: number,
  logits: FloatArray,
  targets: ArrayLike<number>,
  valid: Uint8Array | null,
  dLogits: FloatArray,
): number {
  const count = countValid(rows, valid);
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    if (valid && !valid[r]) {
      dLogits[r] = 0;
      continue;
    }
    const x = logits[r];
    const y = targets[r];
    // max(x, 0) - x·y + log(1 + e^{-|x|}): the stable form, no overflow for large |x|
    sum += Math.max(x, 0) - x * y + Math.log1p(Math.exp(-Math.abs(x)));
    dLogits[r] = (sigmoid(x) - y) / count;
  }
  return sum / count;
}

// logits (R, C), targets (R) of class ids → mean over valid rows of -log softmax(logits)[target]; dLogits (R, C)
export function softmaxCrossEntropy(
  rows: number,
  classes: number,
  logits: FloatArray,
  targets: ArrayLike<number>,
  valid: Uint8Array | null,
  dLogits: FloatArray,
): number {
  const count = countValid(rows, valid);
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * classes;
    if (valid && !valid[r]) {
      dLogits.fill(0, base, base + classes);
      continue;
    }
    const target = targets[r];
    if (!(target >= 0 && target < classes && Number.isInteger(target))) {
      throw new Error(`cross-entropy: target ${target} in row ${r} is not a class id in 0…${classes - 1}`);
    }
    // subtract the max only for numerical stability; the softmax is unchanged
    let max = -Infinity;
    for (let c = 0; c < classes; c++) max = Math.max(max, logits[base + c]);
    let total = 0;
    for (let c = 0; c < classes; c++) total += Math.exp(logits[base + c] - max);
    const logTotal = Math.log(total);
    sum += logTotal + max - logits[base + target];
    for (let c = 0; c < classes; c++) dLogits[base + c] = Math.exp(logits[base + c] - max - logTotal) / count;
    dLogits[base + target] -= 1 / count;
  }
  return sum / count;
}

// predictions (R, O), targets (R, O) → mean over valid elements of (p - y)²; dPredictions (R, O)
export function meanSquaredError(
  rows: number,
  width: number,
  predictions: FloatArray,
  targets: ArrayLike<number>,
  valid: Uint8Array | null,
  dPredictions: FloatArray,
): number {
  const count = countValid(rows, valid) * width;
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * width;
    if (valid && !valid[r]) {
      dPredictions.fill(0, base, base + width);
      continue;
    }
    for (let k = base; k < base + width; k++) {
      const diff = predictions[k] - targets[k];
      sum += diff * diff;
      dPredictions[k] = (2 * diff) / count;
    }
  }
  return sum / count;
}

function countValid(rows: number, valid: Uint8Array | null): number {
  if (!valid) return rows;
  let n = 0;
  for (let r = 0; r < rows; r++) n += valid[r];
  if (n === 0) throw new Error('loss: every row is padding');
  return n;
}
