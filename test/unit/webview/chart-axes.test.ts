import { describe, expect, it } from 'vitest';
import { flatYRange, xTicks } from '../../../webview/training/chart-axes';

const values = (ticks: { value: number }[]) => ticks.map((t) => t.value);

describe('xTicks (shared x axis)', () => {
  it('keeps round multiples only, not the last data point chart.js adds', () => {
    const fromChartJs = [0, 1000, 2000, 3000, 4000, 5025].map((value) => ({ value }));
    expect(values(xTicks('step', fromChartJs, 0, 5025, 800))).toEqual([0, 1000, 2000, 3000, 4000, 5000]);
    expect(
      values(
        xTicks(
          'epoch',
          [0, 0.5, 1, 1.37].map((value) => ({ value })),
          0,
          1.37,
          800,
        ),
      ),
    ).toEqual([0, 0.5, 1]);
  });

  it('puts wall-time ticks on round clock units', () => {
    expect(values(xTicks('time', [], 0, 330, 900))).toEqual([0, 60, 120, 180, 240, 300]);
    expect(values(xTicks('time', [], 0, 7300, 500))).toEqual([0, 1800, 3600, 5400, 7200]);
    expect(values(xTicks('time', [], 0, 7300, 400))).toEqual([0, 3600, 7200]);
  });

  it('puts step ticks at least one step apart (an empty chart spans 0…1; chart.js spaces it by 0.2)', () => {
    const fromChartJs = [0, 0.2, 0.4, 0.6, 0.8, 1].map((value) => ({ value }));
    expect(values(xTicks('step', fromChartJs, 0, 1, 300))).toEqual([0, 1]);
    expect(values(xTicks('epoch', fromChartJs, 0, 1, 300))).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
  });
});

describe('flatYRange (a constant series, e.g. the learning rate)', () => {
  it('puts a constant mid-height on 0…2×value instead of zooming into float noise', () => {
    expect(flatYRange(0.003, 0.003)).toEqual({ min: 0, max: 0.006 });
    expect(flatYRange(-2, -2)).toEqual({ min: -4, max: 0 });
    expect(flatYRange(0, 0)).toEqual({ min: -1, max: 1 });
  });

  it('leaves a series that moves, or has no data, to chart.js', () => {
    expect(flatYRange(0.001, 0.003)).toBeNull();
    expect(flatYRange(1e-3, 1e-3 * (1 + 1e-6))).toBeNull(); // a cosine schedule's first steps still move
    expect(flatYRange(Infinity, -Infinity)).toBeNull(); // chart.js's limits before any data
  });
});
