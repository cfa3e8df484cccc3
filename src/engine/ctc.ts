/**
 * Connectionist temporal classification (Graves et al. 2006): the loss of a per-step head whose outputs
 * are symbols (blank = 0, labels 1…C−1) against a shorter label sequence, summed over every alignment by
 * a forward–backward pass in log space.
 *
 * Reduction as PyTorch's `F.ctc_loss(..., reduction='mean', zero_infinity=True)`: each sequence's
 * −log p(y|x) is divided by its target length (at least 1), then averaged over the batch. A sequence whose
 * labels cannot be aligned to its frames (too few frames for the labels and the blanks their repeats
 * need) has p(y|x) = 0: it contributes 0 to the loss and 0 to the gradient (`zero_infinity`), so one
 * impossible recording does not turn a whole batch into NaN.
 */

import type { FloatArray } from './tensor';

/** The CTC blank's symbol id. */
export const CTC_BLANK = 0;

/**
 * The CTC loss with its workspaces: one instance per model, reused every step (no allocation per call
 * once the largest batch has been seen). Internally float64 whatever the logits' type, since the
 * forward–backward sums many small probabilities.
 */
export class CtcLoss {
  private logProbs = new Float64Array(0);
  private alpha = new Float64Array(0);
  private beta = new Float64Array(0);
  private extended = new Int32Array(0);
  private perSequence = new Float64Array(0);

  private batchSize = 0;

  /** −log p(y|x) of each sequence of the last `compute` (0 for an impossible one), in batch order. */
  sequenceLosses(): Float64Array {
    return this.perSequence.subarray(0, this.batchSize);
  }

  /**
   * Mean CTC loss of a batch and its gradient with respect to the logits.
   * dLogits (T·B, C) ← logits (T·B, C) time-major (row t·B + b), inputLengths (B), targets (B, S), targetLengths (B)
   * Rows at or past a sequence's input length get a zero gradient; a null `inputLengths` means T for all.
   */
  compute(
    B: number,
    T: number,
    C: number,
    logits: FloatArray,
    inputLengths: ArrayLike<number> | null,
    targets: ArrayLike<number>,
    targetLengths: ArrayLike<number>,
    dLogits: FloatArray,
  ): number {
    if (C < 2) throw new Error(`ctc: needs at least 2 symbols (blank and one label), got ${C}`);
    if (targetLengths.length !== B)
      throw new Error(`ctc: targetLengths must hold ${B} values, got ${targetLengths.length}`);
    if (targets.length % Math.max(B, 1) !== 0)
      throw new Error(`ctc: targets must be [B, S] with B = ${B}, got ${targets.length} values`);
    const S = B > 0 ? targets.length / B : 0;
    this.ensure(B, T, C, S);
    dLogits.fill(0, 0, T * B * C);

    let total = 0;
    for (let b = 0; b < B; b++) {
      const frames = inputLengths ? inputLengths[b] : T;
      const labelCount = targetLengths[b];
      if (!(Number.isInteger(labelCount) && labelCount >= 0 && labelCount <= S))
        throw new Error(`ctc: target length ${labelCount} of sequence ${b} is not in 0…${S}`);
      if (!(Number.isInteger(frames) && frames >= 0 && frames <= T))
        throw new Error(`ctc: input length ${frames} of sequence ${b} is not in 0…${T}`);
      const states = this.extendLabels(targets, b * S, labelCount, C, b);
      const nll = this.sequence(b, B, C, frames, states, logits, dLogits, 1 / (Math.max(labelCount, 1) * B));
      this.perSequence[b] = nll;
      total += nll / Math.max(labelCount, 1);
    }
    return B > 0 ? total / B : 0;
  }

  private ensure(B: number, T: number, C: number, S: number): void {
    const states = 2 * S + 1;
    if (this.logProbs.length < T * C) this.logProbs = new Float64Array(T * C);
    if (this.alpha.length < T * states) {
      this.alpha = new Float64Array(T * states);
      this.beta = new Float64Array(T * states);
    }
    if (this.extended.length < states) this.extended = new Int32Array(states);
    if (this.perSequence.length < B) this.perSequence = new Float64Array(B);
    this.batchSize = B;
  }

  /** extended (2L+1) ← labels: blank, y₁, blank, y₂, …, y_L, blank; returns 2L+1. */
  private extendLabels(targets: ArrayLike<number>, offset: number, labelCount: number, C: number, b: number): number {
    const extended = this.extended;
    extended[0] = CTC_BLANK;
    for (let l = 0; l < labelCount; l++) {
      const label = targets[offset + l];
      if (!(Number.isInteger(label) && label >= 1 && label < C))
        throw new Error(`ctc: label ${label} at position ${l} of sequence ${b} is not a symbol id in 1…${C - 1}`);
      extended[2 * l + 1] = label;
      extended[2 * l + 2] = CTC_BLANK;
    }
    return 2 * labelCount + 1;
  }

