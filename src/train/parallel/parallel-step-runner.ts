/**
 * Data-parallel training steps over N threads: this thread (the coordinator) and N-1 helper threads
 * (`worker_threads`, the `train-thread` bundle), each with its own model replica — any TrainableModel,
 * rebuilt in each helper from its config (`createModel`): one recurrent stack or an encoder–decoder.
 *
 * One step:
 *  1. the coordinator copies the batch (an encoder–decoder's decoder tokens and lengths too) and the
 *     current weights into shared memory, draws one seed per shard from the run's dropout stream when
 *     the step is random (dropout, or scheduled sampling: teacher forcing below 1), and wakes the helpers
 *     (Atomics.notify);
 *  2. thread s runs forward + backward on shard s (the coordinator on shard 0, into its own model's
 *     gradients; helper s into its slot of the shared gradient buffer), dropout masks and scheduled
 *     sampling's choices from its seed;
 *  3. the coordinator waits for every helper (Atomics.wait), sums the gradients in a fixed order —
 *     shard 0, 1, …, S-1, each scaled by its share of the examples (an encoder–decoder's: of the valid
 *     target tokens), in float64, rounded once — clips, and steps the optimizer once on its own model
 *     (parameters and optimizer state never leave it).
 *
 * A stateful run (truncated BPTT) also publishes its carried state: each thread starts its sequences
 * from their rows of it and writes their final state back (FLAG_CARRY_STATE), so the coordinator holds
 * the whole batch's final state for the next step.
 *
 * So a step depends only on the weights, the batch, the dropout stream and the thread count: the same
 * seed and thread count give the same run bit for bit, and resuming continues it exactly. Against one
 * thread, gradients differ by float32 summation order only (see test/unit/train/threads.test.ts, and
 * seq2seq-threads.test.ts for the encoder–decoder).
 *
 * `step` is synchronous (it blocks on Atomics.wait), like the single-threaded trainStep it replaces.
 */

import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import type { Batch } from '../../engine/batch';
import { kernelBackend } from '../../engine/kernels/backend';
import { clipGradientNorm, gradientNorm, type Optimizer } from '../../engine/optimizers';
import { Random } from '../../engine/random';
import type { RecurrentState } from '../../engine/recurrent-layer';
import type { Seq2seqForwardOptions } from '../../engine/seq2seq-model';
import type { FloatArray } from '../../engine/tensor';
import type { TrainableModel } from '../../engine/trainable-model';
import type { TrainStepOptions, TrainStepResult } from '../../engine/train-step';
import type { StepRunner } from '../step-runner-types';
import { checkBatch } from './check-batch';
import {
  CONTROL,
  COMMAND_EXIT,
  COMMAND_STEP,
  FLAG_CARRY_STATE,
  FLAG_DECODER,
  FLAG_TARGET_LENGTHS,
  FLAG_FEATURES,
  FLAG_LENGTHS,
  FLAG_SEEDED,
  FLAG_TEACHER_FORCING,
  FLAG_TOKENS,
  FLAG_TRAINING,
  KERNELS_JS,
  KERNELS_WASM_RELAXED_SIMD,
  KERNELS_WASM_SIMD,
  MAX_THREADS,
  STATUS_EXITED,
  STATUS_FAILED,
  batchLayout,
  shardBatch,
  shardBounds,
  shardState,
  stateRows,
  unshardState,
  type BatchLayout,
  type BatchBuffersMessage,
  type BatchShape,
  type ShardThreadInit,
  type ShardThreadMessage,
} from './shards';
import { lossCount } from '../../engine/loss-count';

export interface GradientOptions {
  /** Dropout on (default true, as in training); needs `rng` when the model has dropout. */
  training?: boolean;
  /** The run's dropout stream: one seed per shard is drawn from it (when dropout or scheduled sampling is on). */
  rng?: Random;
  /**
   * An encoder–decoder's share of decoder inputs taken from the reference (seq2seq-model.ts); below 1
   * (training only) each shard mixes in the model's own tokens from its seed. Default 1.
   */
  teacherForcing?: number;
  /** Initial state `[L, B, H]` each (tests against PyTorch use it; training starts from zeros). */
  initialState?: RecurrentState;
  /**
   * Stateful training's carried state `[L, B, H]` each, instead of `initialState`: read as the initial
   * state, then overwritten with the batch's final state (each shard's rows from the thread that ran it).
   */
  state?: RecurrentState;
}

/** How long a helper may take to start before the runner gives up. */
const START_TIMEOUT_MS = 60_000;

