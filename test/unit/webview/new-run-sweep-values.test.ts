/** The form's sweep rows: a list or a range typed as text, each value kept to its setting's rule. */

import { describe, expect, it } from 'vitest';
import { settingByKey } from '../../../src/protocol/training-settings';
import { parseSweepValues } from '../../../webview/new-run/sweep-view';

const lr = settingByKey('lr')!;
const hidden = settingByKey('hiddenSize')!;
const optimizer = settingByKey('optimizer')!;

describe('sweep values', () => {
  it('reads a list of values in the setting’s kind', () => {
    expect(parseSweepValues(lr, '1e-3, 3e-3 ,', undefined, false)).toEqual({
      ok: true,
      parameter: { values: [0.001, 0.003] },
    });
    expect(parseSweepValues(optimizer, 'adam,sgd', undefined, false)).toEqual({
      ok: true,
      parameter: { values: ['adam', 'sgd'] },
    });
  });

  it('reads a range with its points and scale', () => {
    expect(parseSweepValues(lr, '1e-4..1e-2', 3, true)).toEqual({
      ok: true,
      parameter: { min: 1e-4, max: 1e-2, scale: 'log', count: 3 },
    });
    expect(parseSweepValues(hidden, '16 .. 64', undefined, false)).toEqual({
      ok: true,
      parameter: { min: 16, max: 64, scale: 'linear' },
    });
  });

  it('gives the rule broken, as the field itself would', () => {
    expect(parseSweepValues(hidden, '16, 0', undefined, false)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('hiddenSize must be'),
    });
    expect(parseSweepValues(lr, '0..1', 2, true)).toMatchObject({ ok: false });
    expect(parseSweepValues(hidden, '64..16', undefined, false)).toMatchObject({
      ok: false,
      reason: expect.stringContaining('below'),
    });
    expect(parseSweepValues(optimizer, 'adam, lion', undefined, false)).toMatchObject({ ok: false });
    expect(parseSweepValues(lr, ' , ', undefined, false)).toMatchObject({ ok: false });
  });
});
