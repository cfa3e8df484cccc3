/**
 * Host ↔ inference worker (worker_threads, `dist/inference-worker.js`): everything that reads a
 * checkpoint or runs a model for the editor — its header, prediction, gate recording, tensor statistics —
 * happens there, never on the extension host's thread. Every request carries an `id`; every answer
 * names it (`inReplyTo`). Streaming requests (a continuation) send `partial` answers before the final one.
 * Large arrays travel as transferable typed-array buffers. Cancelling is not a message: the host marks the
 * request in a shared buffer the worker was started with (`workerData.cancelFlags`, cancel-flags.ts).
 *
 * `InferenceApi` is the one place that ties a request kind to its fields, its answer and (for streaming
 * kinds) its partial answers: `InferenceClient.request` returns the answer's type and the worker's
 * handler for a kind must return it, so neither side declares or casts an answer.
 */

import type { TaskId } from './task-id';
import type { RunHistory } from './training-panel';
import type {
  CheckpointFileOverview,
  TensorStatsProgress,
  TensorStatsResult,
  TensorValuesResult,
} from './checkpoint-editor';
import type { AudioAnalysis } from './audio-view';
import type { GateRecording } from './gate-recording';
import type { AttributionMethod } from './prediction-inputs';
import type {
  ClassificationAnswer,
  ContinuationAnswer,
  ContinuationChunk,
  ForecastAnswer,
  ProblemAnswer,
  TransformAnswer,
  TransformChunk,
} from './prediction-results';
import type { ExportResult, ImportRequest, ImportStatus, SavedImportAnswers } from './pytorch-interop';
import type {
  AblationQuery,
  AblationResult,
  EvaluationData,
  EvaluationProgress,
  EvaluationSummary,
  InputPattern,
  LossPage,
  MatchQuery,
  MatchResult,
  Projection,
  ProjectionQuery,
  ResidualSeries,
  StateAddress,
  UnitCatalogueEntry,
  UnitScore,
} from './evaluate-view';

/** Each request kind: the request's fields besides `kind`, its answer, and the partial answers it streams (if any). */
export interface InferenceApi {
  /** Opens a checkpoint as a model and describes it. */
  load: { request: { checkpointPath: string }; answer: LoadedModelDescription };
  /**
   * The checkpoint editor's model card and tensor table, from the header only. Answered out of turn (not
   * queued behind a statistics pass): it is short and an editor waits on it to draw anything.
   */
  'checkpoint-overview': { request: { checkpointPath: string }; answer: CheckpointFileOverview };
  /** Statistics of one tensor, with progress partials for tensors larger than one slice. */
  'tensor-stats': {
    request: { checkpointPath: string; tensorName: string; bins?: number };
    partial: TensorStatsProgress;
    answer: TensorStatsResult;
  };
  /** The heatmap's values, block-averaged to at most maxElements cells (and maxRows × maxCols, the canvas's pixels). */
  'tensor-values': {
    request: { checkpointPath: string; tensorName: string; maxElements?: number; maxRows?: number; maxCols?: number };
    answer: TensorValuesResult;
  };
  'record-gates': { request: { checkpointPath: string; input: GateInput }; answer: GateRecording };
  /**
   * The Audio view's analysis of one recording (`.wav`) by a model that reads audio: waveform,
   * spectrogram, the model's answer (decoded with a prefix beam of `beam`, 1 = greedy), the CTC
   * alignment and the gates. A bad file or a model that does not read audio fails with one line naming it.
   */
  'analyze-audio': { request: { checkpointPath: string; audioPath: string; beam: number }; answer: AudioAnalysis };
  /** `text` is the selection as written. The answer comes first as a partial, then again with its attribution. */
  classify: {
    request: { checkpointPath: string; text: string; attribution?: AttributionMethod | 'none' };
    partial: ClassificationAnswer;
    answer: ClassificationAnswer | ProblemAnswer;
  };
  /** Streams its characters. temperature 0 = greedy; topK 0 = all characters. */
  continue: {
    request: {
      checkpointPath: string;
      prompt: string;
      length: number;
      temperature: number;
      topK: number;
      seed: number;
    };
    partial: ContinuationChunk;
    answer: ContinuationAnswer | ProblemAnswer;
  };
  /** `text`: numbers or CSV rows as selected; `horizon`: values ahead (default: the model's). */
  forecast: {
    /** `series`: the series to forecast when the model knows several (the panel's picker); default the selection's. */
    request: { checkpointPath: string; text: string; horizon?: number; series?: string };
    answer: ForecastAnswer | ProblemAnswer;
  };
  /** A sequence-to-sequence model's output for `text`: greedy (`beam` 1) or beam search; streams the best hypothesis. */
  transform: {
    request: { checkpointPath: string; text: string; beam?: number; maxLength?: number };
    partial: TransformChunk;
    answer: TransformAnswer | ProblemAnswer;
  };
  /** PyTorch interop (src/interop/): export a run or checkpoint as a project. */
  'export-pytorch': { request: { source: string; outDir: string; overwrite?: boolean }; answer: ExportResult };
  /** A foreign file's import status: what must be asked before it can be used. */
  'import-status': { request: { checkpointPath: string }; answer: ImportStatus };
  /** Stores a foreign file's import answers beside it. */
  'import-answers': { request: { checkpointPath: string; request: ImportRequest }; answer: SavedImportAnswers };
  /** A run's whole history from its metrics.csv, parsed off the host's thread. */
  'run-history': { request: { runDir: string }; answer: RunHistory };
  /**
   * The Evaluate view (protocol/evaluate-view.ts). `evaluate-open` reads the data, runs the report pass
   * and caches the states (slices past the memory budget go under `cacheDir`, a folder the host owns);
   * the other kinds query that session by `sessionId` and fail with one line once it has been dropped
   * (the worker keeps the most recent sessions only).
   */
  'evaluate-open': {
    request: { checkpointPath: string; data: EvaluationData; cacheDir: string };
    partial: EvaluationProgress;
    answer: EvaluationSummary;
  };
  'evaluate-loss-page': { request: { sessionId: string; start: number }; answer: LossPage };
  'evaluate-residuals': { request: { sessionId: string }; answer: ResidualSeries };
  'evaluate-match': {
    request: { sessionId: string; query: MatchQuery };
    partial: EvaluationProgress;
    answer: { results: MatchResult[]; ms: number };
  };
  'evaluate-units': {
    request: { sessionId: string; pattern: InputPattern; address: StateAddress | null };
    partial: EvaluationProgress;
    answer: { results: UnitScore[]; ms: number };
  };
  'evaluate-catalogue': {
    request: { sessionId: string; address: StateAddress };
    answer: { entries: UnitCatalogueEntry[] };
  };
  'evaluate-project': {
    request: { sessionId: string; query: ProjectionQuery };
    partial: EvaluationProgress;
    answer: Projection;
  };
  'evaluate-ablate': {
    request: { sessionId: string; query: AblationQuery };
    partial: EvaluationProgress;
    answer: AblationResult;
  };
  /** One evaluated sequence as text (for attribution in Predict) and, for a run's validation split, its Gates sample index. */
  'evaluate-sequence': {
    request: { sessionId: string; sequence: number };
    answer: { text: string; gatesSample: number | null };
  };
  /** Drops a session and deletes its slices on disk. */
  'evaluate-close': { request: { sessionId: string }; answer: { closed: boolean } };
}

