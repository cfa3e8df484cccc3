/**
 * The one shape of a run: `run.json` in its folder, the body of the `run-started` event, and what the
 * host derives its view of a run from (live or loaded from disk). Types only.
 */

import type { ModelConfig } from '../engine/config';
import type { DatasetOverrides, DatasetSummary } from './dataset';
import type { TrainingConfig } from './training-config';
import type { Metrics } from './metrics';
import type { BacktestOrigin, EvaluationRecord, RunStatus } from './run-records';
import type { SweepMembership } from './sweep';

/** What a task's validation split is counted in: a language model's or a forecaster's windows, a classifier's examples. */
export type ValidationUnitKind = 'windows' | 'examples';

/**
 * What each evaluation of a run scores: `units` of the split's `total`, a fixed seeded sample when
 * `sampled` (the same units at every evaluation and after a resume), else the whole split.
 */
export interface ValidationScope {
  units: number;
  total: number;
  unit: ValidationUnitKind;
  sampled: boolean;
}

export interface RunManifest {
  /** `lstm-studio-run/1` (`RUN_FORMAT` in src/train/run-directory.ts). */
  format: 'lstm-studio-run/1';
  id: string;
  status: RunStatus;
  created: string;
  updated: string;
  dataset: { path: string; name: string; fingerprint: string; summary: DatasetSummary; overrides: DatasetOverrides };
  config: TrainingConfig;
  model: ModelConfig;
  architecture: string;
  parameterCount: number;
  step: number;
  epoch: number;
  totalSteps: number;
  /** Optimizer steps per epoch (absent in run folders written before it was recorded). */
  stepsPerEpoch?: number;
  elapsedSeconds: number;
  /** The best validation evaluation so far (updated at every evaluation). */
  best: EvaluationRecord | null;
  final: Metrics | null;
  /**
   * Forecasting: the final evaluation's baselines (`naive`, `seasonalNaive`, `drift`) on the same windows
   * as `final` (the mean over the origins with a backtest), so a finished run shows them after a reload.
   */
  baselines?: Record<string, Metrics>;
  /** Forecasting with `--backtest K`: each origin of the final backtest (`final` is their mean). */
  backtest?: BacktestOrigin[];
  message?: string;
  /** What each evaluation scores (absent in run folders written before validation could be sampled: all of it). */
  validation?: ValidationScope;
  /** Training threads of the latest session (the config's `threads` resolved on that machine). */
  threads?: number;
  /** The sweep this run is one trial of (absent: a run of its own). */
  sweep?: SweepMembership;
}
