/**
 * Divergence detection: a step whose loss or gradient norm is not finite ends the run. The step never
 * reached the optimizer, so the weights are still the last good ones; the reason says what to try.
 */

/** Why the run must stop at `step` (1-based, the step that diverged), or null when the step is sound. */
export function divergenceReason(loss: number, gradNorm: number, step: number, lr: number): string | null {
  if (Number.isFinite(loss) && Number.isFinite(gradNorm)) return null;
  const what = !Number.isFinite(loss) ? `the loss became ${loss}` : `the gradient norm became ${gradNorm}`;
  return `training diverged at step ${step}: ${what}. The last good weights are kept in last.safetensors; try a lower learning rate (now ${lr}) or gradient clipping.`;
}
