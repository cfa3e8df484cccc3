/**
 * The forecaster's output layout for one window: `[horizon, targets, P]` values in normalised units.
 * P is 1 for a point forecast; the distribution heads (`gaussian-nll`: 2, `quantile`: Q) come from
 * src/tasks/forecasting/distribution.ts (`distributionOf(options).paramsPerValue`), which replaces this
 * constant when merged. Until then the series-input path reads P here, in one place.
 */

export const POINT_PARAMS_PER_VALUE = 1;

/** Index of value (step h, target k, parameter p) in one window's outputs. */
export function outputIndex(h: number, k: number, targets: number, p = 0, params = POINT_PARAMS_PER_VALUE): number {
  return (h * targets + k) * params + p;
}
