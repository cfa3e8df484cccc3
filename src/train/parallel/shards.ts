/**
 * Data-parallel training, the parts both sides share: how a batch is split into shards, how much each
 * shard's loss weighs, and the layout of the shared memory the coordinator and its helper threads talk
 * through. Pure TypeScript over typed arrays (no Node API): the threads themselves live in
 * parallel-step-runner.ts (coordinator) and shard-thread.ts (helpers).
 *
 * Sharding: the batch is cut by sequence into S = min(threads, B) contiguous shards, shard s holding
 * sequences [⌊s·B/S⌋, ⌊(s+1)·B/S⌋). Batches are batch-major, so every per-sequence array (tokens `[B, T]`,
 * features `[B, T, D]`, targets `[B, …]`, lengths `[B]`, a CTC batch's target lengths `[B]`, and an
 * encoder–decoder's decoder tokens `[B, Td]` and lengths `[B]`) of a shard is one contiguous subarray.
 *
 * Loss weighting: a shard's loss is the mean over its own examples (rows for a last-step head, real steps
 * for a per-step head, valid target tokens for an encoder–decoder; sequences for CTC, whose mean is over
 * sequences, each already divided by its target length). The batch's loss is the mean over all
 * of them, so shard s weighs count_s / Σ count — for the loss and, the loss being linear in each
 * example's term, for the gradient.
 */

import type { Batch } from '../../engine/batch';
import { directionCount, type ModelConfig } from '../../engine/config';
import type { FloatArray } from '../../engine/tensor';

/** Most threads one runner drives (the control block has a fixed size). */
export const MAX_THREADS = 64;

/** Indices into the control block, an Int32Array over a SharedArrayBuffer. */
export const CONTROL = {
  /** Bumped by the coordinator for every command; helpers wait on it. */
  generation: 0,
  /** COMMAND_STEP or COMMAND_EXIT. */
  command: 1,
  batchSize: 2,
  steps: 3,
  /** FLAG_* bits. */
  flags: 4,
  featuresLength: 5,
  targetsLength: 6,
  /** Length of h0 (L·dirs·B·Hout) when the batch comes with an initial state, else 0. */
  stateLength: 7,
  /** KERNELS_* of the coordinator, so every thread runs the same kernels. */
  kernels: 8,
  /** Version of the batch buffers (a new pair is posted to each helper when a batch outgrows them). */
  batchBuffersVersion: 9,
  /** Shards this step (≤ threads). */
  shards: 10,
  /** Length of c0 (L·dirs·B·H) when the batch comes with an LSTM's initial state, else 0 (a GRU has no c). */
  cellStateLength: 11,
  /** Td, the decoder's steps, with FLAG_DECODER (an encoder–decoder's batch), else 0. */
  decoderSteps: 12,
  /** Shard boundaries, MAX_THREADS + 1 entries. */
  bounds: 16,
  /** Per-shard dropout seeds (uint32 stored as int32), MAX_THREADS entries. */
  seeds: 16 + MAX_THREADS + 1,
  /** Per-thread: the generation it finished. */
  done: 16 + 2 * MAX_THREADS + 1,
  /** Per-thread: STATUS_*. */
  status: 16 + 3 * MAX_THREADS + 1,
  size: 16 + 4 * MAX_THREADS + 1,
} as const;

export const COMMAND_STEP = 1;
export const COMMAND_EXIT = 2;

export const FLAG_TOKENS = 1;
export const FLAG_FEATURES = 2;
export const FLAG_LENGTHS = 4;
export const FLAG_TRAINING = 8;
/** Each shard's randomness (dropout masks, scheduled sampling's choices) comes from its seed. */
export const FLAG_SEEDED = 16;
/** The state is carried (stateful training): each thread writes its rows' final state back (hN, cN). */
export const FLAG_CARRY_STATE = 32;
/** An encoder–decoder's batch: decoder tokens `[B, Td]` and lengths `[B]` follow the source in the ints. */
export const FLAG_DECODER = 64;
/**
 * Scheduled sampling: teacher forcing below 1, its ratio in the floats' last slot. Each shard draws its
 * mixing from its own seed (the seeds are drawn as for dropout).
 */
export const FLAG_TEACHER_FORCING = 128;
/** A CTC batch: its target lengths `[B]` follow in the ints (after the decoder's, which it never has). */
export const FLAG_TARGET_LENGTHS = 256;

export const STATUS_OK = 0;
export const STATUS_FAILED = 1;
export const STATUS_EXITED = 2;

export const KERNELS_JS = 0;
export const KERNELS_WASM_SIMD = 1;
export const KERNELS_WASM_RELAXED_SIMD = 2;

