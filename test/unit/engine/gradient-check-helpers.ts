/**
 * The finite-difference helpers of the float64 gradient checks (gradient-check.test.ts, module.test.ts);
 * gradient-check.test.ts says why the fourth-order difference and these tolerances.
 */

const STEP = 1e-4;

/** Fourth-order central difference of `loss` with respect to values[k]. */
export function numericDerivative(values: Float64Array, k: number, loss: () => number): number {
  const saved = values[k];
  const at = (delta: number) => {
    values[k] = saved + delta;
    return loss();
  };
  const result = (-at(2 * STEP) + 8 * at(STEP) - 8 * at(-STEP) + at(-2 * STEP)) / (12 * STEP);
  values[k] = saved;
  return result;
}

/**
 * |numeric − analytic| relative to their size. The floor of 1e-5 makes the check absolute (1e-11) for
 * gradients that are themselves ~0: there the difference quotient is pure rounding noise (~1e-13).
 */
export function relativeError(numeric: number, analytic: number): number {
  return Math.abs(numeric - analytic) / Math.max(1e-5, Math.abs(numeric) + Math.abs(analytic));
}