export class ParallelStepRunner implements StepRunner {
  private readonly control: Int32Array;
  private readonly losses: Float64Array;
  private readonly weights: FloatArray;
  /** gradientSlots[s] = helper s's gradient `[P]` (index 0 unused: shard 0 is the model's own). */
  private readonly gradientSlots: FloatArray[];
  /** Version 0 is empty (as the helpers start): the first batch always brings buffers of its own. */
  private ints: Int32Array = new Int32Array(0);
  private floats: Float64Array = new Float64Array(0);
  private batchBuffersVersion = 0;
  /** Where this step's arrays sit in the batch buffers. */
  private layout: BatchLayout | null = null;
  /** Shard 0's initial state, copied out of the batch's (grown once, then reused). */
  private h0Shard: Float64Array = new Float64Array(0);
  private c0Shard: Float64Array = new Float64Array(0);
  private generation = 0;
  private closed = false;

  private constructor(
    private readonly model: TrainableModel,
    private readonly optimizer: Optimizer,
    readonly threads: number,
    init: Omit<ShardThreadInit, 'index'>,
    private readonly workers: Worker[],
    private readonly ports: MessagePort[],
    /** helperErrors[s]: why helper s crashed, if it did. */
    private readonly helperErrors: string[],
  ) {
    this.control = new Int32Array(init.control);
    this.losses = new Float64Array(init.losses);
    const float64 = model.config.dtype === 'float64';
    const view = (buffer: SharedArrayBuffer, offset: number, length: number): FloatArray =>
      float64 ? new Float64Array(buffer, offset * 8, length) : new Float32Array(buffer, offset * 4, length);
    const P = model.parameterCount();
    this.weights = view(init.weights, 0, P);
    this.gradientSlots = Array.from({ length: threads }, (_, s) =>
      s === 0 ? new Float64Array(0) : view(init.gradients, (s - 1) * P, P),
    );
  }

  /** Starts `threads - 1` helper threads from `threadScript` (the train-thread bundle) and waits until they are ready. */
  static async start(
    model: TrainableModel,
    optimizer: Optimizer,
    threads: number,
    threadScript: string,
  ): Promise<ParallelStepRunner> {
    if (!Number.isInteger(threads) || threads < 2 || threads > MAX_THREADS)
      throw new Error(`a parallel step runner needs 2…${MAX_THREADS} threads, got ${threads}`);
    const P = model.parameterCount();
    const bytes = model.config.dtype === 'float64' ? 8 : 4;
    const init: Omit<ShardThreadInit, 'index'> = {
      threads,
      modelConfig: model.config,
      control: new SharedArrayBuffer(CONTROL.size * 4),
      losses: new SharedArrayBuffer(threads * 8),
      weights: new SharedArrayBuffer(P * bytes),
      gradients: new SharedArrayBuffer((threads - 1) * P * bytes),
    };
    const workers: Worker[] = [];
    const ports: MessagePort[] = [];
    const started: Promise<void>[] = [];
    const helperErrors: string[] = [];
    const control = new Int32Array(init.control);
    for (let index = 1; index < threads; index++) {
      const channel = new MessageChannel();
      const workerData = { init: { ...init, index } satisfies ShardThreadInit, port: channel.port2 };
      const worker = new Worker(threadScript, { workerData, transferList: [channel.port2] });
      workers.push(worker);
      ports.push(channel.port1);
      channel.port1.unref(); // read only synchronously (receiveMessageOnPort): it must not hold the event loop
      // A helper that dies is noticed at the next wait (its status says so), with its error if it had one.
      worker.on('error', (error) => (helperErrors[index] = error.message));
      worker.on('exit', () => Atomics.store(control, CONTROL.status + index, STATUS_EXITED));
      started.push(waitUntilReady(worker, index));
    }
    try {
      await Promise.all(started);
    } catch (error) {
      await Promise.all(workers.map((w) => w.terminate()));
      for (const port of ports) port.close();
      throw error;
    }
    return new ParallelStepRunner(model, optimizer, threads, init, workers, ports, helperErrors);
  }

  step(batch: Batch, options: TrainStepOptions = {}): TrainStepResult {
    const loss = this.gradients(batch, {
      rng: options.rng,
      state: options.state,
      teacherForcing: options.teacherForcing,
    });
    if (!Number.isFinite(loss)) return { loss, gradNorm: NaN }; // the caller stops the run; weights stay as they were
    const parameters = this.model.parameters();
    const gradNorm =
      options.clipNorm && options.clipNorm > 0
        ? clipGradientNorm(parameters, options.clipNorm)
        : gradientNorm(parameters);
    if (!Number.isFinite(gradNorm)) return { loss, gradNorm };
    this.optimizer.step();
    return { loss, gradNorm };
  }

