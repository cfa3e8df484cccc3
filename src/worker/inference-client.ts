/**
 * The host side of the inference worker: one lazily started worker, requests matched to answers by id,
 * streaming partials to a callback, and a crash turned into rejected requests (the next request starts
 * a fresh worker). A request given an AbortSignal rejects with `RequestCancelled` as soon as it is
 * aborted, and the worker stops computing it at its next check (cancel-flags.ts). Terminated on dispose.
 */

import { Worker } from 'node:worker_threads';
import type {
  HostToInferenceWorker,
  InferenceAnswer,
  InferenceKind,
  InferencePartial,
  InferenceRequest,
  InferenceRequestOf,
  InferenceWorkerToHost,
} from '../protocol/inference-messages';
import * as l10n from '../protocol/l10n';
import { CancelFlags, RequestCancelled } from './cancel-flags';

/** A request waiting for its answer. Typed for its own kind where it is created, stored as any kind. */
interface Pending<K extends InferenceKind = InferenceKind> {
  resolve: (answer: InferenceAnswer<K>) => void;
  reject: (error: Error) => void;
  onPartial?: (partial: InferencePartial<K>) => void;
}

export class InferenceClient {
  private worker: Worker | null = null;
  /** Shared with the current worker; a new worker gets new ones. */
  private flags: CancelFlags | null = null;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  constructor(private readonly workerScriptPath: string) {}

  /** The answer of the request's kind; `onPartial` gets what that kind streams before it. */
  request<K extends InferenceKind>(
    request: InferenceRequestOf<K>,
    onPartial?: (partial: InferencePartial<K>) => void,
    signal?: AbortSignal,
  ): Promise<InferenceAnswer<K>> {
    if (signal?.aborted) return Promise.reject(new RequestCancelled());
    const worker = this.ensureWorker();
    const flags = this.flags!;
    const id = this.nextId++;
    return new Promise<InferenceAnswer<K>>((resolve, reject) => {
      const onAbort = () => {
        if (!this.pending.delete(id)) return;
        flags.cancel(id);
        reject(new RequestCancelled());
      };
      const settle =
        <A>(finish: (value: A) => void) =>
        (value: A) => {
          signal?.removeEventListener('abort', onAbort);
          finish(value);
        };
      const pending: Pending<K> = { resolve: settle(resolve), reject: settle(reject), onPartial };
      // The reply to this id is the answer of kind K: the worker's handler for K returns that type.
      this.pending.set(id, pending as unknown as Pending);
      signal?.addEventListener('abort', onAbort, { once: true });
      // A request of kind K is one of the requests; TypeScript does not widen the generic form by itself.
      const message: HostToInferenceWorker = { id, request: request as InferenceRequest };
      worker.postMessage(message);
    });
  }

  /** Requests waiting for an answer. */
  get pendingCount(): number {
    return this.pending.size;
  }

  /** Stops the worker and whatever it is computing (those requests reject); the next request starts a new one. */
  cancelAll(reason = 'the inference worker was stopped'): void {
    void this.worker?.terminate();
    this.worker = null;
    this.failAll(reason);
  }

  dispose(): void {
    this.cancelAll();
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    this.flags = new CancelFlags();
    const worker = new Worker(this.workerScriptPath, {
      workerData: { cancelFlags: this.flags.buffer, ...l10n.workerL10nData() },
    });
    worker.on('message', (reply: InferenceWorkerToHost) => {
      const pending = this.pending.get(reply.inReplyTo);
      if (!pending) return;
      if (reply.type === 'partial') return pending.onPartial?.(reply.partial);
      this.pending.delete(reply.inReplyTo);
      if (reply.type === 'result') pending.resolve(reply.result);
      else pending.reject(new Error(reply.message));
    });
    worker.on('error', (error) => this.crashed(worker, `the inference worker crashed: ${error.message}`));
    worker.on('exit', (code) => this.crashed(worker, `the inference worker exited (code ${code})`));
    this.worker = worker;
    return worker;
  }

  private crashed(worker: Worker, message: string): void {
    if (this.worker !== worker) return;
    this.worker = null;
    this.failAll(message);
  }

  private failAll(message: string): void {
    for (const pending of this.pending.values()) pending.reject(new Error(message));
    this.pending.clear();
  }
}
