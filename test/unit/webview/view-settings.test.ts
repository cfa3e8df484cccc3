import { describe, expect, it } from 'vitest';
import { defaultViewSettings, restoreViewSettings } from '../../../webview/training/view-settings';

describe('restoreViewSettings (what survives a reload)', () => {
  it('gives the defaults for nothing or garbage', () => {
    expect(restoreViewSettings(undefined)).toEqual(defaultViewSettings());
    expect(restoreViewSettings('x')).toEqual(defaultViewSettings());
    expect(
      restoreViewSettings({ smoothing: 'lots', xAxis: 'minutes', yScale: 'sqrt', overlays: 'b', visibleCharts: [] }),
    ).toEqual(defaultViewSettings());
  });

  it('restores every valid setting', () => {
    const saved = {
      smoothing: 0.9,
      xAxis: 'time',
      yScale: 'log',
      overlays: ['b', 'c', 'b', 3],
      visibleCharts: { loss: true, metric: false, lr: false, grad: true },
      runDir: '/runs/a',
    };
    expect(restoreViewSettings(saved)).toEqual({
      smoothing: 0.9,
      xAxis: 'time',
      yScale: 'log',
      overlays: ['b', 'c'],
      visibleCharts: { loss: true, metric: false, lr: false, grad: true },
    });
  });

  it('clamps smoothing into the slider range', () => {
    expect(restoreViewSettings({ smoothing: 1 }).smoothing).toBe(0.999);
    expect(restoreViewSettings({ smoothing: -2 }).smoothing).toBe(0);
  });
});