  /**
   * Forward + backward of the whole batch over the threads: leaves dLoss/dθ of the batch's mean loss in
   * the model's parameter gradients (replacing them) and returns that loss.
   */
  gradients(batch: Batch, options: GradientOptions = {}): number {
    if (this.closed) throw new Error('the parallel step runner is closed');
    const model = this.model;
    const config = model.config;
    checkBatch(config, batch);
    const training = options.training ?? true;
    const dropout = training && config.dropout > 0 && config.numLayers > 1;
    if (dropout && !options.rng) throw new Error('LstmStack: dropout while training needs a random generator');
    const teacherForcing = options.teacherForcing ?? 1;
    const scheduledSampling =
      training && batch.decoder !== undefined && batch.targets !== undefined && teacherForcing < 1;
    if (scheduledSampling && !options.rng) throw new Error('teacher forcing below 1 needs a random generator');
    const seeded = dropout || scheduledSampling;
    const bounds = shardBounds(batch.batchSize, this.threads);
    const shards = bounds.length - 1;
    const seeds = bounds.slice(1).map(() => (seeded ? options.rng!.nextUint32() : 0));
    const control = this.control;

    if (options.state && options.initialState) throw new Error('give a carried state or an initial state, not both');
    const state = options.state ?? options.initialState ?? null;
    if (state && batch.decoder)
      throw new Error('an encoder–decoder starts its decoder from the encoder: it takes no initial or carried state');
    const carry = options.state !== undefined;
    const shardOptions: ShardOptions = { training, seeded, teacherForcing: scheduledSampling ? teacherForcing : 1 };
    this.publish(batch, state, shardOptions, carry, bounds, seeds);
    const generation = ++this.generation;
    Atomics.store(control, CONTROL.generation, generation);
    Atomics.notify(control, CONTROL.generation);

    // Shard 0 here, into the model's own gradients, while the helpers run theirs.
    let ownError: unknown = null;
    let ownLoss = NaN;
    try {
      ownLoss = this.runShard(batch, state, carry, bounds[0], bounds[1], shardOptions, seeds[0]);
    } catch (error) {
      ownError = error;
    }
    const failures = this.waitForHelpers(generation);
    if (ownError) throw ownError;
    if (failures.length > 0) throw new Error(`training thread ${failures.join('; ')}`);
    if (carry) this.collectFinalStates(options.state!, batch.batchSize, bounds);

    // Loss and gradient: Σ_s count_s · (shard s's mean) / Σ count, shards in order.
    const counts = bounds.slice(1).map((to, s) => lossCount(config, batch, bounds[s], to));
    const total = counts.reduce((a, b) => a + b, 0);
    const shardLosses = counts.map((_, s) => (s === 0 ? ownLoss : this.losses[s]));
    let loss = 0;
    for (let s = 0; s < shards; s++) loss += counts[s] * shardLosses[s];
    loss /= total;
    if (!shardLosses.every(Number.isFinite)) return shardLosses.find((l) => !Number.isFinite(l))!;
    if (shards > 1) this.reduceGradients(counts.map((c) => c / total));
    return loss;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    Atomics.store(this.control, CONTROL.command, COMMAND_EXIT);
    Atomics.store(this.control, CONTROL.generation, ++this.generation);
    Atomics.notify(this.control, CONTROL.generation);
    await Promise.all(this.workers.map((w) => w.terminate()));
    for (const port of this.ports) port.close();
  }

