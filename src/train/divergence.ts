/**
 * Divergence detection, two ways.
 *
 * - A step whose loss or gradient norm is not finite ends the run at once. The step never reached the
 *   optimizer, so the weights are still the last good ones; the reason says what to try.
 * - A finite explosion: weights that grew huge still give finite losses (2e5–5e12 with a learning rate
 *   of 1e6), and such a run used to "finish". An evaluation is *exploded* when its loss is not finite
 *   or more than `EXPLOSION_FACTOR` × the run's starting loss (the first step's training loss, from the
 *   untrained model: about ln(classes) or ln(vocabulary), or ~1 for normalised series). Exploded
 *   evaluations are never the best and their weights are not saved as last; `EXPLODED_EVALUATIONS_TO_FAIL`
 *   of them in a row, or a run that ends on one, fails the run. See docs/engine.md, "Divergence".
 */

/** How far above its starting loss an evaluation's loss may go before it counts as exploded. */
export const EXPLOSION_FACTOR = 10;
/** Exploded evaluations in a row that end the run. */
export const EXPLODED_EVALUATIONS_TO_FAIL = 3;

/** The part of the trainer's position (saved in last.safetensors) that tracks explosions. */
export interface ExplosionState {
  /** The first step's training loss (the untrained model's); absent in checkpoints of older versions. */
  startLoss?: number;
  /** Exploded evaluations in a row, up to now. */
  explodedEvaluations?: number;
}

/** Why the run must stop at `step` (1-based, the step that diverged), or null when the step is sound. */
export function divergenceReason(loss: number, gradNorm: number, step: number, lr: number): string | null {
  if (Number.isFinite(loss) && Number.isFinite(gradNorm)) return null;
  const what = !Number.isFinite(loss) ? `the loss became ${loss}` : `the gradient norm became ${gradNorm}`;
  return `training diverged at step ${step}: ${what}. The last good weights are kept in last.safetensors; try a lower learning rate (now ${lr}) or gradient clipping.`;
}

/** Remembers the run's starting loss (the first finite step loss of a run that has none yet). */
export function noteStepLoss(state: ExplosionState, loss: number): void {
  if (state.startLoss === undefined && Number.isFinite(loss)) state.startLoss = loss;
}

/** True when `loss` is not finite or more than `EXPLOSION_FACTOR` × the starting loss. */
export function isExplodedLoss(state: ExplosionState, loss: number): boolean {
  if (!Number.isFinite(loss)) return true;
  if (state.startLoss === undefined) return false;
  return loss > EXPLOSION_FACTOR * Math.max(state.startLoss, Number.MIN_VALUE);
}

/** Counts an evaluation's loss; returns whether it exploded (the streak is kept in `state`). */
export function recordExplosion(state: ExplosionState, loss: number): boolean {
  const exploded = isExplodedLoss(state, loss);
  state.explodedEvaluations = exploded ? (state.explodedEvaluations ?? 0) + 1 : 0;
  return exploded;
}

/** True while the latest evaluation exploded: the weights now must not overwrite a good checkpoint. */
export function weightsSuspect(state: ExplosionState): boolean {
  return (state.explodedEvaluations ?? 0) > 0;
}

/**
 * Why the run must stop after an evaluation of `loss` at `step`, or null. `ending` is true when the run
 * is about to end anyway: then one exploded evaluation is enough, as a run must not finish on one.
 */
export function explosionReason(
  state: ExplosionState,
  loss: number,
  step: number,
  lr: number,
  ending: boolean,
): string | null {
  const streak = state.explodedEvaluations ?? 0;
  if (streak === 0 || (!ending && streak < EXPLODED_EVALUATIONS_TO_FAIL)) return null;
  const start = state.startLoss === undefined ? '' : ` (${formatLoss(state.startLoss)})`;
  const times = streak === 1 ? 'at the last evaluation' : `for ${streak} evaluations in a row`;
  return (
    `training diverged by step ${step}: the validation loss was ${formatLoss(loss)}, more than ${EXPLOSION_FACTOR}× ` +
    `the starting loss${start}, ${times}. The exploded weights were not saved; the last good ones are in ` +
    `last.safetensors and best.safetensors if an evaluation before was sound. Try a lower learning rate ` +
    `(now ${lr}) or gradient clipping.`
  );
}

function formatLoss(loss: number): string {
  return Number.isFinite(loss) && Math.abs(loss) < 1e4 ? loss.toFixed(4) : loss.toPrecision(3);
}
