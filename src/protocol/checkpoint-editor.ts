/**
 * Host ↔ checkpoint editor webview, and the answers of the inference worker's `checkpoint-overview`,
 * `tensor-stats` and `tensor-values` requests (the host passes the tensor answers through unchanged). The webview says `ready` and gets
 * a full `snapshot` (again whenever the file changes on disk); tensor requests carry a `requestId` and
 * are answered by it, with `stats-progress` messages first for large tensors. The heatmap's values
 * travel as a Float32Array (transferred, not copied, between worker and host).
 */

import type { CheckpointErrorCode } from './checkpoint-errors';
import type { CheckpointOverview, TensorStatistics } from './checkpoint-overview';
import type { Gate } from './cell-signals';
import type { TaskId } from './task-id';

/** Which of the editor's action buttons apply to this file. */
export interface CheckpointActions {
  /** Our checkpoint with a dataset: `lstmStudio.inspectGates`. */
  inspectGates: boolean;
  /** Our checkpoint with a dataset: `lstmStudio.predictWithModel`. */
  predict: boolean;
  /** Our checkpoint with a dataset: `lstmStudio.evaluateCheckpoint` (the Evaluate view on its validation split). */
  evaluate: boolean;
  /** Our `last.safetensors` with trainer state, in a run folder, not training right now. */
  resumeTraining: boolean;
  /** The file sits in a run folder (next to run.json). */
  revealRun: boolean;
  /** Our checkpoint (LSTM Studio metadata): `lstmStudio.exportPyTorch`. */
  exportPyTorch: boolean;
}

export type CheckpointAction = keyof CheckpointActions;

export interface CheckpointSnapshot {
  fileName: string;
  /** The file's path, for the header's tooltip. */
  path: string;
  fileSize: number;
  headerBytes: number;
  /** How long reading and describing the header took (in the inference worker). */
  openMs: number;
  /** Null when the file could not be read; `error` says why. */
  overview: CheckpointOverview | null;
  error: { code: CheckpointErrorCode; message: string } | null;
  actions: CheckpointActions;
  /** The run folder's name when the file is in one. */
  runName: string | null;
  /** The model card's task, as the editor shows it; null when there is none or it is not registered. */
  task: CheckpointTask | null;
}

/** What the editor shows of a checkpoint's task (from its presentation, src/tasks/<task>/presentation.ts). */
export interface CheckpointTask {
  id: TaskId;
  /** The Task row: `Sequence classification`, `Next-character language model`. */
  title: string;
  /** The headline metric's key, drawn on the history chart's second axis (`accuracy`, `bitsPerChar`). */
  headline: string;
}

// ---- Inference worker answers (src/worker/inference/checkpoint-overview.ts, tensors.ts) ----

/**
 * Answer of `checkpoint-overview`: a file's header turned into the model card and tensor table
 * (`readCheckpointOverview`, src/checkpoint/overview-file.ts). A file that cannot be read is an `error`
 * value with a message for the user that does not repeat the file's absolute path, never a throw.
 */
export interface CheckpointFileOverview {
  fileSize: number;
  /** The JSON header's length in bytes (0 when the file could not be read). */
  headerBytes: number;
  /** Milliseconds to open, read and describe the header. */
  openMs: number;
  overview: CheckpointOverview | null;
  error: { code: CheckpointErrorCode; message: string } | null;
}

/** Partial answer of `tensor-stats`: elements processed over both passes. */
export interface TensorStatsProgress {
  done: number;
  total: number;
}

export interface GateStatisticsResult {
  gate: Gate;
  rows: readonly [number, number];
  stats: TensorStatistics;
}

export interface TensorStatsResult {
  tensorName: string;
  stats: TensorStatistics;
  /** For gate-stacked nn.LSTM/nn.GRU tensors: the same statistics per gate block (i, f, g, o; r, z, n). */
  gates: GateStatisticsResult[] | null;
  /** Seconds the worker spent (reading included). */
  seconds: number;
}

export interface TensorValuesResult {
  tensorName: string;
  /** The tensor seen as a matrix: the first axis × the product of the others (a bias is one row). */
  sourceRows: number;
  sourceCols: number;
  /** The grid sent: equal to the source, or smaller when block-averaged to at most `maxElements`. */
  rows: number;
  cols: number;
  /** rows × cols, row-major; a cell is the mean of the finite values of its block (NaN when it has none). */
  values: Float32Array;
  /** Set for LSTM and GRU tensors: H, and the grid rows are a multiple of the gates so each gate has its rows. */
  gateHiddenSize: number | null;
  /** The gate blocks top to bottom (`i f g o`, `r z n`), null for a tensor that is not gate-stacked. */
  gates: Gate[] | null;
  /** True when `values` are block means rather than the tensor's own values. */
  downsampled: boolean;
  /** The largest |value| in `values` (the colour scale's extent). */
  maxAbs: number;
}

// ---- Host ↔ webview ----

export type HostToCheckpointEditor =
  | { type: 'snapshot'; snapshot: CheckpointSnapshot }
  | { type: 'stats-progress'; requestId: number; progress: TensorStatsProgress }
  | { type: 'stats'; requestId: number; result: TensorStatsResult }
  | { type: 'values'; requestId: number; result: TensorValuesResult }
  | { type: 'request-failed'; requestId: number; message: string };

export type CheckpointEditorToHost =
  | { type: 'ready' }
  | { type: 'tensor-stats'; requestId: number; tensorName: string }
  /** Limits as in the inference request: cells in all, and rows × columns (the heatmap's pixels). */
  | {
      type: 'tensor-values';
      requestId: number;
      tensorName: string;
      maxElements: number;
      maxRows: number;
      maxCols: number;
    }
  | { type: 'action'; action: CheckpointAction };
