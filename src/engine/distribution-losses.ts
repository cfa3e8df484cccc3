/**
 * Losses of a predictive distribution (forecasting with intervals). The head gives, per predicted value,
 * P parameters side by side: `[values, P]` flattened per row.
 *
 * - `gaussian-nll`: P = 2, a mean μ and a raw scale r; σ = softplus(r) + SCALE_FLOOR. The floor keeps
 *   log σ and 1/σ² finite when the model is very sure (softplus(r) → 0 for r → −∞); it is in the model's
 *   normalised units (z-scores), so 1e-3 is a thousandth of a standard deviation of the data.
 * - `quantile`: P = Q, one prediction per level τ of `levels` (ascending in (0, 1)), pinball loss.
 *
 * Both average over the valid rows' values (and levels), rows whose `valid` flag is 0 (padded steps)
 * add nothing, as the losses of losses.ts.
 */

import { sigmoid } from './activations';
import type { FloatArray } from './tensor';

/** The smallest σ of a Gaussian head, in normalised units (see the file's comment). */
export const SCALE_FLOOR = 1e-3;

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);

/** softplus(r) = log(1 + eʳ), in the stable form that neither overflows nor loses small values. */
export function softplus(raw: number): number {
  return Math.max(raw, 0) + Math.log1p(Math.exp(-Math.abs(raw)));
}

/** σ of a Gaussian head from its raw output: softplus(raw) + SCALE_FLOOR. */
export function gaussianScale(raw: number): number {
  return softplus(raw) + SCALE_FLOOR;
}

// predictions (R, V, 2) = (μ, raw σ), targets (R, V) → mean over valid values of
// log σ + (y − μ)² / (2σ²) + ½ log 2π; dPredictions (R, V, 2)
export function gaussianNegativeLogLikelihood(
  rows: number,
  values: number,
  predictions: FloatArray,
  targets: ArrayLike<number>,
  valid: Uint8Array | null,
  dPredictions: FloatArray,
): number {
  const count = countValidRows(rows, valid) * values;
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * values;
    if (valid && !valid[r]) {
      dPredictions.fill(0, 2 * base, 2 * (base + values));
      continue;
    }
    for (let v = base; v < base + values; v++) {
      const mean = predictions[2 * v];
      const raw = predictions[2 * v + 1];
      const sigma = gaussianScale(raw);
      const diff = targets[v] - mean;
      const z2 = (diff * diff) / (sigma * sigma);
      sum += Math.log(sigma) + 0.5 * z2 + HALF_LOG_TWO_PI;
      // d/dμ = −(y − μ)/σ²; d/dσ = 1/σ − (y − μ)²/σ³; dσ/draw = sigmoid(raw)
      dPredictions[2 * v] = -diff / (sigma * sigma) / count;
      const dSigma = (1 - z2) / sigma;
      dPredictions[2 * v + 1] = (dSigma * sigmoid(raw)) / count;
    }
  }
  return sum / count;
}

// predictions (R, V, Q) at levels (Q), targets (R, V) → mean over valid values and levels of the pinball
// loss max(τ(y − q), (τ − 1)(y − q)); dPredictions (R, V, Q)
export function pinballLoss(
  rows: number,
  values: number,
  levels: readonly number[],
  predictions: FloatArray,
  targets: ArrayLike<number>,
  valid: Uint8Array | null,
  dPredictions: FloatArray,
): number {
  const Q = levels.length;
  const count = countValidRows(rows, valid) * values * Q;
  let sum = 0;
  for (let r = 0; r < rows; r++) {
    const base = r * values;
    if (valid && !valid[r]) {
      dPredictions.fill(0, Q * base, Q * (base + values));
      continue;
    }
    for (let v = base; v < base + values; v++) {
      const y = targets[v];
      for (let q = 0; q < Q; q++) {
        const tau = levels[q];
        const k = v * Q + q;
        const error = y - predictions[k];
        // Under-prediction (y above q) costs τ per unit, over-prediction 1 − τ; at a tie the subgradient
        // of the over side (1 − τ) is taken.
        if (error > 0) {
          sum += tau * error;
          dPredictions[k] = -tau / count;
        } else {
          sum += (tau - 1) * error;
          dPredictions[k] = (1 - tau) / count;
        }
      }
    }
  }
  return sum / count;
}

function countValidRows(rows: number, valid: Uint8Array | null): number {
  if (!valid) return rows;
  let n = 0;
  for (let r = 0; r < rows; r++) n += valid[r];
  if (n === 0) throw new Error('loss: every row is padding');
  return n;
}