  /**
   * One sequence: −log p(y|x), and dLogits rows t·B + b += scale·(softmax − occupancy) for t < frames.
   * logProbs (frames, C) ← log-softmax of the rows; alpha, beta (frames, states), beta excluding frame t's emission.
   */
  private sequence(
    b: number,
    B: number,
    C: number,
    frames: number,
    states: number,
    logits: FloatArray,
    dLogits: FloatArray,
    scale: number,
  ): number {
    // No frames: p = 1 for no labels (loss 0), impossible otherwise (zero_infinity: loss 0).
    if (frames === 0) return 0;
    const lp = this.logProbs;
    const alpha = this.alpha;
    const beta = this.beta;
    const ext = this.extended;

    for (let t = 0; t < frames; t++) {
      const row = (t * B + b) * C;
      // subtract the max only for numerical stability; the softmax is unchanged
      let max = -Infinity;
      for (let c = 0; c < C; c++) if (logits[row + c] > max) max = logits[row + c];
      let sum = 0;
      for (let c = 0; c < C; c++) sum += Math.exp(logits[row + c] - max);
      const logZ = max + Math.log(sum);
      for (let c = 0; c < C; c++) lp[t * C + c] = logits[row + c] - logZ;
    }

    // alpha[t, s]: log-probability of emitting the first s+1 extended states by frame t, ending in s.
    alpha.fill(-Infinity, 0, frames * states);
    alpha[0] = lp[ext[0]];
    if (states > 1) alpha[1] = lp[ext[1]];
    for (let t = 1; t < frames; t++) {
      const prev = (t - 1) * states;
      const here = t * states;
      for (let s = 0; s < states; s++) {
        let a = alpha[prev + s];
        if (s >= 1) a = logAddExp(a, alpha[prev + s - 1]);
        if (s >= 2 && ext[s] !== CTC_BLANK && ext[s] !== ext[s - 2]) a = logAddExp(a, alpha[prev + s - 2]);
        alpha[here + s] = a === -Infinity ? -Infinity : a + lp[t * C + ext[s]];
      }
    }
    const last = (frames - 1) * states;
    const logLikelihood = states > 1 ? logAddExp(alpha[last + states - 1], alpha[last + states - 2]) : alpha[last];
    if (logLikelihood === -Infinity) return 0; // impossible alignment: zero_infinity → loss 0, gradient 0

    // beta[t, s]: log-probability of emitting the rest after frame t, given state s at frame t.
    beta.fill(-Infinity, 0, frames * states);
    beta[last + states - 1] = 0;
    if (states > 1) beta[last + states - 2] = 0;
    for (let t = frames - 2; t >= 0; t--) {
      const next = (t + 1) * states;
      const here = t * states;
      const lpNext = (t + 1) * C;
      for (let s = 0; s < states; s++) {
        let v = beta[next + s] + lp[lpNext + ext[s]];
        if (s + 1 < states) v = logAddExp(v, beta[next + s + 1] + lp[lpNext + ext[s + 1]]);
        if (s + 2 < states && ext[s + 2] !== CTC_BLANK && ext[s + 2] !== ext[s])
          v = logAddExp(v, beta[next + s + 2] + lp[lpNext + ext[s + 2]]);
        beta[here + s] = v;
      }
    }

    // d(−log p)/dlogit[t, c] = softmax[t, c] − Σ_{s: ext[s] = c} exp(alpha + beta − log p) (posterior occupancy)
    for (let t = 0; t < frames; t++) {
      const row = (t * B + b) * C;
      for (let c = 0; c < C; c++) dLogits[row + c] = Math.exp(lp[t * C + c]) * scale;
      const here = t * states;
      for (let s = 0; s < states; s++) {
        const occupancy = alpha[here + s] + beta[here + s] - logLikelihood;
        if (occupancy !== -Infinity) dLogits[row + ext[s]] -= Math.exp(occupancy) * scale;
      }
    }
    return -logLikelihood;
  }
}

/** log(eᵃ + eᵇ) without overflow; −∞ when both are −∞. */
function logAddExp(a: number, b: number): number {
  if (a === -Infinity) return b;
  if (b === -Infinity) return a;
  return a > b ? a + Math.log1p(Math.exp(b - a)) : b + Math.log1p(Math.exp(a - b));
}
