/**
 * LSTMVis-style selection: a set of units of one layer and a threshold; the steps where every selected
 * unit's signal is at or above the threshold are highlighted in the token strip. Pure.
 */

/** 1 at each step where all `units` of the `[T, H]` array are ≥ `threshold`; all 0 for an empty set. */
export function matchingSteps(
  values: ArrayLike<number>,
  steps: number,
  units: number,
  selected: readonly number[],
  threshold: number,
): Uint8Array {
  const mask = new Uint8Array(steps);
  const valid = selected.filter((j) => Number.isInteger(j) && j >= 0 && j < units);
  if (valid.length === 0) return mask;
  for (let t = 0; t < steps; t++) {
    let all = 1;
    for (const j of valid) {
      if (!(values[t * units + j] >= threshold)) {
        all = 0;
        break;
      }
    }
    mask[t] = all;
  }
  return mask;
}

/** Contiguous runs of 1 in a mask, as `[first, last]` step pairs (inclusive). */
export function matchRuns(mask: Uint8Array): [number, number][] {
  const runs: [number, number][] = [];
  let start = -1;
  for (let t = 0; t <= mask.length; t++) {
    const on = t < mask.length && mask[t] === 1;
    if (on && start < 0) start = t;
    else if (!on && start >= 0) {
      runs.push([start, t - 1]);
      start = -1;
    }
  }
  return runs;
}

/** Adds a unit to the set, or removes it if it is there; the set stays sorted. */
export function toggleUnit(selected: readonly number[], unit: number): number[] {
  const next = selected.includes(unit) ? selected.filter((j) => j !== unit) : [...selected, unit];
  return next.sort((a, b) => a - b);
}
