/**
 * Host ↔ inference worker (worker_threads, `dist/inference-worker.js`): everything that reads a
 * checkpoint's tensors or runs a model for the editor — prediction, gate recording, tensor statistics —
 * happens there, never on the extension host's thread. Every request carries an `id`; every answer
 * names it (`inReplyTo`). Streaming requests (a continuation) send `partial` answers before the final one.
 * Large arrays travel as transferable typed-array buffers. Cancelling is not a message: the host marks the
 * request in a shared buffer the worker was started with (`workerData.cancelFlags`, cancel-flags.ts).
 */

import type { ImportRequest } from '../interop/import-answers';

/** A request to the worker. Each feature adds its request kinds here, with the matching answer below. */
export type InferenceRequest =
  | { kind: 'load'; checkpointPath: string }
  | { kind: 'tensor-stats'; checkpointPath: string; tensorName: string; bins?: number }
  /** The heatmap's values, block-averaged to at most maxElements cells (and maxRows × maxCols, the canvas's pixels). */
  | { kind: 'tensor-values'; checkpointPath: string; tensorName: string; maxElements?: number; maxRows?: number; maxCols?: number }
  | { kind: 'record-gates'; checkpointPath: string; input: GateInput }
  /** Prediction (answers: `PredictionAnswer` in prediction-results.ts). `text` is the selection as written. */
  | { kind: 'classify'; checkpointPath: string; text: string; attribution?: 'integrated-gradients' | 'gradient' | 'occlusion' | 'none' }
  /** Streams `ContinuationChunk` partials. temperature 0 = greedy; topK 0 = all characters. */
  | { kind: 'continue'; checkpointPath: string; prompt: string; length: number; temperature: number; topK: number; seed: number }
  /** `text`: numbers or CSV rows as selected; `horizon`: values ahead (default: the model's). */
  | { kind: 'forecast'; checkpointPath: string; text: string; horizon?: number }
  /** PyTorch interop (src/interop/): export a run or checkpoint as a project (answer: `ExportResult`); a foreign file's import status (`ImportStatus`); store its import answers. */
  | { kind: 'export-pytorch'; source: string; outDir: string; overwrite?: boolean }
  | { kind: 'import-status'; checkpointPath: string }
  | { kind: 'import-answers'; checkpointPath: string; request: ImportRequest }
  /** A run's whole history from its metrics.csv, parsed off the host's thread (answer: `RunHistory`, training-panel.ts). */
  | { kind: 'run-history'; runDir: string };

/**
 * What to run through the model for gate recording (the answer is a `GateRecording`, protocol/gate-recording.ts).
 * Text for a text model, or numbers for a series model (rows of feature values, or text with one row per line).
 */
export type GateInput =
  | { type: 'text'; text: string }
  | { type: 'rows'; values: number[][] }
  /**
   * The n-th validation sample of the run's dataset (0-based; wraps around). The dataset path comes from
   * the run folder's run.json next to the checkpoint unless given. With `search`, the first sample from
   * `index` on (wrapping) whose text contains it, case-insensitively.
   */
  | { type: 'validation-sample'; index: number; search?: string; datasetPath?: string };

export interface HostToInferenceWorker {
  id: number;
  request: InferenceRequest;
}

export type InferenceWorkerToHost =
  | { inReplyTo: number; type: 'result'; result: unknown }
  | { inReplyTo: number; type: 'partial'; partial: unknown }
  | { inReplyTo: number; type: 'error'; message: string };
