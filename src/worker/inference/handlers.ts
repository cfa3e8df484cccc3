/**
 * The inference worker's request handlers, one per request kind. Feature modules (gates, prediction,
 * tensor statistics) register theirs here; the worker entry dispatches to them. A handler's request,
 * partial answers and result are the types `InferenceApi` (protocol/inference-messages.ts) gives its kind.
 */

import type {
  InferenceAnswer,
  InferenceKind,
  InferencePartial,
  InferenceRequestOf,
} from '../../protocol/inference-messages';

export interface HandlerContext<K extends InferenceKind = InferenceKind> {
  /** Sends a partial answer (streaming requests) before the final result. */
  partial(value: InferencePartial<K>): void;
  /** Typed-array buffers in the result to transfer instead of copying. */
  transfer: ArrayBuffer[];
  /** Throws `RequestCancelled` once the host has cancelled this request; long loops call it between steps. */
  throwIfCancelled(): void;
}

export type InferenceHandler<K extends InferenceKind = InferenceKind> = (
  request: InferenceRequestOf<K>,
  context: HandlerContext<K>,
) => Promise<InferenceAnswer<K>> | InferenceAnswer<K>;

const handlers = new Map<InferenceKind, InferenceHandler>();

export function registerHandler<K extends InferenceKind>(kind: K, handler: InferenceHandler<K>): void {
  // Stored as a handler of any kind: `handlerFor` only hands it requests of kind K.
  handlers.set(kind, handler as unknown as InferenceHandler);
}

/** The handler of a request's kind (undefined for a kind nothing registered). */
export function handlerFor<K extends InferenceKind>(kind: K): InferenceHandler<K> | undefined {
  return handlers.get(kind) as InferenceHandler<K> | undefined;
}