/** What a helper thread gets at start (workerData). */
export interface ShardThreadInit {
  /** 1…threads-1 (the coordinator computes shard 0). */
  index: number;
  threads: number;
  modelConfig: ModelConfig;
  /** Int32 `[CONTROL.size]`. */
  control: SharedArrayBuffer;
  /** Float64 `[threads]`: each shard's mean loss. */
  losses: SharedArrayBuffer;
  /** The parameters in `parameters()` order, flat, in the model's dtype `[P]`. */
  weights: SharedArrayBuffer;
  /** Gradient slots, helper k's at `(k-1)·P`, in the model's dtype `[(threads-1)·P]`. */
  gradients: SharedArrayBuffer;
}

/** The batch's arrays in shared memory; replaced (with a higher version) when a batch outgrows them. */
export interface BatchBuffersMessage {
  type: 'batch-buffers';
  version: number;
  /**
   * Int32: tokens `[B·T]`, lengths `[B]`, with FLAG_DECODER decoder tokens `[B·Td]`, decoder lengths `[B]`,
   * and with FLAG_TARGET_LENGTHS target lengths `[B]`.
   */
  ints: SharedArrayBuffer;
  /**
   * Float64: features, targets (class and token ids too: float64 holds them exactly), h0 `[L·dirs, B, Hout]`, c0 `[L·dirs, B, H]` (LSTM), with
   * FLAG_CARRY_STATE the final state hN, cN in the same layouts (each thread writes its own rows), and
   * with FLAG_TEACHER_FORCING the teacher-forcing ratio.
   */
  floats: SharedArrayBuffer;
}

export type ShardThreadMessage = { type: 'ready' } | { type: 'failed'; message: string };

/** Sequences [bounds[s], bounds[s+1]) form shard s; S = min(threads, B) shards. */
export function shardBounds(batchSize: number, threads: number): number[] {
  const shards = Math.max(1, Math.min(threads, batchSize));
  return Array.from({ length: shards + 1 }, (_, s) => Math.floor((s * batchSize) / shards));
}

/** Sequences [from, to) of a batch, as views (no copies). */
export function shardBatch(batch: Batch, from: number, to: number): Batch {
  const B = batch.batchSize;
  const rows = <A extends Int32Array | FloatArray>(array: A): A => {
    const per = array.length / B;
    return array.subarray(from * per, to * per) as A;
  };
  const shard: Batch = { batchSize: to - from, steps: batch.steps };
  if (batch.tokens) shard.tokens = rows(batch.tokens);
  if (batch.features) shard.features = rows(batch.features);
  if (batch.lengths) shard.lengths = rows(batch.lengths);
  if (batch.targets) shard.targets = rows(batch.targets);
  if (batch.targetLengths) shard.targetLengths = rows(batch.targetLengths);
  if (batch.decoder)
    shard.decoder = {
      steps: batch.decoder.steps,
      tokens: rows(batch.decoder.tokens),
      lengths: rows(batch.decoder.lengths),
    };
  return shard;
}

/** Rows of a stacked state (h_n, c_n): one per layer and direction. */
export function stateRows(config: Pick<ModelConfig, 'numLayers' | 'bidirectional'>): number {
  return config.numLayers * directionCount(config);
}

/**
 * Sequences [from, to) of a state `[rows, B, W]` (rows = layers × directions), copied into `[rows, to-from, W]`:
 * into `out` when given (its first rows·(to−from)·W entries, returned as a view), else a new array.
 */
export function shardState(
  state: FloatArray,
  layers: number,
  batchSize: number,
  from: number,
  to: number,
  out?: FloatArray,
): FloatArray {
  const H = state.length / (layers * batchSize);
  const rows = to - from;
  const shard = out ? out.subarray(0, layers * rows * H) : new Float64Array(layers * rows * H);
  for (let l = 0; l < layers; l++)
    shard.set(state.subarray((l * batchSize + from) * H, (l * batchSize + to) * H), l * rows * H);
  return shard;
}

/** The inverse of shardState: a shard's state `[rows, to-from, W]` written into sequences [from, to) of `state` `[rows, B, W]`. */
export function unshardState(
  shard: FloatArray,
  state: FloatArray,
  layers: number,
  batchSize: number,
  from: number,
  to: number,
): void {
  const H = state.length / (layers * batchSize);
  const rows = to - from;
  for (let l = 0; l < layers; l++)
    state.set(shard.subarray(l * rows * H, (l + 1) * rows * H), (l * batchSize + from) * H);
}

/** The sizes a batch's layout in the shared buffers follows (what the control block carries). */
export interface BatchShape {
  batchSize: number;
  steps: number;
  /** FLAG_* bits. */
  flags: number;
  /** Td with FLAG_DECODER, else 0. */
  decoderSteps: number;
  featuresLength: number;
  targetsLength: number;
  stateLength: number;
  cellStateLength: number;
}

