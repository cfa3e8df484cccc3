/**
 * What a training run reports, as it happens. The trainer emits these; the worker forwards them to the
 * host unchanged; the CLI prints them (`--json`: one per line) and the extension feeds its panels.
 * Every message is a plain JSON-able object with a `type` discriminant.
 */

import type { Metrics } from './metrics';
import type { RunManifest } from './run-manifest';
import type { BacktestOrigin, EvaluationRecord, RunStatus, StepRecord } from './run-records';

export type { EvaluationRecord, RunStatus, StepRecord } from './run-records';

/**
 * The run's manifest as `run.json` holds it when the session starts (status `running`, `step` = the
 * step training starts from: 0, or the checkpoint's when resuming), plus what only the session knows.
 */
export interface RunStartedEvent extends RunManifest {
  type: 'run-started';
  runDir: string;
  stepsPerEpoch: number;
  resumed: boolean;
}

/** Sent at most ~10 times a second; `steps` holds every step since the previous progress event. */
export interface ProgressEvent {
  type: 'progress';
  step: number;
  epoch: number;
  /** Fraction of the current epoch done, 0…1. */
  epochProgress: number;
  totalSteps: number;
  samplesPerSecond: number;
  elapsedSeconds: number;
  /** Estimated seconds to the end, or null before it can be estimated. */
  remainingSeconds: number | null;
  steps: StepRecord[];
}

export interface EvaluationEvent {
  type: 'evaluation';
  record: EvaluationRecord;
  /** True when this is the best validation loss so far (best.safetensors was rewritten). */
  isBest: boolean;
}

export interface EpochEndEvent {
  type: 'epoch-end';
  epoch: number;
  step: number;
  /** Mean training loss over the epoch. */
  trainLoss: number;
  validation: Metrics | null;
}

export interface CheckpointSavedEvent {
  type: 'checkpoint-saved';
  kind: 'last' | 'best';
  path: string;
  step: number;
}

export interface StatusEvent {
  type: 'status';
  status: RunStatus;
  /** The step the run is at. */
  step: number;
  message?: string;
}

export interface RunSummary {
  runDir: string;
  status: RunStatus;
  steps: number;
  epochs: number;
  seconds: number;
  /** Validation metrics at the end (after restoring the best weights, if that was asked for). */
  final: Metrics | null;
  /** Forecasting: the baselines' metrics on the same final validation (the JSON summary's `baselines`). */
  baselines?: Record<string, Metrics>;
  /** Forecasting with `--backtest K`: each origin's scores (`final` and `baselines` are then their means). */
  backtest?: BacktestOrigin[];
  /** The best validation evaluation. */
  best: EvaluationRecord | null;
  /** Why the run ended early, if it did (early stopping, divergence, user stop). */
  reason?: string;
}

export interface RunFinishedEvent {
  type: 'run-finished';
  summary: RunSummary;
}

export interface RunFailedEvent {
  type: 'run-failed';
  message: string;
  /** The run folder, when it had been created. */
  runDir?: string;
  stack?: string;
}

/** Reading the dataset file (before run-started). */
export interface LoadingEvent {
  type: 'loading';
  bytesRead: number;
  totalBytes: number;
}

export interface LogEvent {
  type: 'log';
  level: 'info' | 'warning';
  message: string;
}

export type TrainingEvent =
  | RunStartedEvent
  | ProgressEvent
  | EvaluationEvent
  | EpochEndEvent
  | CheckpointSavedEvent
  | StatusEvent
  | RunFinishedEvent
  | RunFailedEvent
  | LoadingEvent
  | LogEvent;
