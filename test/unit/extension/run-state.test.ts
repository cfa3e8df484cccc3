/**
 * The host's view of a run: one mapping from a manifest for live and loaded runs, updates applied only
 * past the last step, metrics.csv's history merged in before the live steps.
 */

import { describe, expect, it } from 'vitest';
import { RunState, pendingMeta, runMetaOf } from '../../../src/extension/run-state';
import type { RunManifest } from '../../../src/protocol/run-manifest';
import type { RunStartedEvent, StepRecord } from '../../../src/protocol/training-events';
import type { StepSeries } from '../../../src/protocol/training-panel';
import { manifest } from './fixtures';

const record = (step: number): StepRecord => ({
  step,
  epoch: 0,
  time: step / 10,
  loss: 1 / step,
  lr: 0.01,
  gradNorm: 1,
});

function series(records: StepRecord[]): StepSeries {
  return {
    step: records.map((r) => r.step),
    epoch: records.map((r) => r.epoch),
    time: records.map((r) => r.time),
    loss: records.map((r) => r.loss),
    lr: records.map((r) => r.lr),
    gradNorm: records.map((r) => r.gradNorm),
  };
}

function started(overrides: Partial<RunStartedEvent> = {}): RunStartedEvent {
  return {
    ...manifest({ status: 'running', step: 0, epoch: 0, best: null, final: null }),
    type: 'run-started',
    runDir: '/runs/r',
    stepsPerEpoch: 14,
    resumed: false,
    ...overrides,
  };
}

describe('runMetaOf', () => {
  it('maps a manifest to the meta with the task’s name and headline metric as data', () => {
    const meta = runMetaOf(manifest(), { runDir: '/runs/r', live: false, hasBestCheckpoint: true });
    expect(meta).toMatchObject({
      id: '20261206-101500-reviews',
      runDir: '/runs/r',
      datasetName: 'reviews.csv',
      task: 'classification',
      taskName: 'Classification',
      status: 'finished',
      step: 42,
      totalSteps: 42,
      stepsPerEpoch: 14,
      preset: 'small',
      best: { step: 28 },
      hasBestCheckpoint: true,
      metric: { key: 'accuracy', format: 'percent', higherIsBetter: true },
    });
  });

  it('a loaded run that says running or paused was interrupted: it shows as stopped; a live one keeps its status', () => {
    expect(runMetaOf(manifest({ status: 'running' }), { runDir: '', live: false }).status).toBe('stopped');
    expect(runMetaOf(manifest({ status: 'paused' }), { runDir: '', live: false }).status).toBe('stopped');
    expect(runMetaOf(manifest({ status: 'running' }), { runDir: '', live: true }).status).toBe('running');
  });

  it('a run of a task this build does not know shows its id and the validation loss', () => {
    const meta = runMetaOf(
      manifest({ config: { ...manifest().config, task: 'reverse-text' } as unknown as RunManifest['config'] }),
      { runDir: '', live: false },
    );
    expect(meta).toMatchObject({
      task: 'reverse-text',
      taskName: 'reverse-text',
      metric: { key: 'loss', format: 'decimal' },
    });
  });

  it('a manifest without stepsPerEpoch (older runs) estimates it from the total', () => {
    expect(
      runMetaOf(manifest({ stepsPerEpoch: undefined, totalSteps: 30 }), { runDir: '', live: false }).stepsPerEpoch,
    ).toBe(10);
  });
});

