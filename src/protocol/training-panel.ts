/**
 * Host ↔ Training panel webview. The host owns the state; the panel sends `ready` when it loads and
 * gets a full `snapshot` back (so a hidden, moved or reloaded panel redraws everything), then
 * incremental updates. Step series travel columnar (one array per field), which is compact to send and
 * direct to plot.
 */

import type { MetricDescriptor, TaskId } from './task-presentation';
import type { BacktestOrigin, EvaluationRecord, RunStatus, StepRecord } from './run-records';
import type { Metrics } from './metrics';
import type { ValidationScope } from './run-manifest';

/** Everything the panel header and controls need about one run. */
export interface RunMeta {
  id: string;
  runDir: string;
  datasetName: string;
  task: TaskId;
  /** The task in words, capitalised (`Classification`), for the header. */
  taskName: string;
  status: RunStatus;
  architecture: string;
  parameterCount: number;
  preset: string;
  batchSize: number;
  epochs: number;
  step: number;
  epoch: number;
  /** Fraction of the current epoch done. */
  epochProgress: number;
  totalSteps: number;
  stepsPerEpoch: number;
  samplesPerSecond: number;
  elapsedSeconds: number;
  remainingSeconds: number | null;
  best: EvaluationRecord | null;
  /** The task's headline validation metric (accuracy, bitsPerChar, mae), with how to show it. */
  metric: MetricDescriptor;
  /** The task's metrics shown beside the headline (its presentation's `shownBeside`), under the best validation. */
  besideMetrics?: MetricDescriptor[];
  /** What each evaluation scores (absent for runs recorded before validation could be sampled). */
  validation?: ValidationScope;
  /** True when best.safetensors exists. */
  hasBestCheckpoint: boolean;
  message?: string;
  /** The run's final scores once it has ended (absent before, and for runs that ended without validation). */
  final?: FinalScores;
}

/**
 * What a run scored at its end (its `RunSummary`; a run loaded from its folder has only run.json's
 * `final` metrics). A forecaster adds its baselines on the same data and, with `--backtest K`, each
 * origin's scores (`metrics` and `baselines` are then the means over the origins).
 */
export interface FinalScores {
  metrics: Metrics;
  baselines?: Record<string, Metrics>;
  backtest?: BacktestOrigin[];
}

/** Every training step of a run, columnar: index k of each array is one step. */
export interface StepSeries {
  step: number[];
  epoch: number[];
  /** Seconds since the run started (pauses excluded). */
  time: number[];
  loss: number[];
  lr: number[];
  gradNorm: number[];
}

/** A run's history as its metrics.csv holds it (the inference worker's answer to `run-history`). */
export interface RunHistory {
  steps: StepSeries;
  evaluations: EvaluationRecord[];
}

export interface RunData {
  meta: RunMeta;
  steps: StepSeries;
  evaluations: EvaluationRecord[];
}

/** A run of the same dataset that can be overlaid for comparison. */
export interface OverlayCandidate {
  id: string;
  runDir: string;
  label: string;
  status: RunStatus;
}

export type HostToTrainingPanel =
  /** The full state; `runs[0]` is the panel's own run, the rest are overlays. */
  | { type: 'snapshot'; runs: RunData[]; overlayCandidates: OverlayCandidate[] }
  | { type: 'meta'; meta: RunMeta }
  /** Steps appended to a run's series (in order, none skipped). */
  | { type: 'steps'; runId: string; steps: StepSeries }
  | { type: 'evaluation'; runId: string; record: EvaluationRecord; isBest: boolean }
  /** Answer to `save`: where the file went, or why not. */
  | { type: 'saved'; requestId: number; path: string | null; error?: string };

export type TrainingPanelToHost =
  | { type: 'ready' }
  | { type: 'control'; runId: string; action: 'pause' | 'resume' | 'stop' }
  | { type: 'open-best-checkpoint'; runId: string }
  | { type: 'open-run-folder'; runId: string }
  | { type: 'inspect-gates'; runId: string }
  /** Which other runs to overlay (the host answers with a new snapshot). */
  | { type: 'set-overlays'; runIds: string[] }
  /** Save exported data through the host's save dialog; `data` is text (CSV) or base64 (PNG). */
  | { type: 'save'; requestId: number; kind: 'csv' | 'png'; suggestedName: string; data: string };

export function emptyStepSeries(): StepSeries {
  return { step: [], epoch: [], time: [], loss: [], lr: [], gradNorm: [] };
}

/** Appends one step record as the next index of every column. */
export function pushStep(series: StepSeries, record: StepRecord): void {
  series.step.push(record.step);
  series.epoch.push(record.epoch);
  series.time.push(record.time);
  series.loss.push(record.loss);
  series.lr.push(record.lr);
  series.gradNorm.push(record.gradNorm);
}
