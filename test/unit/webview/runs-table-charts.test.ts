/**
 * The Runs table's charts as data: the overlay offers the metrics every selected run has (runs of
 * different tasks line up by metric name), and the parallel-coordinates plot places runs on linear,
 * log and category axes with the metric last.
 */

import { describe, expect, it } from 'vitest';
import type { RunCurves } from '../../../src/protocol/runs-table';
import { tableColumns } from '../../../src/protocol/runs-table-model';
import { overlayMetrics, overlayPoints, TRAINING_LOSS } from '../../../webview/runs-table/overlay-series';
import { parallelPlot } from '../../../webview/runs-table/parallel-axes';
import { columnVisible, readViewState, DEFAULT_VIEW_STATE } from '../../../webview/runs-table/view-state';
import { row, snapshot } from '../protocol/runs-table-fixtures';

const classifier: RunCurves = {
  runId: 'a',
  steps: [1, 2, 3],
  loss: [0.9, 0.7, 0.6],
  evaluations: [{ step: 3, metrics: { loss: 0.5, accuracy: 0.8 } }],
};
const languageModel: RunCurves = {
  runId: 'b',
  steps: [1, 2],
  loss: [3, 2],
  evaluations: [{ step: 2, metrics: { loss: 1.5, bitsPerChar: 2.2 } }],
};

describe('overlay series', () => {
  it('offers the training loss and the validation metrics all selected runs share', () => {
    expect(overlayMetrics([classifier])).toEqual([TRAINING_LOSS, 'val:loss', 'val:accuracy']);
    expect(overlayMetrics([classifier, languageModel])).toEqual([TRAINING_LOSS, 'val:loss']);
    expect(overlayMetrics([])).toEqual([TRAINING_LOSS]);
  });

  it('gives each run its points by step', () => {
    expect(overlayPoints(languageModel, TRAINING_LOSS)).toEqual([
      { x: 1, y: 3 },
      { x: 2, y: 2 },
    ]);
    expect(overlayPoints(classifier, 'val:accuracy')).toEqual([{ x: 3, y: 0.8 }]);
    expect(overlayPoints(languageModel, 'val:accuracy')).toEqual([]);
  });
});

describe('parallel coordinates', () => {
  const runs = [
    row({ id: 'r1', settings: { hiddenSize: 32, lr: 0.1, optimizer: 'adam', dropout: 0.1 }, best: { accuracy: 0.7 } }),
    row({ id: 'r2', settings: { hiddenSize: 64, lr: 0.001, optimizer: 'sgd', dropout: 0.1 }, best: { accuracy: 0.9 } }),
    // Its dropout differs, but it is not drawn (no accuracy): the two drawn runs share theirs, so no flat axis.
    row({ id: 'r3', settings: { hiddenSize: 48, lr: 0.01, optimizer: 'adam', dropout: 0.3 }, best: {} }),
  ];
  const metric = snapshot(runs).metrics.find((m) => m.key === 'accuracy')!;
  const settingColumns = tableColumns(runs, snapshot(runs)).filter((c) => c.kind === 'setting');
  const plot = parallelPlot(runs, settingColumns, metric);

  it('has an axis per setting the drawn runs differ in and the metric last; runs without the metric are counted, not drawn', () => {
    expect(settingColumns.map((c) => c.key)).toContain('setting:dropout');
    expect(plot.axes.map((a) => [a.key, a.scale])).toEqual([
      ['setting:hiddenSize', 'linear'],
      ['setting:optimizer', 'categories'],
      ['setting:lr', 'log'],
      ['best:accuracy', 'linear'],
    ]);
    expect(plot.lines.map((l) => l.run.id)).toEqual(['r1', 'r2']);
    expect(plot.missing).toBe(1);
  });

  it('places each run between 0 and 1 on each axis and colours it by how good it is', () => {
    const [r1, r2] = plot.lines;
    expect(r1.positions).toEqual([0, 0, 1, 0]);
    expect(r2.positions).toEqual([1, 1, 0, 1]);
    expect([r1.metric, r2.metric]).toEqual([0, 1]);
  });
});

describe('view state', () => {
  it('reads back what it wrote and survives anything else', () => {
    const state = {
      ...DEFAULT_VIEW_STATE,
      filter: 'lr<0.1',
      hidden: ['sweep'],
      shown: ['final:loss'],
      selected: ['r1'],
    };
    expect(readViewState(JSON.parse(JSON.stringify(state)))).toEqual(state);
    expect(readViewState(null)).toEqual(DEFAULT_VIEW_STATE);
    expect(readViewState({ sort: { key: 3 }, hidden: 'x', selected: [1, 'ok'] })).toMatchObject({
      sort: DEFAULT_VIEW_STATE.sort,
      hidden: [],
      selected: ['ok'],
    });
  });
});

describe('column visibility', () => {
  it('hides final metrics until shown, and any column the user hides', () => {
    const state = { hidden: ['setting:lr'], shown: ['final:accuracy'] };
    expect(columnVisible(DEFAULT_VIEW_STATE, 'best:accuracy')).toBe(true);
    expect(columnVisible(DEFAULT_VIEW_STATE, 'final:accuracy')).toBe(false);
    expect(columnVisible(state, 'final:accuracy')).toBe(true);
    expect(columnVisible(state, 'final:loss')).toBe(false);
    expect(columnVisible(state, 'setting:lr')).toBe(false);
  });
});
