/**
 * Host ↔ Prediction panel webview. The host owns the state — the model, the input and where it came
 * from, the options, the answer — and sends all of it as `state` on `ready` and after every change, so a
 * hidden or reloaded panel redraws at once. Only a continuation's characters (`chunk`s) and a transform's
 * best hypothesis so far (`transform-chunk`s) travel in between, while they are generated. The panel asks
 * for predictions, insertions, replacements and model switches.
 */

import type { AttributionMethod, ContinuationChunk, PredictionAnswer, TransformChunk } from './prediction-results';
import type { SelectionLimit } from './inference-messages';
import type { TaskId } from './task-id';
import type { PredictionPresentation } from './task-presentation';

export interface PredictionModelInfo {
  /** The checkpoint's file system path. */
  path: string;
  /** What to call it: the run (or folder) and the file, e.g. `20250101-120000-reviews · best.safetensors`. */
  name: string;
  task: TaskId;
  /** The task's badge: `classifier`, `language model`, `forecaster`. */
  taskBadge: string;
  /** How the task predicts on a selection; null when it cannot (the panel says so). */
  prediction: PredictionPresentation | null;
  architecture: string;
  parameterCount: number;
  classes?: string[];
  featureColumns?: string[];
  targets?: string[];
  horizon?: number;
  /** How much of an editor selection the model can use (the host reads no more of it). */
  selectionLimit?: SelectionLimit;
}

/** Where the input came from (null: typed in the panel). */
export interface PredictionSource {
  fileName: string;
  /** 1-based lines, inclusive. */
  startLine: number;
  endLine: number;
  /** The whole current line, because nothing was selected. */
  wholeLine: boolean;
}

export interface PredictionOptions {
  /** Classification. */
  attribution: AttributionMethod;
  /** Language model: characters to generate, sampling temperature (ignored when greedy), top-k (0 = all), seed. */
  length: number;
  temperature: number;
  topK: number;
  seed: number;
  greedy: boolean;
  /** Forecasting: values ahead. */
  horizon: number;
  /** Sequence to sequence: beam width (1 = greedy) and the most output tokens. */
  beam: number;
  maxLength: number;
}

export const DEFAULT_PREDICTION_OPTIONS: PredictionOptions = {
  attribution: 'integrated-gradients',
  length: 200,
  temperature: 0.8,
  topK: 0,
  seed: 1,
  greedy: false,
  horizon: 12,
  beam: 5,
  maxLength: 100,
};

export interface PredictionTiming {
  /** From sending the request to the answer (for a continuation: to its last character). */
  roundTripMs: number;
  /** A continuation: to its first character. A classification: to the answer before its attribution. */
  firstMs?: number;
}

export interface PredictionState {
  model: PredictionModelInfo | null;
  input: string;
  source: PredictionSource | null;
  options: PredictionOptions;
  /** Increases with every prediction; chunks name the one they belong to. */
  requestId: number;
  running: boolean;
  /** The answer so far (a classification without attribution yet, a continuation being generated). */
  answer: PredictionAnswer | null;
  /**
   * A transform's best hypothesis so far, by tokens, while it is decoded (the answer comes only at the
   * end): kept so a reloaded panel, and a transform stopped before its answer, still show it.
   */
  transformSoFar?: string[];
  timing: PredictionTiming | null;
  /** A failure that is not about the input (the worker crashed, the file is gone, …). */
  error: string | null;
  /** Whether Insert can write into the editor the input came from. */
  canInsert: boolean;
  /**
   * A forecaster trained on several series: the series the user picked for this input (null: the one the
   * model chose itself, e.g. from an id column in the selection). Cleared when the input changes.
   */
  forecastSeries?: string | null;
}

export type HostToPredictionPanel =
  | { type: 'state'; state: PredictionState }
  | { type: 'chunk'; requestId: number; chunk: ContinuationChunk }
  /** The transform's best hypothesis so far (replaces the one before: a beam's best may change). */
  | { type: 'transform-chunk'; requestId: number; chunk: TransformChunk };

/** What the transform view's buttons do with the chosen output in the editor the input came from. */
export type TransformEdit = 'replace' | 'insert';

export type PredictionPanelToHost =
  | { type: 'ready' }
  /** Predict on `input` (edited in the panel, or the same again with new options). */
  | { type: 'predict'; input: string; options: PredictionOptions }
  /** Stop the prediction running: a continuation keeps what it has generated. */
  | { type: 'stop' }
  | { type: 'switch-model' }
  /** Insert text into the source editor: after the text predicted from (at the cursor once the document changed). */
  | { type: 'insert'; text: string }
  /**
   * Insert every quantile of the forecast (a column per quantile) after the text predicted from: the host
   * takes the text from its own answer (`quantileInsertText`), never from the webview.
   */
  | { type: 'insert-quantiles' }
  /** Forecast the same input again for another of the model's series (one of the answer's `series.ids`). */
  | { type: 'forecast-series'; series: string }
  | { type: 'copy'; text: string }
  /**
   * Replace the text predicted from by a transform's output, or insert the output after it. The output is
   * named by its rank in the answer's n-best list (0 = best): the host takes the text from its own answer.
   */
  | { type: 'transform-edit'; edit: TransformEdit; candidate: number }
  | { type: 'open-gates' }
  | { type: 'reveal-source' };

/** What the webview persists (`setState`), so the serializer can reopen the panel after a reload. */
export interface PersistedPredictionPanel {
  modelPath?: string;
  input?: string;
  options?: PredictionOptions;
}
