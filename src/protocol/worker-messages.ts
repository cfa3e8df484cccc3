/**
 * Host ↔ training worker (worker_threads). The host starts one run per worker and then only steers
 * it; the worker answers with TrainingEvents (see training-events.ts) wrapped as `event` messages.
 */

import type { DatasetOverrides, DatasetSummary } from './dataset';
import type { TrainingConfig } from './training-config';
import type { TrainingEvent } from './training-events';
import type { SweepMembership } from './sweep';

export interface StartTrainingRequest {
  /** The dataset file. */
  datasetPath: string;
  /** Folder that receives the run folder (`<yyyymmdd-hhmmss>-<dataset>`). */
  runsRoot: string;
  /** Overrides on top of the task's preset. */
  config: Partial<TrainingConfig>;
  /** Dataset overrides (task, columns…). */
  dataset?: DatasetOverrides;
  /** Continue this run folder from its last.safetensors instead of starting a new one. */
  resumeRunDir?: string;
  /** The sweep this run is a trial of: recorded in run.json. */
  sweep?: SweepMembership;
}

/** What the Train command shows before training: the detected task, columns, split and the preset's config. */
export interface DatasetDescription {
  summary: DatasetSummary;
  config: TrainingConfig;
  architecture: string;
  parameterCount: number;
  /** The file's first rows as parsed (the New Training Run form's preview). */
  preview?: DatasetPreview;
}

/** A column of a table as detection profiled it. */
export interface PreviewColumn {
  name: string;
  /** `numeric`, `date`, `label` (few distinct values), `text`. */
  type: 'numeric' | 'date' | 'label' | 'text';
}

/** The first rows of a table (cells as text), or the first lines of a text file (`columns` empty). */
export interface DatasetPreview {
  columns: PreviewColumn[];
  rows: string[][];
  /** Plain text: its first lines. */
  lines?: string[];
}

/** Timing a few training steps of the described run: the form's time estimate. */
export interface StepTiming {
  secondsPerStep: number;
  stepsPerEpoch: number;
  secondsPerEpoch: number;
  /** Steps timed (after one warm-up step). */
  stepsTimed: number;
}

export type HostToWorkerMessage =
  | { type: 'start'; request: StartTrainingRequest }
  /** Detect and prepare the dataset without training; answered by `described` (or `describe-failed`). */
  | { type: 'describe'; request: Pick<StartTrainingRequest, 'datasetPath' | 'config' | 'dataset'> }
  /** Time a few training steps of the described run (the form's estimate); answered by `estimated` (or `estimate-failed`). */
  | { type: 'estimate'; request: Pick<StartTrainingRequest, 'datasetPath' | 'config' | 'dataset'> }
  | { type: 'pause' }
  | { type: 'resume' }
  | { type: 'stop' };

export type WorkerToHostMessage =
  | { type: 'event'; event: TrainingEvent }
  | { type: 'described'; description: DatasetDescription }
  /** While a description reads the file: bytes read so far over all its passes (throttled). */
  | { type: 'describe-progress'; bytesRead: number; totalBytes: number }
  | { type: 'describe-failed'; message: string }
  | { type: 'estimated'; timing: StepTiming }
  | { type: 'estimate-failed'; message: string }
  /** The worker is done (after run-finished or run-failed) and may be terminated. */
  | { type: 'exit' };
