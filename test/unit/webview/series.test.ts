import { describe, expect, it } from 'vitest';
import type { RunView } from '../../../webview/training/run-store';
import { evaluationPoints, stepPoints, xExtent } from '../../../webview/training/series';
import { meta, steps } from './fixtures';

function run(stepCount: number): RunView {
  return {
    meta: meta('a', { stepsPerEpoch: 100 }),
    steps: steps(1, stepCount),
    evaluations: [{ step: 150, epoch: 1, time: 7.5, metrics: { loss: 2, bitsPerChar: 2.9 } }],
  };
}

describe('series for the charts', () => {
  it('puts steps at step, fractional epoch (step / stepsPerEpoch) or wall time', () => {
    const r = run(300);
    expect(stepPoints(r, r.steps.loss, 'step', 10_000)[149].x).toBe(150);
    expect(stepPoints(r, r.steps.loss, 'epoch', 10_000)[149].x).toBeCloseTo(1.5);
    expect(stepPoints(r, r.steps.loss, 'time', 10_000)[149].x).toBeCloseTo(7.5);
    expect(evaluationPoints(r, 'loss', 'epoch')).toEqual([{ x: 1.5, y: 2 }]);
    expect(evaluationPoints(r, 'bitsPerChar', 'step')).toEqual([{ x: 150, y: 2.9 }]);
    expect(evaluationPoints(r, 'accuracy', 'step')).toEqual([]);
  });

  it('thins long series for drawing only', () => {
    const r = run(50_000);
    const points = stepPoints(r, r.steps.loss, 'step', 500);
    expect(points.length).toBeLessThanOrEqual(2000);
    expect(r.steps.loss).toHaveLength(50_000);
    expect(points[points.length - 1].x).toBe(50_000);
  });

  it('turns values a log axis cannot show into gaps', () => {
    const r = run(3);
    r.steps.loss[1] = 0;
    expect(stepPoints(r, r.steps.loss, 'step', 100, true)[1].y).toBeNaN();
    expect(stepPoints(r, r.steps.loss, 'step', 100, false)[1].y).toBe(0);
  });

  it('finds the largest x over all runs, so every chart spans the same range', () => {
    expect(xExtent([run(120), run(90)], 'step')).toBe(150);
    expect(xExtent([run(300)], 'epoch')).toBe(3);
    expect(xExtent([], 'step')).toBeNull();
  });
});
