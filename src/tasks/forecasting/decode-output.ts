/**
 * One window's raw head output → the forecast in the data's units: the point forecast (a distribution's
 * median), and for a Gaussian or quantile head its quantiles and 80 % interval. The distribution is
 * decoded in normalised units (distribution.ts) and each piece is mapped back by the caller's
 * `denormalize` — a point-layout `[horizon · targets]` array → `[step][target]` in units — which is affine
 * and increasing per target, so quantiles stay quantiles and their order holds. A checkpoint's interval
 * calibration (fitted on validation windows, calibration.ts) is applied in normalised units first.
 */

import type { ModelConfig } from '../../engine/config';
import { IntervalCalibration, type ForecastCalibrationJSON } from './calibration';
import { decodeForecast, distributionOfConfig } from './distribution';

/** A forecast in the data's units (see the module comment). */
export interface ForecastInUnits {
  /** `[step][target]`: the point forecast, or the median. */
  values: number[][];
  /** `values[step][target][q]` at `levels[q]`; absent for a point forecaster. */
  quantiles?: { levels: number[]; values: number[][][] };
  /** The central interval, `[step][target]`; absent for a point forecaster. */
  interval?: { level: number; lower: number[][]; upper: number[][] };
}

export function decodeForecastInUnits(
  config: Pick<ModelConfig, 'loss' | 'quantiles'>,
  horizon: number,
  targets: number,
  raw: ArrayLike<number>,
  denormalize: (pointLayout: ArrayLike<number>) => number[][],
  calibration?: ForecastCalibrationJSON,
): ForecastInUnits {
  const distribution = distributionOfConfig(config);
  const corrected = IntervalCalibration.of(calibration, distribution, horizon * targets);
  const decoded = decodeForecast(raw, { horizon, targets, distribution }, corrected);
  const inUnits = (rows: number[][]) => denormalize(Float64Array.from(rows.flat()));
  const values = inUnits(decoded.median);
  if (!decoded.quantiles || !decoded.interval) return { values };
  const { levels } = decoded.quantiles;
  const perLevel = levels.map((_, q) => inUnits(decoded.quantiles!.values.map((step) => step.map((v) => v[q]))));
  return {
    values,
    quantiles: { levels, values: values.map((row, h) => row.map((_, t) => perLevel.map((level) => level[h][t]))) },
    interval: {
      level: decoded.interval.level,
      lower: inUnits(decoded.interval.lower),
      upper: inUnits(decoded.interval.upper),
    },
  };
}

/** Appends one window's decoded forecast to a longer one (rolling beyond the trained horizon). */
export function appendForecast(into: ForecastInUnits, next: ForecastInUnits, count: number): void {
  into.values.push(...next.values.slice(0, count));
  if (into.quantiles && next.quantiles) into.quantiles.values.push(...next.quantiles.values.slice(0, count));
  if (into.interval && next.interval) {
    into.interval.lower.push(...next.interval.lower.slice(0, count));
    into.interval.upper.push(...next.interval.upper.slice(0, count));
  }
}

/** The first `count` steps of a forecast. */
export function firstSteps(forecast: ForecastInUnits, count: number): ForecastInUnits {
  return {
    values: forecast.values.slice(0, count),
    ...(forecast.quantiles
      ? { quantiles: { levels: forecast.quantiles.levels, values: forecast.quantiles.values.slice(0, count) } }
      : {}),
    ...(forecast.interval
      ? {
          interval: {
            level: forecast.interval.level,
            lower: forecast.interval.lower.slice(0, count),
            upper: forecast.interval.upper.slice(0, count),
          },
        }
      : {}),
  };
}

/**
 * Every quantile as text to insert after a selection: one line per forecast step, its cells joined by
 * `separator` — `lead(step)` (a series id, a date) first when given, then each target's quantiles in
 * ascending level.
 */
export function formatQuantileRows(
  quantiles: { levels: number[]; values: number[][][] },
  separator: string,
  decimals: number,
  lead: (step: number) => string[] = () => [],
): string {
  const fmt = (x: number) => x.toFixed(Math.min(6, Math.max(decimals, 1)));
  return quantiles.values
    .map((step, h) => `\n${[...lead(h), ...step.flatMap((levels) => levels.map(fmt))].join(separator)}`)
    .join('');
}
