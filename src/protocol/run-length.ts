/**
 * How long a run is, in the words a person expects. A run bounded by `--steps` alone is given a million
 * epochs so the steps decide (`EPOCHS_WHEN_STEPS_DECIDE`, run-configuration.ts): it must then be shown by
 * its steps and by the epochs those steps reach, never as "1 000 000 epochs". Pure: the CLI, the Training
 * panel and the status bar share it.
 */

export interface RunLengthFacts {
  /** The config's epochs (a million when the steps decide). */
  epochs: number;
  stepsPerEpoch: number;
  /** The steps the run will take in all: its steps bound, or epochs × steps per epoch. */
  totalSteps: number;
}

/** Whether the run ends at its steps bound before its epochs are done. */
export function stepsDecide(run: RunLengthFacts): boolean {
  return run.stepsPerEpoch > 0 && run.totalSteps > 0 && run.totalSteps < run.epochs * run.stepsPerEpoch;
}

/** The epochs the run will reach: its epochs, or as many as its steps bound touches (30 of 43 a epoch → 1). */
export function epochsToRun(run: RunLengthFacts): number {
  return stepsDecide(run) ? Math.max(1, Math.ceil(run.totalSteps / run.stepsPerEpoch)) : run.epochs;
}
