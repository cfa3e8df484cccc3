/**
 * The records a run is made of: its status, one optimizer step, one validation pass. Shared by the run
 * manifest, the training events and the panels. Types only.
 */

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
  /**
   * A few validation examples as the model answered them at this evaluation (sequence to sequence:
   * source, reference and greedy output), for the Training panel's table. Omitted by other tasks.
   */
  examples?: ValidationExample[];
  /**
   * Forecasting: the same metrics for the naive baselines on the same windows (`naive`, `seasonalNaive`,
   * `drift`), so the panel can draw them beside the model's.
   */
  baselines?: Record<string, Metrics>;
  /** Forecasting with `--backtest K`: each rolling origin's metrics (the record's `metrics` are their mean). */
  backtest?: BacktestOrigin[];
}

/** One origin of a rolling-origin backtest: the model and the baselines forecasting the horizon from it. */
export interface BacktestOrigin {
  /** Row index (in the series) of the first forecast step. */
  origin: number;
  /** The origin as the user reads it: its date when the data has one, else `row 1234`. */
  label: string;
  metrics: Metrics;
  baselines: Record<string, Metrics>;
}

/** One validation example and the model's answer to it, each side also as its tokens (to mark the differences). */
export interface ValidationExample {
  source: string;
  reference: string;
  output: string;
  referenceTokens: string[];
  outputTokens: string[];
}