  /** Writes what the helpers read this step: weights, batch, shard plan, seeds, kernels. */
  private publish(
    batch: Batch,
    state: RecurrentState | null,
    options: ShardOptions,
    carry: boolean,
    bounds: number[],
    seeds: number[],
  ): void {
    const control = this.control;
    let offset = 0;
    for (const p of this.model.parameters()) {
      this.weights.set(p.value, offset);
      offset += p.value.length;
    }
    const B = batch.batchSize;
    const T = batch.steps;
    const flags =
      (batch.tokens ? FLAG_TOKENS : 0) |
      (batch.features ? FLAG_FEATURES : 0) |
      (batch.lengths ? FLAG_LENGTHS : 0) |
      (batch.decoder ? FLAG_DECODER : 0) |
      (batch.targetLengths ? FLAG_TARGET_LENGTHS : 0) |
      (options.training ? FLAG_TRAINING : 0) |
      (options.seeded ? FLAG_SEEDED : 0) |
      (options.teacherForcing < 1 ? FLAG_TEACHER_FORCING : 0) |
      (carry ? FLAG_CARRY_STATE : 0);
    const shape: BatchShape = {
      batchSize: B,
      steps: T,
      flags,
      decoderSteps: batch.decoder?.steps ?? 0,
      featuresLength: batch.features?.length ?? 0,
      targetsLength: batch.targets?.length ?? 0,
      stateLength: state ? state.h.length : 0,
      cellStateLength: state?.c ? state.c.length : 0,
    };
    const at = batchLayout(shape);
    this.layout = at;
    if (at.intsLength > this.ints.length || at.floatsLength > this.floats.length)
      this.growBatchBuffers(at.intsLength, at.floatsLength);
    if (batch.tokens) this.ints.set(batch.tokens, at.tokens);
    if (batch.lengths) this.ints.set(batch.lengths, at.lengths);
    if (batch.decoder) {
      this.ints.set(batch.decoder.tokens, at.decoderTokens);
      this.ints.set(batch.decoder.lengths, at.decoderLengths);
    }
    if (batch.targetLengths) this.ints.set(batch.targetLengths, at.targetLengths);
    if (batch.features) this.floats.set(batch.features, at.features);
    if (batch.targets) this.floats.set(batch.targets, at.targets);
    if (state) {
      this.floats.set(state.h, at.h0);
      if (state.c) this.floats.set(state.c, at.c0);
    }
    if (flags & FLAG_TEACHER_FORCING) this.floats[at.teacherForcing] = options.teacherForcing;
    control[CONTROL.command] = COMMAND_STEP;
    control[CONTROL.batchSize] = B;
    control[CONTROL.steps] = T;
    control[CONTROL.flags] = flags;
    control[CONTROL.decoderSteps] = shape.decoderSteps;
    control[CONTROL.featuresLength] = shape.featuresLength;
    control[CONTROL.targetsLength] = shape.targetsLength;
    control[CONTROL.stateLength] = shape.stateLength;
    control[CONTROL.cellStateLength] = shape.cellStateLength;
    control[CONTROL.kernels] = activeKernels();
    control[CONTROL.batchBuffersVersion] = this.batchBuffersVersion;
    control[CONTROL.shards] = bounds.length - 1;
    for (let s = 0; s < bounds.length; s++) control[CONTROL.bounds + s] = bounds[s];
    for (let s = 0; s < seeds.length; s++) control[CONTROL.seeds + s] = seeds[s] | 0;
  }

  /** New, larger shared batch buffers; each helper gets them on its port before the step that needs them. */
  private growBatchBuffers(intsLength: number, floatsLength: number): void {
    const ints = new SharedArrayBuffer(Math.max(intsLength, Math.ceil(this.ints.length * 1.5)) * 4);
    const floats = new SharedArrayBuffer(Math.max(floatsLength, Math.ceil(this.floats.length * 1.5)) * 8);
    this.ints = new Int32Array(ints);
    this.floats = new Float64Array(floats);
    const message: BatchBuffersMessage = { type: 'batch-buffers', version: ++this.batchBuffersVersion, ints, floats };
    for (const port of this.ports) port.postMessage(message);
  }

  /** The helpers' rows of the final state (shards 1 … S−1, from the shared buffers) into `state`. */
  private collectFinalStates(state: RecurrentState, batchSize: number, bounds: number[]): void {
    const at = this.layout!;
    const rows = stateRows(this.model.config);
    const hN = this.floats.subarray(at.hN, at.hN + state.h.length);
    const cN = state.c ? this.floats.subarray(at.cN, at.cN + state.c.length) : null;
    const H = state.h.length / (rows * batchSize);
    const C = state.c ? state.c.length / (rows * batchSize) : 0;
    const from = bounds[1];
    // h (rows, B, H) sequences [bounds[1], B) ← hN, the same sequences (each written by the thread that ran it)
    for (let l = 0; l < rows; l++) {
      state.h.set(hN.subarray((l * batchSize + from) * H, (l + 1) * batchSize * H), (l * batchSize + from) * H);
      if (cN)
        state.c!.set(cN.subarray((l * batchSize + from) * C, (l + 1) * batchSize * C), (l * batchSize + from) * C);
    }
  }

