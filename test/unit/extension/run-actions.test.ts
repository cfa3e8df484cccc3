/**
 * What the run quick pick offers for each kind of run, which runs each palette command lists, and the one
 * notification at a run's end.
 */

import { describe, expect, it } from 'vitest';
import { actionApplies, runActionsFor, runsToList, type ListedRun } from '../../../src/extension/run-actions';
import { headlineOf, runEndNotice } from '../../../src/extension/run-end-notice';

const run = (facts: Partial<ListedRun> = {}): ListedRun => ({
  id: '20261206-101500-reviews',
  status: 'finished',
  active: false,
  hasFolder: true,
  hasBestCheckpoint: true,
  hasLastCheckpoint: true,
  ...facts,
});
const trusted = { trusted: true };
const restricted = { trusted: false };

describe('runActionsFor', () => {
  it('offers a finished run everything but live control and resuming', () => {
    expect(runActionsFor(run(), trusted)).toEqual([
      'open-panel',
      'predict',
      'inspect-gates',
      'evaluate',
      'open-best',
      'compare',
      'export',
      'reveal',
      'delete',
    ]);
  });

  it('offers a running run pause and stop, and no delete', () => {
    const actions = runActionsFor(run({ status: 'running', active: true, hasBestCheckpoint: false }), trusted);
    expect(actions).toEqual(['open-panel', 'pause', 'stop', 'compare', 'reveal']);
  });

  it('offers a paused run resume (the paused one) and stop', () => {
    const actions = runActionsFor(run({ status: 'paused', active: true }), trusted);
    expect(actions.slice(0, 3)).toEqual(['open-panel', 'resume-paused', 'stop']);
    expect(actions).not.toContain('resume-from-last');
    expect(actions).not.toContain('delete');
  });

  it('resumes a stopped run from its last checkpoint, only in a trusted workspace', () => {
    expect(actionApplies('resume-from-last', run({ status: 'stopped' }), trusted)).toBe(true);
    expect(actionApplies('resume-from-last', run({ status: 'stopped' }), restricted)).toBe(false);
    expect(actionApplies('resume-from-last', run({ status: 'stopped', hasLastCheckpoint: false }), trusted)).toBe(
      false,
    );
    expect(actionApplies('resume-from-last', run({ status: 'finished' }), trusted)).toBe(false);
  });

  it('offers a run without checkpoints no model actions', () => {
    const actions = runActionsFor(
      run({ status: 'failed', hasBestCheckpoint: false, hasLastCheckpoint: false }),
      trusted,
    );
    expect(actions).toEqual(['open-panel', 'compare', 'reveal', 'delete']);
  });

  it('offers a run still starting (no folder yet) only its panel and stop', () => {
    const starting = run({
      status: 'running',
      active: true,
      hasFolder: false,
      hasBestCheckpoint: false,
      hasLastCheckpoint: false,
    });
    expect(runActionsFor(starting, trusted)).toEqual(['open-panel', 'pause', 'stop']);
  });
});

describe('runsToList', () => {
  const runs = [
    run({ id: '20261201-090000-a' }),
    run({ id: '20261203-090000-c', status: 'stopped' }),
    run({ id: '20261202-090000-b', status: 'running', active: true }),
  ];

  it('lists training runs first, then newest first', () => {
    expect(runsToList(runs, trusted).map((r) => r.id)).toEqual([
      '20261202-090000-b',
      '20261203-090000-c',
      '20261201-090000-a',
    ]);
  });

  it('lists the finished runs for Open Run… and only the runs an action applies to otherwise', () => {
    expect(runsToList(runs, trusted, 'open-panel')).toHaveLength(3);
    expect(runsToList(runs, trusted, 'stop').map((r) => r.id)).toEqual(['20261202-090000-b']);
    expect(runsToList(runs, trusted, 'resume-from-last').map((r) => r.id)).toEqual(['20261203-090000-c']);
    expect(runsToList(runs, restricted, 'resume-from-last')).toEqual([]);
    expect(runsToList(runs, trusted, 'delete').map((r) => r.id)).toEqual(['20261203-090000-c', '20261201-090000-a']);
  });
});

describe('runEndNotice', () => {
  it('tells of a finished run with Open Panel and Predict…', () => {
    expect(runEndNotice({ status: 'finished', hasBestCheckpoint: true, hasLastCheckpoint: true })).toEqual({
      severity: 'information',
      kind: 'finished',
      buttons: ['open-panel', 'predict'],
    });
  });

  it('offers Predict… on the last checkpoint when no validation made a best one', () => {
    expect(runEndNotice({ status: 'finished', hasBestCheckpoint: false, hasLastCheckpoint: true })?.buttons).toEqual([
      'open-panel',
      'predict',
    ]);
    expect(runEndNotice({ status: 'finished', hasBestCheckpoint: false, hasLastCheckpoint: false })?.buttons).toEqual([
      'open-panel',
    ]);
  });

  it('tells of a failed run as an error with Open Panel', () => {
    expect(runEndNotice({ status: 'failed', hasBestCheckpoint: true, hasLastCheckpoint: true })).toEqual({
      severity: 'error',
      kind: 'failed',
      buttons: ['open-panel'],
    });
  });

  it('says nothing of a run the user stopped, nor of one still training', () => {
    for (const status of ['stopped', 'running', 'paused'] as const)
      expect(runEndNotice({ status, hasBestCheckpoint: true, hasLastCheckpoint: true })).toBeUndefined();
  });
});

describe('headlineOf', () => {
  const accuracy = { key: 'accuracy', label: 'accuracy', format: 'percent' as const };
  const mae = { key: 'mae', label: 'MAE', format: 'decimal' as const };

  it('gives the best evaluation of the headline metric in the locale given', () => {
    expect(headlineOf({ metric: accuracy, best: { metrics: { accuracy: 0.9134 } } }, 'en')).toBe('91.3% accuracy');
    expect(headlineOf({ metric: mae, best: { metrics: { mae: 0.123456 } } }, 'de')).toBe('MAE 0,1235');
  });

  it('falls back to the final scores, and says nothing without a score', () => {
    expect(headlineOf({ metric: mae, best: null, final: { metrics: { mae: 2 } } }, 'en')).toBe('MAE 2');
    expect(headlineOf({ metric: mae, best: null }, 'en')).toBeUndefined();
    expect(headlineOf({ metric: mae, best: { metrics: { mae: Number.NaN } } }, 'en')).toBeUndefined();
  });
});
