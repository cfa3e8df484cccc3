/**
 * The inference worker (a worker_threads entry, its own bundle): answers the editor's requests —
 * a checkpoint's header, prediction, gate recording, tensor statistics — off the extension host's thread.
 * One request at a time per worker, in arrival order (but for the short kinds of `OUT_OF_TURN`); every
 * answer names its request.
 */

import { parentPort, workerData } from 'node:worker_threads';
import type { HostToInferenceWorker, InferenceKind, InferenceWorkerToHost } from '../protocol/inference-messages';
import { installWorkerTranslator } from '../protocol/l10n';
import { CancelFlags, RequestCancelled } from './cancel-flags';
import { handlerFor, type HandlerContext } from './inference/handlers';
import './inference/register-all';

const port = parentPort;
if (!port) throw new Error('inference-worker.js must run in a worker thread');
// Messages made here (dataset errors, model cards) are written in the host's display language.
installWorkerTranslator(workerData);
const cancelFlags = new CancelFlags((workerData as { cancelFlags?: SharedArrayBuffer } | null)?.cancelFlags);

let queue: Promise<void> = Promise.resolve();

/**
 * Kinds answered at once instead of in turn: a header read is short and the checkpoint editor draws
 * nothing until it has it, so it must not wait behind a statistics pass over a 1 GiB tensor (that pass
 * awaits its file reads, so the header read runs between two of its slices).
 */
const OUT_OF_TURN = new Set<InferenceKind>(['checkpoint-overview']);

port.on('message', (message: HostToInferenceWorker) => {
  if (OUT_OF_TURN.has(message.request.kind)) void answer(message);
  else queue = queue.then(() => answer(message));
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
