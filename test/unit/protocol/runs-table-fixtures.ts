/** Rows and column lists for the Runs table's tests. */

import type { RunsTableRun, RunsTableSnapshot } from '../../../src/protocol/runs-table';
import { runsTableMetrics, runsTableSettings } from '../../../src/extension/runs-table-rows';

export function row(overrides: Partial<RunsTableRun> = {}): RunsTableRun {
  return {
    id: '20261206-101500-reviews',
    datasetName: 'reviews.csv',
    task: 'classification',
    taskName: 'Classification',
    status: 'finished',
    active: false,
    started: '2026-12-06T10:15:00.000Z',
    elapsedSeconds: 21,
    step: 42,
    totalSteps: 42,
    sweep: null,
    settings: { hiddenSize: 32, lr: 0.01, optimizer: 'adam', bidirectional: false, textColumn: 'body_html' },
    final: { loss: 0.31, accuracy: 0.89 },
    best: { loss: 0.3, accuracy: 0.9 },
    headline: 'accuracy',
    ...overrides,
  };
}

export function snapshot(runs: RunsTableRun[]): RunsTableSnapshot {
  return { runs, metrics: runsTableMetrics(), settings: runsTableSettings() };
}
