/**
 * The model's answer if a sequence ended at each step — what a classifier's "reading" line and the Gates
 * panel's per-step class probabilities show.
 *
 * A one-direction model's top-layer h at step t depends only on steps 0…t, so the head applied to every
 * step's h is exactly the answer for each prefix: one pass. A bidirectional model's backward direction at
 * step t has read the steps after t, so that shortcut would show answers that already know the end of
 * the text; instead each prefix is run as its own sequence (a batch of prefixes, each of its own length).
 * That costs Σ prefix lengths ≈ T²/2 steps, so past `PREFIX_STEP_BUDGET` only evenly spaced prefixes are
 * run and each answer holds until the next one (said in `stride`).
 */

import type { Batch } from '../engine/batch';
import type { LstmModel, StackRecording } from '../engine/model';
import { allocate, type FloatArray } from '../engine/tensor';

/** Sequence-steps of prefix passes one answer may cost (≈ 360 steps in full; a 2 000-step text every 11th). */
export const PREFIX_STEP_BUDGET = 65_536;
/** Prefixes per pass (bounds the memory of one pass: B · T steps of caches). */
const PREFIXES_PER_PASS = 32;

export interface RunningOutputs {
  /** `[T, O]`: the head's output (logits) if the sequence ended after each step. */
  logits: FloatArray;
  /** 1 when every step was computed; k when every k-th was (each answer held until the next). */
  stride: number;
}

/** The top layer's h at every step, `[T, Hout]`, from a one-direction model's recording of one sequence. */
export function topHidden(recording: StackRecording[]): FloatArray {
  const top = recording[recording.length - 1];
  if ('forward' in top) throw new Error('a bidirectional layer has no single h per step: use runningOutputs');
  return top.h;
}

/**
 * The answers for one sequence (`batch`, B = 1, T steps, tokens or features). `topOutputs` gives the top
 * layer's h at every step `[T, Hout]` of its forward pass; it is asked only for a one-direction model.
 */
export function runningOutputs(model: LstmModel, batch: Batch, topOutputs: () => FloatArray): RunningOutputs {
  const T = batch.steps;
  const O = model.config.outputSize;
  const logits = allocate(model.config.dtype, T * O);
  if (!model.config.bidirectional) {
    model.head.forward(T, topOutputs(), 0, logits);
    return { logits, stride: 1 };
  }
  const stride = Math.max(1, Math.ceil((T * (T + 1)) / 2 / PREFIX_STEP_BUDGET));
  // The prefixes that end at steps stride−1, 2·stride−1, …, and always at the last step.
  const ends: number[] = [];
  for (let end = stride - 1; end < T - 1; end += stride) ends.push(end);
  ends.push(T - 1);
  for (let from = 0; from < ends.length; from += PREFIXES_PER_PASS) {
    const group = ends.slice(from, from + PREFIXES_PER_PASS);
    const steps = group[group.length - 1] + 1;
    const output = model.forward(prefixBatch(batch, group, steps)).output; // [B, O]
    group.forEach((end, b) => logits.set(output.subarray(b * O, (b + 1) * O), end * O));
  }
  // Hold each computed answer until the next one; the steps before the first computed one take it.
  let next = 0; // the first of `ends` not yet passed
  for (let t = 0; t < T; t++) {
    if (ends[next] === t) {
      next++;
      continue;
    }
    const held = ends[Math.max(0, next - 1)];
    logits.copyWithin(t * O, held * O, held * O + O);
  }
  return { logits, stride };
}

/** A batch of the prefixes of one sequence ending at `ends` (right-padded to `steps`). */
function prefixBatch(batch: Batch, ends: number[], steps: number): Batch {
  const B = ends.length;
  const T = batch.steps;
  const lengths = Int32Array.from(ends, (end) => end + 1);
  if (batch.tokens) {
    const tokens = new Int32Array(B * steps);
    for (let b = 0; b < B; b++) tokens.set(batch.tokens.subarray(0, lengths[b]), b * steps);
    return { batchSize: B, steps, tokens, lengths };
  }
  const D = batch.features!.length / T;
  const features = new Float32Array(B * steps * D);
  for (let b = 0; b < B; b++) features.set(batch.features!.subarray(0, lengths[b] * D), b * steps * D);
  return { batchSize: B, steps, features, lengths };
}
