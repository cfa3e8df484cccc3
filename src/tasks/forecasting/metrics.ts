/**
 * Forecasting metrics, in the target columns' original units (the model works on z-scores: each value
 * is scaled back by its column's standard deviation and mean): `mae`, `rmse`, `mase`, `smape` of the
 * point forecast (a distribution's median), and for a model with a distribution `coverage`,
 * `intervalWidth` and `crps` or `quantileLoss` (interval-metrics.ts). Beside them, the same point metrics
 * for the naive baselines (baselines.ts) forecasting the same windows from the same history — the
 * windows' own rows — and `maseVsBestBaseline`: how much lower the model's MASE is than the best
 * baseline's, as a share (0.18 = 18 % lower; negative when a baseline is better). With a checkpoint's
 * interval calibration (calibration.ts) the interval metrics are the calibrated interval's, and the
 * head's own beside them with a `raw` prefix (`rawCoverage`, `rawIntervalWidth`, `rawCrps`…).
 *
 * The baselines cost a few operations per value beside the model's forward pass, so they are scored
 * with it at every evaluation rather than cached.
 */

import { ResidualCollector } from './residual-report';
import type { TargetBatch } from '../../data/batcher';
import type { Batch } from '../../engine/batch';
import { gaussianScale } from '../../engine/distribution-losses';
import { maseGain } from '../../protocol/baseline-headline';
import type { Metrics } from '../../protocol/metrics';
import type { EvaluationContext, MetricAccumulator } from '../task-training';
import { BASELINE_KINDS, baselineForecast, type BaselineKind } from './baselines';
import { IntervalCalibration } from './calibration';
import { distributionOfConfig, summarizeValue, type Distribution } from './distribution';
import { gaussianCrps, IntervalScores, pinball, PointErrors } from './interval-metrics';

/** A forecasting evaluator: the task's metrics, and the baselines' beside them. */
export interface ForecastEvaluator extends MetricAccumulator {
  /** After `finish`: each baseline's `mae`, `rmse`, `mase`, `smape` (no `loss`: a baseline is not trained). */
  baselines(): Record<BaselineKind, Metrics> | null;
}

/** What scoring needs of the dataset, read from the evaluation context. */
interface Scoring {
  distribution: Distribution;
  std: number[];
  mean: number[];
  /** Each target's column among the features (for the baselines' history), or null when unknown. */
  featureIndex: number[] | null;
  features: number;
  maseScales: number[] | null;
  season: number;
  /** Whether a window's last `horizon` steps are future steps (known-future inputs), not history. */
  futureSteps: boolean;
}

function scoringOf(context: EvaluationContext): Scoring {
  const stored = context.stored;
  const targetNames = stored?.dataset.columns.targets ?? [];
  const norm = stored?.normalization ?? null;
  const std = context.targetStd ?? (targetNames.length > 0 ? targetNames.map(() => 1) : [1]);
  const mean = std.map((_, t) => (norm ? (norm.mean[norm.columns.indexOf(targetNames[t])] ?? 0) : 0));
  const featureColumns = stored?.dataset.featureColumns ?? null;
  const featureIndex =
    featureColumns && targetNames.length === std.length ? targetNames.map((n) => featureColumns.indexOf(n)) : null;
  const maseScales = stored?.dataset.maseScale ?? null;
  return {
    distribution: distributionOfConfig(context.model?.config ?? { loss: 'mse' }),
    std,
    mean,
    featureIndex: featureIndex && featureIndex.every((i) => i >= 0) ? featureIndex : null,
    features: featureColumns?.length ?? 0,
    maseScales: maseScales && maseScales.length === std.length && maseScales.every((s) => s > 0) ? maseScales : null,
    season: stored?.dataset.season ?? 1,
    futureSteps: stored?.dataset.forecastInputs?.futureSteps === true,
  };
}

/**
 * Scales of window b's target t: its own series' (a many-series batch's `seriesScale`), else the pooled
 * or single series' `std` and `mean`. Writes [std, mean] into `into`.
 */
function scaleOf(batch: Batch, b: number, t: number, scoring: Scoring, into: Float64Array): void {
  const own = (batch as TargetBatch).seriesScale;
  const targets = scoring.std.length;
  into[0] = own ? own.std[b * targets + t] : scoring.std[t];
  into[1] = own ? own.mean[b * targets + t] : scoring.mean[t];
}

