/** StepRuns: a position in a chunk's text node → the generated step, including two-unit characters. */

import { describe, expect, it } from 'vitest';
import { StepRuns } from '../../../webview/prediction/step-runs';

describe('StepRuns', () => {
  const first = {};
  const second = {};
  const runs = new StepRuns<object>();
  runs.add(first, 0, ['a', 'b', '\n']);
  runs.add(second, 3, ['x', '😀', 'y']);

  it('maps every UTF-16 offset of a node to the step whose character covers it', () => {
    expect([0, 1, 2].map((o) => runs.stepAt(first, o))).toEqual([0, 1, 2]);
    // '😀' is two units: offsets 1 and 2 are both step 4.
    expect([0, 1, 2, 3].map((o) => runs.stepAt(second, o))).toEqual([3, 4, 4, 5]);
  });

  it('answers undefined outside a node and for a node it never saw', () => {
    expect(runs.stepAt(first, 3)).toBeUndefined();
    expect(runs.stepAt(first, -1)).toBeUndefined();
    expect(runs.stepAt({}, 0)).toBeUndefined();
  });

  it('gives the unit range of a step in its node', () => {
    expect(runs.unitsOf(second, 4)).toEqual([1, 3]);
    expect(runs.unitsOf(second, 5)).toEqual([3, 4]);
    expect(runs.unitsOf(first, 4)).toBeUndefined();
  });

  it('forgets everything on clear', () => {
    const fresh = new StepRuns<object>();
    fresh.add(first, 0, ['a']);
    fresh.clear();
    expect(fresh.stepAt(first, 0)).toBeUndefined();
  });
});
