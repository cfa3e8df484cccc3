import { describe, expect, it } from 'vitest';
import type { EvaluationRecord } from '../../../src/protocol/training-events';
import type { RunMeta, StepSeries } from '../../../src/protocol/training-panel';
import { emptyStepSeries } from '../../../src/protocol/training-panel';
import { RunStore } from '../../../webview/training/run-store';
import { meta, steps } from './fixtures';

function evaluation(step: number, loss: number): EvaluationRecord {
  return { step, epoch: 0, time: step / 10, metrics: { loss, accuracy: 0.5 } };
}

describe('RunStore (the panel’s copy of the runs)', () => {
  it('takes a snapshot: the own run first, overlays after, candidates kept', () => {
    const store = new RunStore();
    expect(
      store.apply({
        type: 'snapshot',
        runs: [
          { meta: meta('a'), steps: steps(1, 10), evaluations: [] },
          { meta: meta('b'), steps: steps(1, 5), evaluations: [] },
        ],
        overlayCandidates: [{ id: 'b', runDir: '/b', label: 'b', status: 'finished' }],
      }),
    ).toBe('snapshot');
    expect(store.main?.meta.id).toBe('a');
    expect(store.overlays.map((r) => r.meta.id)).toEqual(['b']);
    expect(store.main?.steps.step).toHaveLength(10);
    expect(store.overlayCandidates).toHaveLength(1);
  });

  it('appends steps as they come, keeping every one', () => {
    const store = new RunStore();
    store.apply({
      type: 'snapshot',
      runs: [{ meta: meta('a'), steps: steps(1, 1000), evaluations: [] }],
      overlayCandidates: [],
    });
    for (let from = 1001; from <= 100_000; from += 1000)
      expect(store.apply({ type: 'steps', runId: 'a', steps: steps(from, from + 999) })).toBe('steps');
    const s = store.main!.steps;
    expect(s.step).toHaveLength(100_000);
    for (const field of ['epoch', 'time', 'loss', 'lr', 'gradNorm'] as const) expect(s[field]).toHaveLength(100_000);
    expect(s.step[99_999]).toBe(100_000);
  });

  it('skips steps it already holds (posted just after the snapshot that included them)', () => {
    const store = new RunStore();
    store.apply({
      type: 'snapshot',
      runs: [{ meta: meta('a'), steps: steps(1, 10), evaluations: [] }],
      overlayCandidates: [],
    });
    store.apply({ type: 'steps', runId: 'a', steps: steps(8, 12) });
    expect(store.main!.steps.step).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
    expect(store.apply({ type: 'steps', runId: 'a', steps: steps(5, 12) })).toBe('none');
  });

  it('owns its arrays: typed arrays become growable, later changes to the message do not leak in', () => {
    const store = new RunStore();
    const sent = steps(1, 3);
    const typed = { ...sent, loss: Float32Array.from(sent.loss) } as unknown as StepSeries;
    store.apply({
      type: 'snapshot',
      runs: [{ meta: meta('a'), steps: typed, evaluations: [] }],
      overlayCandidates: [],
    });
    sent.step.push(99);
    store.apply({ type: 'steps', runId: 'a', steps: steps(4, 4) });
    expect(store.main!.steps.step).toEqual([1, 2, 3, 4]);
    expect(Array.isArray(store.main!.steps.loss)).toBe(true);
  });

  it('adds evaluations, and a best one becomes meta.best', () => {
    const store = new RunStore();
    store.apply({
      type: 'snapshot',
      runs: [{ meta: { ...meta('a'), hasBestCheckpoint: false }, steps: emptyStepSeries(), evaluations: [] }],
      overlayCandidates: [],
    });
    expect(store.apply({ type: 'evaluation', runId: 'a', record: evaluation(100, 2), isBest: true })).toBe(
      'evaluation',
    );
    store.apply({ type: 'evaluation', runId: 'a', record: evaluation(200, 3), isBest: false });
    expect(store.main!.evaluations).toHaveLength(2);
    expect(store.main!.meta.best?.step).toBe(100);
    expect(store.main!.meta.hasBestCheckpoint).toBe(true);
    expect(store.apply({ type: 'evaluation', runId: 'a', record: evaluation(200, 3), isBest: false })).toBe('none');
  });

  it('replaces meta of the run it names and ignores runs it does not show', () => {
    const store = new RunStore();
    store.apply({
      type: 'snapshot',
      runs: [{ meta: meta('a'), steps: emptyStepSeries(), evaluations: [] }],
      overlayCandidates: [],
    });
    const paused: RunMeta = { ...meta('a'), status: 'paused' };
    expect(store.apply({ type: 'meta', meta: paused })).toBe('meta');
    expect(store.main!.meta.status).toBe('paused');
    expect(store.apply({ type: 'meta', meta: meta('zzz') })).toBe('none');
    expect(store.apply({ type: 'steps', runId: 'zzz', steps: steps(1, 3) })).toBe('none');
  });

  it('ignores everything before the first snapshot', () => {
    const store = new RunStore();
    expect(store.apply({ type: 'steps', runId: 'a', steps: steps(1, 3) })).toBe('none');
    expect(store.hasSnapshot).toBe(false);
  });

  it('drops a meta behind the step it has, and applies one at the same step (a status change)', () => {
    const store = new RunStore();
    store.apply({
      type: 'snapshot',
      runs: [{ meta: meta('a', { step: 20 }), steps: steps(1, 20), evaluations: [] }],
      overlayCandidates: [],
    });
    expect(store.apply({ type: 'meta', meta: meta('a', { step: 12 }) })).toBe('none');
    expect(store.main!.meta.step).toBe(20);
    expect(store.apply({ type: 'meta', meta: meta('a', { step: 20, status: 'paused' }) })).toBe('meta');
    expect(store.main!.meta.status).toBe('paused');
  });
});
