/**
 * A run's row of the Runs table comes from its run.json alone (settings, columns, sweep, metrics), takes
 * a training run's live progress when there is one, and the overlay chart's curves are thinned.
 */

import { describe, expect, it } from 'vitest';
import { runCurves, runsTableMetrics, runsTableRow, uniqueIds } from '../../../src/extension/runs-table-rows';
import { runMetaOf } from '../../../src/extension/run-state';
import { manifest } from './fixtures';

describe('runsTableRow', () => {
  const m = manifest({
    config: { ...manifest().config, hiddenSize: 64, lr: 0.003, optimizer: 'adam', bidirectional: false },
    dataset: {
      ...manifest().dataset,
      summary: { ...manifest().dataset.summary, columns: { text: 'body_html', label: 'verdict' } },
    },
    sweep: { id: 'sweep-20261206-101500-ab12', name: 'lr', index: 1, count: 4, swept: { lr: 0.003 } },
  });

  it('holds the settings, the columns read, the sweep and the metrics of run.json', () => {
    const r = runsTableRow(m, '/runs/r');
    expect(r).toMatchObject({
      id: '20261206-101500-reviews',
      datasetName: 'reviews.csv',
      taskName: 'Classification',
      status: 'finished',
      active: false,
      started: '2026-12-06T10:15:00.000Z',
      step: 42,
      sweep: { id: 'sweep-20261206-101500-ab12', name: 'lr', index: 1, count: 4 },
      final: { loss: 0.31, accuracy: 0.89 },
      best: { loss: 0.3, accuracy: 0.9 },
      headline: 'accuracy',
    });
    expect(r.settings).toMatchObject({
      hiddenSize: 64,
      lr: 0.003,
      optimizer: 'adam',
      bidirectional: false,
      batchSize: 16,
      textColumn: 'body_html',
      labelColumn: 'verdict',
    });
    expect(JSON.stringify(r)).not.toContain('/data/reviews.csv'); // no path reaches the webview
  });

  it('takes a training run’s live progress over the file’s', () => {
    const live = { ...runMetaOf(m, { runDir: '/runs/r', live: true }), status: 'running' as const, step: 50 };
    expect(runsTableRow({ ...m, status: 'running' }, '/runs/r', live)).toMatchObject({
      status: 'running',
      active: true,
      step: 50,
    });
    // The same run.json without a worker: interrupted, shown as stopped.
    expect(runsTableRow({ ...m, status: 'running' }, '/runs/r').status).toBe('stopped');
  });

  it('names every metric once, the validation loss first', () => {
    const keys = runsTableMetrics().map((x) => x.key);
    expect(keys[0]).toBe('loss');
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toEqual(expect.arrayContaining(['accuracy', 'bitsPerChar', 'mae']));
  });

  it('gives a repeated run id a suffix so each row has its own', () => {
    expect(uniqueIds([{ id: 'a' }, { id: 'b' }, { id: 'a' }]).map((r) => r.id)).toEqual(['a', 'b', 'a (2)']);
  });
});

describe('runCurves', () => {
  it('thins the training loss, keeps the last step and every evaluation', () => {
    const n = 10_001;
    const step = Array.from({ length: n }, (_, k) => k + 1);
    const history = {
      steps: { step, epoch: step.map(() => 0), time: step, loss: step.map((s) => 1 / s), lr: step, gradNorm: step },
      evaluations: [{ step: 5000, epoch: 0, time: 1, metrics: { loss: 0.5, accuracy: 0.8, broken: Number.NaN } }],
    };
    const curves = runCurves('r', history, 1000);
    expect(curves.steps.length).toBeLessThanOrEqual(1001);
    expect(curves.steps[0]).toBe(1);
    expect(curves.steps[curves.steps.length - 1]).toBe(n);
    expect(curves.loss[curves.loss.length - 1]).toBe(1 / n);
    expect(curves.evaluations).toEqual([{ step: 5000, metrics: { loss: 0.5, accuracy: 0.8 } }]);
  });
});