export function createErrorEvaluator(context: EvaluationContext): ForecastEvaluator {
  const scoring = scoringOf(context);
  const { distribution, std } = scoring;
  const targets = std.length;
  const P = distribution.paramsPerValue;
  const squareScale = Math.max(1e-300, ...std.map(Math.abs));
  const model = new PointErrors(squareScale, scoring.maseScales);
  const scoreName = distribution.kind === 'gaussian' ? 'crps' : 'quantileLoss';
  const interval = distribution.kind === 'point' ? null : new IntervalScores(scoreName);
  // A checkpoint with an interval calibration: `coverage`… are the calibrated interval's, `rawCoverage`…
  // the head's own; without one, `coverage`… are the head's, as before.
  const storedCalibration = context.stored?.dataset.forecastCalibration;
  const rawInterval = interval && storedCalibration ? new IntervalScores(scoreName) : null;
  let calibration: IntervalCalibration | null = null;
  const baselines = scoring.featureIndex
    ? new Map(BASELINE_KINDS.map((kind) => [kind, new PointErrors(squareScale, scoring.maseScales)]))
    : null;
  const scratch = new Float64Array(P);
  const summary = new Float64Array(3);
  const scale = new Float64Array(2);
  let forecast = new Float64Array(0);
  let finished: Record<BaselineKind, Metrics> | null = null;
  // With context.report: residuals by horizon step (created at the first batch, when the horizon is known).
  let residuals: ResidualCollector | null = null;

  // output [B, V·P] (V = horizon × targets values, each P parameters), targets [B, V]: value k is
  // target k % targets at step ⌊k / targets⌋.
  const addModel = (batch: Batch, output: ArrayLike<number>, V: number) => {
    const actuals = batch.targets!;
    if (context.report && !residuals) residuals = new ResidualCollector(targetNames(context, targets), V / targets);
    if (storedCalibration && !calibration) calibration = IntervalCalibration.of(storedCalibration, distribution, V);
    for (let b = 0; b < batch.batchSize; b++) {
      residuals?.startWindow();
      for (let k = 0; k < V; k++) {
        const t = k % targets;
        const offset = (b * V + k) * P;
        scaleOf(batch, b, t, scoring, scale);
        const [s, m] = scale;
        const y = actuals[b * V + k];
        const actual = y * s + m;
        if (rawInterval) {
          summarizeValue(output, offset, distribution, scratch, summary);
          rawInterval.add(summary[1] * s + m, summary[2] * s + m, actual, s * distributionScore(output, offset, y, 1));
        }
        // The point forecast is the same with or without a calibration (it corrects the spread only).
        summarizeValue(output, offset, distribution, scratch, summary, calibration, k);
        const error = (summary[0] - y) * s;
        model.add(summary[0] * s + m, actual, error, t);
        residuals?.add(Math.floor(k / targets), t, actual, summary[0] * s + m);
        if (interval) {
          const lower = summary[1] * s + m;
          const upper = summary[2] * s + m;
          const widen = calibration && distribution.kind === 'gaussian' ? calibration.scale(k) : 1;
          interval.add(lower, upper, actual, s * distributionScore(output, offset, y, widen));
        }
      }
    }
  };

  /**
   * The proper score of one value in normalised units (CRPS and pinball scale with the units); a
   * Gaussian's σ times `sigmaScale`, a quantile head's values as summarizeValue left them in `scratch`.
   */
  const distributionScore = (output: ArrayLike<number>, offset: number, y: number, sigmaScale: number): number => {
    if (distribution.kind === 'gaussian')
      return gaussianCrps(y, output[offset], sigmaScale * gaussianScale(output[offset + 1]));
    const levels = distribution.quantiles!;
    let sum = 0;
    // scratch holds the value's quantiles, sorted by summarizeValue.
    for (let q = 0; q < levels.length; q++) sum += pinball(y, scratch[q], levels[q]);
    return sum / levels.length;
  };

  const addBaselines = (batch: Batch, V: number) => {
    const features = batch.features;
    if (!baselines || !features || scoring.features === 0) return;
    const { batchSize: B, steps: T } = batch;
    // A step's width: the feature columns, plus the series, calendar and future-step inputs when there are.
    const D = features.length / (B * T);
    const horizon = V / targets;
    if (forecast.length < horizon) forecast = new Float64Array(horizon);
    const actuals = batch.targets!;
    for (let b = 0; b < B; b++) {
      // The history ends where the future steps (known-future inputs, the target unknown) begin.
      const length = (batch.lengths ? batch.lengths[b] : T) - (scoring.futureSteps ? horizon : 0);
      for (let t = 0; t < targets; t++) {
        const column = scoring.featureIndex![t];
        const history = (i: number) => features[(b * T + i) * D + column];
        scaleOf(batch, b, t, scoring, scale);
        const [s, m] = scale;
        for (const [kind, errors] of baselines) {
          baselineForecast(kind, history, length, horizon, scoring.season, forecast);
          for (let h = 0; h < horizon; h++) {
            const y = actuals[b * V + h * targets + t];
            errors.add(forecast[h] * s + m, y * s + m, (forecast[h] - y) * s, t);
          }
        }
      }
    }
  };

  return {
    add(batch, output, outputSize) {
      const V = outputSize / P;
      addModel(batch, output, V);
      addBaselines(batch, V);
    },
    finish(loss) {
      const metrics: Metrics = {
        loss,
        ...model.finish(),
        ...(interval ? interval.finish() : {}),
        ...(rawInterval ? rawInterval.finish(true) : {}),
      };
      if (baselines) {
        finished = Object.fromEntries(
          [...baselines].map(([kind, errors]) => [kind, errors.finish() as Metrics]),
        ) as Record<BaselineKind, Metrics>;
        const gain = maseGain(metrics, finished);
        if (gain !== null) metrics.maseVsBestBaseline = gain;
      }
      return metrics;
    },
    baselines: () => finished,
    report: () => residuals?.report() ?? null,
    residuals: () => residuals?.oneStepSeries() ?? null,
  };
}

/** The target columns' names as the checkpoint stores them (numbers if it stores none). */
function targetNames(context: EvaluationContext, count: number): string[] {
  const stored = context.stored?.dataset.columns.targets ?? [];
  return Array.from({ length: count }, (_, t) => stored[t] ?? `target ${t + 1}`);
}
