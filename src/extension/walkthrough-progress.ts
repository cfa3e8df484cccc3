/**
 * The walkthrough's progress as context keys (`lstmStudio.walkthrough.<event>`): each step of
 * `contributes.walkthroughs` completes on `onContext:` of its key, set here from the code path where the
 * thing really happened — samples copied, a run started or ended, a checkpoint or the Gates panel opened,
 * a prediction shown. VS Code remembers a completed step, so a key only ever goes from false to true.
 */

import * as vscode from 'vscode';

/** The events the walkthrough's steps wait for. */
export const WALKTHROUGH_EVENTS = [
  'hasSampleData',
  'runStarted',
  'runEnded',
  'checkpointOpened',
  'gatesShown',
  'predictionShown',
] as const;
export type WalkthroughEvent = (typeof WALKTHROUGH_EVENTS)[number];

const reached = new Set<WalkthroughEvent>();

/** The context key a step's `completionEvents` names (`onContext:lstmStudio.walkthrough.runEnded`). */
export function walkthroughContextKey(event: WalkthroughEvent): string {
  return `lstmStudio.walkthrough.${event}`;
}

/**
 * Records that `event` happened in this window (once; later calls do nothing). Callers about to reload the
 * window await it, so the step is checked off before the reload.
 */
export async function markWalkthroughEvent(event: WalkthroughEvent): Promise<void> {
  if (reached.has(event)) return;
  reached.add(event);
  await vscode.commands.executeCommand('setContext', walkthroughContextKey(event), true);
}
