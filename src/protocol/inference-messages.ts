/**
 * Host ↔ inference worker (worker_threads, `dist/inference-worker.js`): everything that reads a
 * checkpoint's tensors or runs a model for the editor — prediction, gate recording, tensor statistics —
 * happens there, never on the extension host's thread. Every request carries an `id`; every answer
 * names it (`inReplyTo`). Streaming requests (a continuation) send `partial` answers before the final one.
 * Large arrays travel as transferable typed-array buffers.
 */

/** A request to the worker. Each feature adds its request kinds here, with the matching answer below. */
export type InferenceRequest =
  | { kind: 'load'; checkpointPath: string }
  | { kind: 'tensor-stats'; checkpointPath: string; tensorName: string; bins?: number }
  | { kind: 'tensor-values'; checkpointPath: string; tensorName: string; maxElements?: number }
  | { kind: 'record-gates'; checkpointPath: string; input: GateInput }
  | { kind: 'classify'; checkpointPath: string; text: string; attribution?: boolean }
  | { kind: 'continue'; checkpointPath: string; prompt: string; length: number; temperature: number; topK: number; seed: number }
  | { kind: 'forecast'; checkpointPath: string; values: number[][]; horizon?: number };

/** What to run through the model for gate recording. */
export type GateInput =
  | { type: 'text'; text: string }
  | { type: 'rows'; values: number[][] }
  /** The n-th validation sample of the run's dataset (the dataset path comes from the checkpoint's run). */
  | { type: 'validation-sample'; datasetPath: string; index: number };

export interface HostToInferenceWorker {
  id: number;
  request: InferenceRequest;
}

export type InferenceWorkerToHost =
  | { inReplyTo: number; type: 'result'; result: unknown }
  | { inReplyTo: number; type: 'partial'; partial: unknown }
  | { inReplyTo: number; type: 'error'; message: string };
