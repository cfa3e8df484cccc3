/**
 * The inference worker (a worker_threads entry, its own bundle): answers the editor's requests —
 * prediction, gate recording, tensor statistics — off the extension host's thread. One request at a
 * time per worker, in arrival order; every answer names its request.
 */

import { parentPort, workerData } from 'node:worker_threads';
import type { HostToInferenceWorker, InferenceWorkerToHost } from '../protocol/inference-messages';
import { CancelFlags, RequestCancelled } from './cancel-flags';
import { handlerFor, type HandlerContext } from './inference/handlers';
import './inference/register-all';

const port = parentPort;
if (!port) throw new Error('inference-worker.js must run in a worker thread');
const cancelFlags = new CancelFlags((workerData as { cancelFlags?: SharedArrayBuffer } | null)?.cancelFlags);

let queue: Promise<void> = Promise.resolve();

port.on('message', (message: HostToInferenceWorker) => {
  queue = queue.then(() => answer(message));
});

async function answer({ id, request }: HostToInferenceWorker): Promise<void> {
  const post = (reply: InferenceWorkerToHost, transfer: ArrayBuffer[] = []) => port!.postMessage(reply, transfer);
  const handler = handlerFor(request.kind);
  if (!handler) return post({ inReplyTo: id, type: 'error', message: `unknown request '${request.kind}'` });
  const context: HandlerContext = {
    partial: (partial) => post({ inReplyTo: id, type: 'partial', partial }),
    transfer: [],
    throwIfCancelled: () => {
      if (cancelFlags.isCancelled(id)) throw new RequestCancelled();
    },
  };
  try {
    // Cancelled while it waited in the queue: nobody waits for the answer any more.
    context.throwIfCancelled();
    const result = await handler(request, context);
    post({ inReplyTo: id, type: 'result', result }, context.transfer);
  } catch (error) {
    post({ inReplyTo: id, type: 'error', message: error instanceof Error ? error.message : String(error) });
  }
}