/** Where each array of a batch sits in the shared batch buffers (element offsets). */
export interface BatchLayout {
  tokens: number;
  lengths: number;
  decoderTokens: number;
  decoderLengths: number;
  targetLengths: number;
  intsLength: number;
  features: number;
  targets: number;
  h0: number;
  c0: number;
  /** The final state's place (FLAG_CARRY_STATE; else empty, at the end). */
  hN: number;
  cN: number;
  /** The teacher-forcing ratio's slot (FLAG_TEACHER_FORCING; else empty, at the end). */
  teacherForcing: number;
  floatsLength: number;
}

export function batchLayout(shape: BatchShape): BatchLayout {
  const { batchSize: B, steps: T, flags, featuresLength, targetsLength, stateLength, cellStateLength } = shape;
  const tokensLength = flags & FLAG_TOKENS ? B * T : 0;
  const lengthsLength = flags & FLAG_LENGTHS ? B : 0;
  const decoderTokensLength = flags & FLAG_DECODER ? B * shape.decoderSteps : 0;
  const decoderLengthsLength = flags & FLAG_DECODER ? B : 0;
  const targetLengthsLength = flags & FLAG_TARGET_LENGTHS ? B : 0;
  const stateEnd = featuresLength + targetsLength + stateLength + cellStateLength;
  const carried = flags & FLAG_CARRY_STATE ? stateLength + cellStateLength : 0;
  const ratioLength = flags & FLAG_TEACHER_FORCING ? 1 : 0;
  return {
    tokens: 0,
    lengths: tokensLength,
    decoderTokens: tokensLength + lengthsLength,
    decoderLengths: tokensLength + lengthsLength + decoderTokensLength,
    targetLengths: tokensLength + lengthsLength + decoderTokensLength + decoderLengthsLength,
    intsLength: tokensLength + lengthsLength + decoderTokensLength + decoderLengthsLength + targetLengthsLength,
    features: 0,
    targets: featuresLength,
    h0: featuresLength + targetsLength,
    c0: featuresLength + targetsLength + stateLength,
    hN: stateEnd,
    cN: stateEnd + (carried > 0 ? stateLength : 0),
    teacherForcing: stateEnd + carried,
    floatsLength: stateEnd + carried + ratioLength,
  };
}

/** The batch a helper reads back from the shared buffers (views), with its initial state if any. */
export function batchFromBuffers(
  control: Int32Array,
  ints: Int32Array,
  floats: Float64Array,
): {
  batch: Batch;
  h0: Float64Array | null;
  c0: Float64Array | null;
  hN: Float64Array | null;
  cN: Float64Array | null;
  /** The teacher-forcing ratio (1 without FLAG_TEACHER_FORCING). */
  teacherForcing: number;
} {
  const shape: BatchShape = {
    batchSize: control[CONTROL.batchSize],
    steps: control[CONTROL.steps],
    flags: control[CONTROL.flags],
    decoderSteps: control[CONTROL.decoderSteps],
    featuresLength: control[CONTROL.featuresLength],
    targetsLength: control[CONTROL.targetsLength],
    stateLength: control[CONTROL.stateLength],
    cellStateLength: control[CONTROL.cellStateLength],
  };
  const { batchSize: B, steps: T, flags, decoderSteps: Td, featuresLength, targetsLength } = shape;
  const { stateLength, cellStateLength } = shape;
  const at = batchLayout(shape);
  const batch: Batch = { batchSize: B, steps: T };
  if (flags & FLAG_TOKENS) batch.tokens = ints.subarray(at.tokens, at.tokens + B * T);
  if (flags & FLAG_LENGTHS) batch.lengths = ints.subarray(at.lengths, at.lengths + B);
  if (flags & FLAG_DECODER)
    batch.decoder = {
      steps: Td,
      tokens: ints.subarray(at.decoderTokens, at.decoderTokens + B * Td),
      lengths: ints.subarray(at.decoderLengths, at.decoderLengths + B),
    };
  if (flags & FLAG_TARGET_LENGTHS) batch.targetLengths = ints.subarray(at.targetLengths, at.targetLengths + B);
  if (flags & FLAG_FEATURES) batch.features = floats.subarray(at.features, at.features + featuresLength);
  if (targetsLength > 0) batch.targets = floats.subarray(at.targets, at.targets + targetsLength);
  const h0 = stateLength > 0 ? floats.subarray(at.h0, at.h0 + stateLength) : null;
  const c0 = cellStateLength > 0 ? floats.subarray(at.c0, at.c0 + cellStateLength) : null;
  const carry = (flags & FLAG_CARRY_STATE) !== 0;
  const hN = carry && stateLength > 0 ? floats.subarray(at.hN, at.hN + stateLength) : null;
  const cN = carry && cellStateLength > 0 ? floats.subarray(at.cN, at.cN + cellStateLength) : null;
  const teacherForcing = flags & FLAG_TEACHER_FORCING ? floats[at.teacherForcing] : 1;
  return { batch, h0, c0, hN, cN, teacherForcing };
}