  private runShard(
    batch: Batch,
    state: RecurrentState | null,
    carry: boolean,
    from: number,
    to: number,
    options: ShardOptions,
    seed: number,
  ): number {
    const model = this.model;
    const rows = stateRows(model.config);
    model.zeroGrad();
    const shard = shardBatch(batch, from, to);
    if (state && this.h0Shard.length < state.h.length) this.h0Shard = new Float64Array(state.h.length);
    if (state?.c && this.c0Shard.length < state.c.length) this.c0Shard = new Float64Array(state.c.length);
    const initialState = state
      ? {
          h: shardState(state.h, rows, batch.batchSize, from, to, this.h0Shard),
          c: state.c ? shardState(state.c, rows, batch.batchSize, from, to, this.c0Shard) : undefined,
        }
      : undefined;
    const forwardOptions: Seq2seqForwardOptions = {
      training: options.training,
      rng: options.seeded ? new Random(seed) : undefined,
      initialState,
      teacherForcing: options.teacherForcing,
    };
    const { loss, finalState } = model.forward(shard, forwardOptions);
    if (Number.isFinite(loss)) model.backward();
    // Shard 0's rows of the carried state: written after its forward read them (the helpers read their copy).
    if (carry && state) {
      if (!finalState) throw new Error('this model has no state to carry into the next window');
      unshardState(finalState.h, state.h, rows, batch.batchSize, from, to);
      if (state.c && finalState.c) unshardState(finalState.c, state.c, rows, batch.batchSize, from, to);
    }
    return loss;
  }

  /** Blocks until every helper finished `generation`; returns the failures' messages. */
  private waitForHelpers(generation: number): string[] {
    const control = this.control;
    const failures: string[] = [];
    for (let s = 1; s < this.threads; s++) {
      for (;;) {
        const done = Atomics.load(control, CONTROL.done + s);
        if (done === generation) break;
        if (Atomics.load(control, CONTROL.status + s) === STATUS_EXITED) {
          this.closed = true;
          throw new Error(
            `training thread ${s} exited unexpectedly${this.helperErrors[s] ? `: ${this.helperErrors[s]}` : ''}`,
          );
        }
        Atomics.wait(control, CONTROL.done + s, done, 1000);
      }
      if (Atomics.load(control, CONTROL.status + s) === STATUS_FAILED) {
        const reply = receiveMessageOnPort(this.ports[s - 1])?.message as ShardThreadMessage | undefined;
        failures.push(`${s}: ${reply?.type === 'failed' ? reply.message : 'failed'}`);
      }
    }
    return failures;
  }

  // grad_θ (P) = Σ_s weight_s · grad_s, shard 0 (the model's own gradients) first; float64, one rounding.
  private reduceGradients(weights: number[]): void {
    const S = weights.length;
    const w0 = weights[0];
    const slots = this.gradientSlots;
    let offset = 0;
    for (const p of this.model.parameters()) {
      const g = p.grad;
      const n = g.length;
      if (S === 2) {
        const w1 = weights[1];
        const g1 = slots[1];
        for (let k = 0; k < n; k++) g[k] = w0 * g[k] + w1 * g1[offset + k];
      } else {
        for (let k = 0; k < n; k++) {
          let sum = w0 * g[k];
          for (let s = 1; s < S; s++) sum += weights[s] * slots[s][offset + k];
          g[k] = sum;
        }
      }
      offset += n;
    }
  }
}

/** What every shard of one step runs with. */
interface ShardOptions {
  training: boolean;
  /** Each shard draws its randomness (dropout masks, scheduled sampling) from its own seed. */
  seeded: boolean;
  /** Teacher-forcing ratio: below 1 only for an encoder–decoder's training step, else 1. */
  teacherForcing: number;
}

function activeKernels(): number {
  const info = kernelBackend();
  return info.active === 'js' ? KERNELS_JS : info.relaxedSimd ? KERNELS_WASM_RELAXED_SIMD : KERNELS_WASM_SIMD;
}

/** Resolves when the helper says `ready`; rejects when it fails, exits or does not answer in time. */
function waitUntilReady(worker: Worker, index: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => done(new Error(`training thread ${index} did not start within ${START_TIMEOUT_MS / 1000} s`)),
      START_TIMEOUT_MS,
    );
    const onMessage = (message: ShardThreadMessage) =>
      done(message.type === 'ready' ? null : new Error(`training thread ${index} failed to start: ${message.message}`));
    const onError = (error: Error) => done(new Error(`training thread ${index} crashed: ${error.message}`));
    const onExit = (code: number) => done(new Error(`training thread ${index} exited while starting (code ${code})`));
    function done(error: Error | null) {
      clearTimeout(timer);
      worker.off('message', onMessage);
      worker.off('error', onError);
      worker.off('exit', onExit);
      if (error) reject(error);
      else resolve();
    }
    worker.on('message', onMessage);
    worker.on('error', onError);
    worker.on('exit', onExit);
  });
}
