/**
 * The inference worker's request handlers, one per request kind. Feature modules (gates, prediction,
 * tensor statistics) register theirs here; the worker entry dispatches to them.
 */

import type { InferenceRequest } from '../../protocol/inference-messages';

export interface HandlerContext {
  /** Sends a partial answer (streaming requests) before the final result. */
  partial(value: unknown): void;
  /** Typed-array buffers in the result to transfer instead of copying. */
  transfer: ArrayBuffer[];
  /** Throws `RequestCancelled` once the host has cancelled this request; long loops call it between steps. */
  throwIfCancelled(): void;
}

type RequestOf<K extends InferenceRequest['kind']> = Extract<InferenceRequest, { kind: K }>;
type Handler = (request: InferenceRequest, context: HandlerContext) => Promise<unknown> | unknown;

const handlers = new Map<string, Handler>();

export function registerHandler<K extends InferenceRequest['kind']>(kind: K, handler: (request: RequestOf<K>, context: HandlerContext) => Promise<unknown> | unknown): void {
  handlers.set(kind, handler as Handler);
}

export function handlerFor(kind: string): Handler | undefined {
  return handlers.get(kind);
}
