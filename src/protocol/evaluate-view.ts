/**
 * The Evaluate view: what a trained model gets wrong and what its units carry, over a whole data set
 * (issue 17). One definition of every shape that crosses a boundary for it:
 *
 * - host ↔ inference worker: the `evaluate-*` kinds of `InferenceApi` (inference-messages.ts) use the
 *   request and answer types below. The worker keeps one *evaluation session* per (checkpoint, data)
 *   pair: `evaluate-open` reads the data, runs the model once over it (the report pass) and caches the
 *   recurrent states as float16 (spilled to slices on disk past a memory budget), so the searches,
 *   projections and ablations after it never run the whole set again unless they must (ablation does).
 * - host ↔ webview: `HostToEvaluatePanel` / `EvaluatePanelToHost`. The webview never names a file: the
 *   host owns which checkpoint and which data the panel shows, and validates every message
 *   (evaluate-view-validation.ts).
 *
 * Example and step indices are the evaluated set's own: sequence `s` is the s-th example in the order
 * the evaluator read them (for a run's validation split, the Gates panel's validation sample `s`).
 */

import type { Direction } from './gate-recording';
import type { EvaluationReport } from './evaluation-report';
import type { Metrics } from './metrics';
import type { TaskId } from './task-id';

/** Which data a session evaluates: the run's own validation split (from run.json next to the checkpoint) or a whole file the host chose. */
export type EvaluationData = { kind: 'validation' } | { kind: 'file'; path: string };

/** The states the session caches and every unit query names: a layer's hidden state h or LSTM cell state c, per direction. */
export type StateSignal = 'h' | 'c';

export interface StateLayer {
  layer: number;
  direction: Direction;
  signal: StateSignal;
  /** Units of this signal (H, or P for a projected LSTM's h). */
  width: number;
}

/** One layer/direction/signal of the cached states: the address of every unit query. */
export interface StateAddress {
  layer: number;
  direction: Direction;
  signal: StateSignal;
}

/** What `evaluate-open` answers and the panel's header shows. */
export interface EvaluationSummary {
  sessionId: string;
  task: TaskId;
  /** `best.safetensors · 20261126-221530-fables`. */
  modelName: string;
  /** `validation split of fables.txt (98 sequences)` or `reviews-test.csv (1,204 sequences)`. */
  dataLabel: string;
  architecture: string;
  /** Sequences and steps evaluated (steps: tokens, characters or rows read, summed over sequences). */
  sequences: number;
  steps: number;
  metrics: Metrics;
  /** Everything a task's report has (classifier, language model, forecaster); absent for tasks with none yet. */
  report?: EvaluationReport;
  /** The cached state signals, in layer-major order (forward before backward, h before c). */
  layers: StateLayer[];
  /** A text model: the example texts can be searched with a regular expression. A series model: by column. */
  input: 'text' | 'rows';
  /** Series models: the columns a condition may name. */
  columns?: string[];
  /** Classifiers: the labels, in the report's order. */
  labels?: string[];
  /** Bytes the cached states take in memory and on disk. */
  cache: { memoryBytes: number; diskBytes: number };
  /** Milliseconds of the report pass (reading excluded) and of caching the states. */
  timings: { readMs: number; passMs: number };
  /** One-line notes: "the run's split could not be rebuilt; the whole file is evaluated". */
  notes: string[];
}

/** Progress of a long request, for a progress line: `done` of `total` sequences (or points). */
export interface EvaluationProgress {
  stage: 'reading' | 'evaluating' | 'searching' | 'projecting' | 'ablating';
  done: number;
  total: number;
}

/** A step range of one sequence, with its text around it for a result row. */
export interface SequenceSpan {
  sequence: number;
  /** First step and one past the last, in the sequence's steps. */
  start: number;
  end: number;
  /** The span's tokens joined, and up to `SPAN_CONTEXT` tokens before and after it. */
  before: string;
  text: string;
  after: string;
}

/** Tokens of context shown each side of a span. */
export const SPAN_CONTEXT = 30;

/** LSTMVis's match: the spans whose selected units are all ≥ threshold, ranked by how well they match the pattern. */
export interface MatchQuery {
  address: StateAddress;
  units: number[];
  threshold: number;
  /** At most this many results (≤ `MAX_RESULTS`). */
  topK: number;
}

export interface MatchResult extends SequenceSpan {
  /** Higher is better: the mean over the span of the selected units' activation above the threshold, minus the other units' (LSTMVis). */
  score: number;
}

/** A property of the input, as a 0/1 (or numeric) signal per step, that units are correlated with. */
export type InputPattern =
  /** 1 at every step whose token lies inside a match of the regular expression (JavaScript syntax, `u` flag). */
  | { kind: 'regex'; source: string; ignoreCase: boolean }
  /** Position in the line (steps since the last newline). */
  | { kind: 'position-in-line' }
  /** Classifiers: 1 for sequences of this label (every step of them), 0 for the rest. */
  | { kind: 'label'; label: string }
  /** Series models: a condition on one input column. */
  | { kind: 'column'; column: string; op: '>' | '<' | '>=' | '<='; value: number };

export interface UnitScore {
  address: StateAddress;
  unit: number;
  /** Pearson correlation with the pattern over every cached step (−1 … 1; ranked by |r|). */
  correlation: number;
  /** The span of highest activation of this unit, as an example. */
  example: SequenceSpan;
}