export type InferenceKind = keyof InferenceApi;

/** The request of one kind (or, for a union of kinds, any of them). */
export type InferenceRequestOf<K extends InferenceKind> = { [P in K]: { kind: P } & InferenceApi[P]['request'] }[K];

/** A request to the worker. A feature adds its request kind to `InferenceApi`. */
export type InferenceRequest = InferenceRequestOf<InferenceKind>;

/** The final answer to a request of kind K. */
export type InferenceAnswer<K extends InferenceKind> = InferenceApi[K]['answer'];

/** What a request of kind K streams before its answer (never: it streams nothing). */
export type InferencePartial<K extends InferenceKind> = {
  [P in K]: InferenceApi[P] extends { partial: infer T } ? T : never;
}[K];

/** What `load` answers: the model's task, architecture and sizes. */
export interface LoadedModelDescription {
  task: TaskId;
  architecture: string;
  parameterCount: number;
  classes?: string[];
  featureColumns?: string[];
  targets?: string[];
  horizon?: number;
  /**
   * A forecaster trained on several series: the column naming them (`series` for a wide table's) and
   * every id it knows, in its one-hot order (the Gates panel's series picker offers these).
   */
  series?: { column: string; ids: string[] };
  /** How much of an editor selection the model's prediction can use (the host reads no more of it). */
  selectionLimit?: SelectionLimit;
}

/**
 * The most of an editor selection a prediction reads: `characters` of it, the first (`keep: 'start'`)
 * or the last (`'end'`); with `wholeLines`, a line cut in two is left out (rows of numbers).
 */
export interface SelectionLimit {
  characters: number;
  keep: 'start' | 'end';
  wholeLines?: boolean;
}

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
  | { type: 'validation-sample'; index: number; search?: string; datasetPath?: string; series?: string };

export interface HostToInferenceWorker {
  id: number;
  request: InferenceRequest;
}

/** The worker's replies to a request of kind K. */
export type InferenceWorkerToHost<K extends InferenceKind = InferenceKind> =
  | { inReplyTo: number; type: 'result'; result: InferenceAnswer<K> }
  | { inReplyTo: number; type: 'partial'; partial: InferencePartial<K> }
  | { inReplyTo: number; type: 'error'; message: string };
