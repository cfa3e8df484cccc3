/**
 * A helper thread of data-parallel training (see parallel-step-runner.ts): a model replica (built from
 * the coordinator's config by createModel, so one recurrent stack or an encoder–decoder) that, each
 * time the coordinator bumps the generation, reads the weights and its shard of the batch from shared
 * memory, runs forward + backward, and writes its gradient and mean loss into its own slots. It blocks
 * in Atomics.wait between steps and never returns to its event loop until told to exit.
 */

import { receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { setKernelBackend } from '../../engine/kernels/backend';
import { createModel } from '../../engine/create-model';
import { Random } from '../../engine/random';
import type { Seq2seqForwardOptions } from '../../engine/seq2seq-model';
import type { FloatArray } from '../../engine/tensor';
import {
  CONTROL,
  COMMAND_EXIT,
  FLAG_SEEDED,
  FLAG_TRAINING,
  KERNELS_JS,
  KERNELS_WASM_RELAXED_SIMD,
  STATUS_EXITED,
  STATUS_FAILED,
  STATUS_OK,
  batchFromBuffers,
  shardBatch,
  shardState,
  stateRows,
  unshardState,
  type BatchBuffersMessage,
  type ShardThreadInit,
  type ShardThreadMessage,
} from './shards';

/**
 * Runs the helper loop until the coordinator says exit. `post` answers at start (`ready`); `port`
 * carries batch buffers in and failure messages out, read synchronously on both sides.
 */
export function runShardThread(
  init: ShardThreadInit,
  port: MessagePort,
  post: (message: ShardThreadMessage) => void,
): void {
  const { index } = init;
  const control = new Int32Array(init.control);
  const losses = new Float64Array(init.losses);
  const model = createModel(init.modelConfig, 0);
  const parameters = model.parameters();
  const P = model.parameterCount();
  const float64 = model.config.dtype === 'float64';
  const weights: FloatArray = float64 ? new Float64Array(init.weights, 0, P) : new Float32Array(init.weights, 0, P);
  const gradients: FloatArray = float64
    ? new Float64Array(init.gradients, (index - 1) * P * 8, P)
    : new Float32Array(init.gradients, (index - 1) * P * 4, P);
  let ints: Int32Array = new Int32Array(0);
  let floats: Float64Array = new Float64Array(0);
  let buffersVersion = 0;
  let kernels = -1;
  // This shard's initial state, copied out of the batch's (grown once to the largest shard, then reused).
  let h0Shard = new Float64Array(0);
  let c0Shard = new Float64Array(0);

  const takeBatchBuffers = (version: number) => {
    while (buffersVersion !== version) {
      const received = receiveMessageOnPort(port);
      if (!received) throw new Error(`batch buffers version ${version} never arrived`);
      const message = received.message as BatchBuffersMessage;
      ints = new Int32Array(message.ints);
      floats = new Float64Array(message.floats);
      buffersVersion = message.version;
    }
  };

  const step = () => {
    const wanted = control[CONTROL.kernels];
    if (wanted !== kernels) {
      if (wanted === KERNELS_JS) setKernelBackend('js');
      else setKernelBackend('wasm', { relaxedSimd: wanted === KERNELS_WASM_RELAXED_SIMD });
      kernels = wanted;
    }
    const shards = control[CONTROL.shards];
    if (index >= shards) return; // a batch smaller than the thread count: nothing for this thread
    takeBatchBuffers(control[CONTROL.batchBuffersVersion]);
    let offset = 0;
    for (const p of parameters) {
      p.value.set(weights.subarray(offset, offset + p.value.length));
      offset += p.value.length;
    }
    const { batch, h0, c0, hN, cN, teacherForcing } = batchFromBuffers(control, ints, floats);
    const from = control[CONTROL.bounds + index];
    const to = control[CONTROL.bounds + index + 1];
    const flags = control[CONTROL.flags];
    const rows = stateRows(model.config);
    if (h0 && h0Shard.length < h0.length) h0Shard = new Float64Array(h0.length);
    if (c0 && c0Shard.length < c0.length) c0Shard = new Float64Array(c0.length);
    const initialState = h0
      ? {
          h: shardState(h0, rows, batch.batchSize, from, to, h0Shard),
          c: c0 ? shardState(c0, rows, batch.batchSize, from, to, c0Shard) : undefined,
        }
      : undefined;
    const forwardOptions: Seq2seqForwardOptions = {
      training: (flags & FLAG_TRAINING) !== 0,
      rng: flags & FLAG_SEEDED ? new Random(control[CONTROL.seeds + index] >>> 0) : undefined,
      initialState,
      teacherForcing,
    };
    model.zeroGrad();
    const { loss, finalState } = model.forward(shardBatch(batch, from, to), forwardOptions);
    if (Number.isFinite(loss)) model.backward();
    // Stateful training: this shard's rows of the state the next window starts from.
    if (hN) {
      if (!finalState) throw new Error('this model has no state to carry into the next window');
      unshardState(finalState.h, hN, rows, batch.batchSize, from, to);
      if (cN && finalState.c) unshardState(finalState.c, cN, rows, batch.batchSize, from, to);
    }
    offset = 0;
    for (const p of parameters) {
      gradients.set(p.grad, offset);
      offset += p.grad.length;
    }
    losses[index] = loss;
  };

  // A thread that ends for any reason says so, so the coordinator never waits for it forever.
  process.on('exit', () => {
    Atomics.store(control, CONTROL.status + index, STATUS_EXITED);
    Atomics.notify(control, CONTROL.done + index);
  });
  // Read before saying ready: the coordinator bumps the generation only after hearing it.
  let seen = Atomics.load(control, CONTROL.generation);
  post({ type: 'ready' });
  for (;;) {
    Atomics.wait(control, CONTROL.generation, seen);
    seen = Atomics.load(control, CONTROL.generation);
    if (control[CONTROL.command] === COMMAND_EXIT) break;
    let status = STATUS_OK;
    try {
      step();
    } catch (error) {
      status = STATUS_FAILED;
      port.postMessage({
        type: 'failed',
        message: error instanceof Error ? error.message : String(error),
      } satisfies ShardThreadMessage);
    }
    Atomics.store(control, CONTROL.status + index, status);
    Atomics.store(control, CONTROL.done + index, seen);
    Atomics.notify(control, CONTROL.done + index);
  }
  port.close();
}
