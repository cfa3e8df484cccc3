/**
 * Which actions a run offers in the *Run Actions…* quick pick and the status bar's, and which runs each
 * palette command lists: one rule per action, from the run's status and files, so the palette, the
 * status bar and the Runs view's menus agree. Pure (no `vscode`): run-quick-pick.ts adds the words.
 */

import type { RunStatus } from '../protocol/run-records';

export type RunAction =
  | 'open-panel'
  | 'pause'
  | 'resume-paused'
  | 'stop'
  | 'resume-from-last'
  | 'predict'
  | 'inspect-gates'
  | 'evaluate'
  | 'open-best'
  | 'compare'
  | 'export'
  | 'reveal'
  | 'delete';

/** What the rules read of a run (see `WorkspaceRun` in workspace-runs.ts). */
export interface RunActionFacts {
  status: RunStatus;
  /** A worker trains it in this window now (running or paused). */
  active: boolean;
  /** The run has its folder (a run still starting has none yet). */
  hasFolder: boolean;
  hasBestCheckpoint: boolean;
  hasLastCheckpoint: boolean;
}

/** Whether training may start (trusted workspace). */
export interface RunActionEnvironment {
  trusted: boolean;
}

/** Whether `action` applies to the run. */
export function actionApplies(action: RunAction, run: RunActionFacts, env: RunActionEnvironment): boolean {
  const hasCheckpoint = run.hasBestCheckpoint || run.hasLastCheckpoint;
  switch (action) {
    case 'open-panel':
      return true;
    case 'pause':
      return run.active && run.status === 'running';
    case 'resume-paused':
      return run.active && run.status === 'paused';
    case 'stop':
      return run.active;
    case 'resume-from-last':
      // A finished run has trained all its epochs; a stopped or failed one continues from last.safetensors.
      return env.trusted && !run.active && run.hasLastCheckpoint && run.status !== 'finished';
    case 'predict':
    case 'inspect-gates':
    case 'evaluate':
    case 'export':
      return run.hasBestCheckpoint || (hasCheckpoint && !run.active);
    case 'open-best':
      return run.hasBestCheckpoint;
    case 'compare':
      return run.hasFolder;
    case 'reveal':
      return run.hasFolder;
    case 'delete':
      return run.hasFolder && !run.active;
    default:
      return false;
  }
}

/** The order actions are offered in: live control first, then looking, then files. */
export const RUN_ACTION_ORDER: readonly RunAction[] = [
  'open-panel',
  'pause',
  'resume-paused',
  'stop',
  'resume-from-last',
  'predict',
  'inspect-gates',
  'evaluate',
  'open-best',
  'compare',
  'export',
  'reveal',
  'delete',
];

/** The actions a run offers, in `RUN_ACTION_ORDER`. */
export function runActionsFor(run: RunActionFacts, env: RunActionEnvironment): RunAction[] {
  return RUN_ACTION_ORDER.filter((action) => actionApplies(action, run, env));
}

/** A run as the quick pick lists it. */
export interface ListedRun extends RunActionFacts {
  id: string;
}

/**
 * The runs a command lists (those `action` applies to; all without one): runs training now first, then
 * the others newest first (run ids start with their date and time).
 */
export function runsToList<T extends ListedRun>(
  runs: readonly T[],
  env: RunActionEnvironment,
  action?: RunAction,
): T[] {
  return runs
    .filter((run) => action === undefined || actionApplies(action, run, env))
    .sort((a, b) => Number(b.active) - Number(a.active) || b.id.localeCompare(a.id));
}
