/**
 * The one notification a run gets, when it ends: finished (with *Open Panel* and, when it left a
 * checkpoint, *Predict…*) or failed (an error, with *Open Panel*). A run the user stopped gets none: they
 * know, and the status bar and the panel say so. While a run trains, nothing stays up: the status bar item
 * and the Training panel report. Pure (no `vscode`): run-end-notification.ts shows it.
 */

import type { RunStatus } from '../protocol/run-records';

export type RunEndButton = 'open-panel' | 'predict';

export interface RunEndNotice {
  severity: 'information' | 'error';
  kind: 'finished' | 'failed';
  buttons: RunEndButton[];
}

export interface RunEndFacts {
  status: RunStatus;
  hasBestCheckpoint: boolean;
  hasLastCheckpoint: boolean;
}

export function runEndNotice(run: RunEndFacts): RunEndNotice | undefined {
  if (run.status === 'failed') return { severity: 'error', kind: 'failed', buttons: ['open-panel'] };
  if (run.status !== 'finished') return undefined;
  const canPredict = run.hasBestCheckpoint || run.hasLastCheckpoint;
  return {
    severity: 'information',
    kind: 'finished',
    buttons: canPredict ? ['open-panel', 'predict'] : ['open-panel'],
  };
}
