/**
 * What a training run reports, as it happens. The trainer emits these; the worker forwards them to the
 * host unchanged; the CLI prints them (`--json`: one per line) and the extension feeds its panels.
 * Every message is a plain JSON-able object with a `type` discriminant.
 */

import type { ModelConfig } from '../engine/config';
import type { DatasetSummary } from './dataset';
import type { TrainingConfig } from './training-config';
import type { Metrics } from './metrics';

export type RunStatus = 'running' | 'paused' | 'stopped' | 'finished' | 'failed';

/** One optimizer step, as kept in metrics.csv and drawn on the loss chart. */
export interface StepRecord {
  step: number;
  epoch: number;
  /** Seconds since the run started (excluding time paused). */
  time: number;
  loss: number;
  lr: number;
  gradNorm: number;
}

/** One validation pass. */
export interface EvaluationRecord {
  step: number;
  epoch: number;
  time: number;
  metrics: Metrics;
}

export interface RunStartedEvent {
  type: 'run-started';
  runDir: string;
  runId: string;
  dataset: DatasetSummary;
  config: TrainingConfig;
  model: ModelConfig;
  architecture: string;
  parameterCount: number;
  stepsPerEpoch: number;
  totalSteps: number;
  /** The step training starts from (0, or the checkpoint's step when resuming). */
  startStep: number;
  resumed: boolean;
  /** Threads training each step (the config's `threads` resolved on this machine). */
  threads?: number;
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