/** Each unit's top-activating contexts: the catalogue. */
export interface UnitCatalogueEntry {
  address: StateAddress;
  unit: number;
  mean: number;
  max: number;
  /** Up to `CATALOGUE_CONTEXTS` spans around its highest activations (one per sequence), highest first. */
  top: SequenceSpan[];
}

export const CATALOGUE_CONTEXTS = 5;

/** Which states to project: the last step of each sequence, or every step (sampled down to `MAX_POINTS`). */
export interface ProjectionQuery {
  address: StateAddress;
  steps: 'last' | 'every';
  method: 'pca' | 'umap';
  /** A unit of `address` whose activation at each point the answer carries too (`unitValues`), to colour by. */
  colourUnit?: number;
}

/** What a point is coloured by, as the panel offers it; the answer carries every colouring it can. */
export interface Projection {
  method: 'pca' | 'umap';
  /** `[N, 2]` coordinates. */
  points: Float32Array;
  /** Per point: its sequence and step. */
  sequence: Int32Array;
  step: Int32Array;
  /** Per point: its actual label index (classifiers; −1 unknown), predicted label index, error (loss), and character class (text: letter 0, digit 1, space 2, punctuation 3, newline 4, other 5). */
  label?: Int32Array;
  predicted?: Int32Array;
  error?: Float32Array;
  characterClass?: Int8Array;
  /** Per point, when the query named a `colourUnit`: that unit's activation in the point's state (the state projected). */
  unitValues?: Float32Array;
  /** Per point (text models): the tokens up to and including its step, at most `SPAN_CONTEXT` of them, joined — what hover and the lasso's list show. */
  context?: string[];
  /** PCA: the share of variance each of the two axes explains. */
  explained?: [number, number];
  /** Points sampled from how many states. */
  sampledFrom: number;
  ms: number;
}

/** The most points a projection draws (and UMAP embeds). */
export const MAX_POINTS = 20000;
/** The most results a search answers. */
export const MAX_RESULTS = 100;

/** Switch units off and score the set again. */
export interface AblationQuery {
  address: StateAddress;
  units: number[];
  /** `zero`: the units' value is 0 at every step; `mean`: clamped to their mean over the cached states. */
  mode: 'zero' | 'mean';
}

export interface AblationResult {
  query: AblationQuery;
  before: Metrics;
  after: Metrics;
  /** Sequences whose prediction changed (classifiers: the label; others: the examples whose loss changed most), at most `MAX_RESULTS`. */
  changed: Array<{
    sequence: number;
    text: string;
    before: string;
    after: string;
    lossBefore: number;
    lossAfter: number;
  }>;
  changedCount: number;
  ms: number;
}

/** A page of a language model's evaluated text, coloured by per-token loss (nats). */
export interface LossPage {
  /** Token index of the page's first token, and the total of tokens scored. */
  start: number;
  total: number;
  tokens: string[];
  losses: Float32Array;
}

/** Tokens per loss page. */
export const LOSS_PAGE_TOKENS = 4000;

/** A forecaster's one-step-ahead residuals over time (actual − forecast, data units), per target. */
export interface ResidualSeries {
  targets: string[];
  /** Row labels (dates or row numbers) of the forecast rows, and `[N, targets]` residuals. */
  rowLabels: string[];
  residuals: Float32Array;
}

/** The panel's tabs. */
export type EvaluateTab = 'errors' | 'units' | 'search' | 'projection' | 'ablation';

/** Host → Evaluate panel. */
export type HostToEvaluatePanel =
  /** First on every `ready`: the opaque key the page saves so the host can restore the panel after a window reload. */
  | { type: 'panel-key'; key: string }
  | { type: 'progress'; progress: EvaluationProgress }
  | { type: 'summary'; summary: EvaluationSummary; tab?: EvaluateTab }
  | { type: 'loss-page'; page: LossPage }
  | { type: 'residuals'; residuals: ResidualSeries }
  | { type: 'match-results'; requestId: number; query: MatchQuery; results: MatchResult[]; ms: number }
  | { type: 'unit-results'; requestId: number; pattern: InputPattern; results: UnitScore[]; ms: number }
  | { type: 'catalogue'; requestId: number; address: StateAddress; entries: UnitCatalogueEntry[] }
  | { type: 'projection'; requestId: number; query: ProjectionQuery; projection: Projection }
  | { type: 'ablation'; requestId: number; result: AblationResult }
  /** A search the Gates panel started: the panel switches to Search and shows it. */
  | { type: 'run-match'; query: MatchQuery }
  | { type: 'error'; requestId: number | null; message: string };

/** Evaluate panel → host. Every field is checked on the host; indices are checked against the session. */
export type EvaluatePanelToHost =
  | { type: 'ready' }
  | { type: 'loss-page'; start: number }
  | { type: 'residuals' }
  | { type: 'match'; requestId: number; query: MatchQuery }
  | { type: 'find-units'; requestId: number; pattern: InputPattern; address: StateAddress | null }
  | { type: 'catalogue'; requestId: number; address: StateAddress }
  | { type: 'project'; requestId: number; query: ProjectionQuery }
  | { type: 'ablate'; requestId: number; query: AblationQuery }
  /** Open a sequence (at a span) in the Gates panel, or classify it with its attribution in Predict. */
  | { type: 'open-in-gates'; sequence: number; step?: number }
  | { type: 'open-attribution'; sequence: number }
  /** Evaluate on another file (the host shows an open dialog) or re-run on the validation split. */
  | { type: 'choose-data' }
  | { type: 'cancel' };