describe('RunState', () => {
  it('run-started replaces the pending meta by the manifest’s, through the same mapping as a loaded run', () => {
    const state = new RunState(pendingMeta('pending-1', 'reviews.csv', 'classification'));
    state.apply(started());
    expect(state.meta).toEqual(runMetaOf(started(), { runDir: '/runs/r', live: true }));
    expect(state.needsHistory).toBe(false);
  });

  it('applies steps only past the last one applied (a repeated progress event changes nothing)', () => {
    const state = new RunState(pendingMeta('p', 'reviews.csv', 'classification'));
    state.apply(started());
    const progress = (steps: StepRecord[]) => ({
      type: 'progress' as const,
      step: steps[steps.length - 1].step,
      epoch: 0,
      epochProgress: 0,
      totalSteps: 42,
      samplesPerSecond: 1,
      elapsedSeconds: 1,
      remainingSeconds: null,
      steps,
    });
    expect(state.apply(progress([record(1), record(2)]))!.step).toEqual([1, 2]);
    expect(state.apply(progress([record(2), record(3)]))!.step).toEqual([3]);
    expect(state.apply(progress([record(1), record(2), record(3)]))!.step).toEqual([]);
    expect(state.steps.step).toEqual([1, 2, 3]);
    const evaluation = {
      type: 'evaluation' as const,
      record: { step: 3, epoch: 0, time: 1, metrics: { loss: 0.5 } },
      isBest: true,
    };
    state.apply(evaluation);
    state.apply(evaluation);
    expect(state.evaluations).toHaveLength(1);
  });

  it('keeps the final scores of the run summary — a forecaster’s baselines and backtest — and run.json’s of a loaded run', () => {
    const state = new RunState(pendingMeta('p', 'stores.csv', 'forecasting'));
    state.apply(started());
    expect(state.meta.final).toBeUndefined();
    const origin = {
      origin: 700,
      label: 'row 701',
      metrics: { loss: 0.2, mae: 2, mase: 0.8 },
      baselines: { naive: { loss: 0, mae: 3, mase: 1.2 } },
    };
    state.apply({
      type: 'run-finished',
      summary: {
        runDir: '/runs/r',
        status: 'finished',
        steps: 42,
        epochs: 3,
        seconds: 4,
        final: { loss: 0.2, mae: 2, mase: 0.8 },
        baselines: { naive: { loss: 0, mae: 3, mase: 1.2 } },
        backtest: [origin],
        best: null,
      },
    });
    expect(state.meta.final).toEqual({
      metrics: { loss: 0.2, mae: 2, mase: 0.8 },
      baselines: { naive: { loss: 0, mae: 3, mase: 1.2 } },
      backtest: [origin],
    });
    expect(RunState.fromManifest(manifest(), '/runs/r', true).meta.final).toEqual({
      metrics: { loss: 0.31, accuracy: 0.89 },
    });
    // A live run's manifest (a resumed one) may hold the previous session's: not this session's scores.
    expect(runMetaOf(manifest(), { runDir: '/runs/r', live: true }).final).toBeUndefined();
  });

  it('a loaded run needs its history; merging it fills the steps and evaluations', () => {
    const state = RunState.fromManifest(manifest(), '/runs/r', true);
    expect(state.steps.step).toEqual([]);
    expect(state.needsHistory).toBe(true);
    state.mergeHistory({
      steps: series([record(1), record(2)]),
      evaluations: [{ step: 2, epoch: 0, time: 1, metrics: { loss: 1 } }],
    });
    expect(state.needsHistory).toBe(false);
    expect(state.steps.step).toEqual([1, 2]);
    expect(state.evaluations.map((e) => e.step)).toEqual([2]);
  });

  it('a resumed run puts metrics.csv’s steps up to its starting step before the live ones', () => {
    const state = new RunState(pendingMeta('p', 'reviews.csv', 'classification'));
    state.apply(started({ step: 2, resumed: true }));
    expect(state.needsHistory).toBe(true);
    state.appendSteps([record(3), record(4)]);
    // The file was read after the worker had appended step 3: that row is not taken twice.
    state.mergeHistory({
      steps: series([record(1), record(2), record(3)]),
      evaluations: [
        { step: 2, epoch: 0, time: 1, metrics: { loss: 1 } },
        { step: 3, epoch: 0, time: 1, metrics: { loss: 1 } },
      ],
    });
    expect(state.steps.step).toEqual([1, 2, 3, 4]);
    expect(state.steps.loss).toEqual([1, 1 / 2, 1 / 3, 1 / 4]);
    expect(state.evaluations.map((e) => e.step)).toEqual([2]);
  });
});
