/**
 * The checkpoint editor webview's pure parts: table filtering and sorting, the heatmap's colours and
 * layout (gate blocks, hit testing, block → source ranges), and number formatting.
 */

import { describe, expect, it } from 'vitest';
import type { TensorRow } from '../../../src/checkpoint/model-card';
import type { TensorStatistics } from '../../../src/checkpoint/statistics';
import { colorOf, makeColormap } from '../../../webview/checkpoint/colormap';
import {
  displayToken,
  formatBytes,
  formatCount,
  formatShape,
  formatStat,
  nonFiniteCell,
  shortFingerprint,
} from '../../../webview/checkpoint/format';
import {
  GATE_GAP,
  heatmapPixelBudget,
  hitTest,
  layoutHeatmap,
  MAX_HEIGHT,
  MIN_BLOCK_HEIGHT,
  sourceRange,
} from '../../../webview/checkpoint/heatmap-layout';
import { matchesFilter, naturalCompare, nextSort, visibleRows } from '../../../webview/checkpoint/table-model';
import { CELL_GATES } from '../../../src/protocol/cell-signals';

const row = (name: string, shape: number[], group: TensorRow['group'] = 'parameter'): TensorRow => {
  const elements = shape.reduce((a, b) => a * b, 1);
  return { name, dtype: 'F32', shape, elements, bytes: 4 * elements, group };
};
const stats = (mean: number, std: number): TensorStatistics => ({
  count: 1,
  min: 0,
  max: 0,
  mean,
  std,
  zeros: 0,
  nans: 0,
  infinities: 0,
  histogram: [],
});

const rows = [
  row('lstm.weight_ih_l10', [8, 2]),
  row('lstm.weight_ih_l2', [8, 2]),
  row('head.bias', [1]),
  row('embedding.weight', [100, 4]),
  row('optimizer.exp_avg_sq.head.bias', [1], 'optimizer'),
  row('optimizer.exp_avg.head.bias', [1], 'optimizer'),
];

describe('tensor table model', () => {
  it('sorts names naturally and by character code', () => {
    expect(naturalCompare('l2', 'l10')).toBeLessThan(0);
    expect(naturalCompare('exp_avg.x', 'exp_avg_sq.x')).toBeLessThan(0);
    const names = visibleRows(rows, new Map(), {
      filter: '',
      showOptimizer: true,
      sort: { key: 'name', descending: false },
    }).map((r) => r.name);
    expect(names).toEqual([
      'embedding.weight',
      'head.bias',
      'lstm.weight_ih_l2',
      'lstm.weight_ih_l10',
      'optimizer.exp_avg.head.bias',
      'optimizer.exp_avg_sq.head.bias',
    ]);
  });

  it('filters by every term, over name, dtype and shape, and hides optimizer state on request', () => {
    expect(matchesFilter(rows[0], 'lstm ih')).toBe(true);
    expect(matchesFilter(rows[0], 'lstm hh')).toBe(false);
    expect(matchesFilter(rows[3], 'f32 100x4')).toBe(true);
    const shown = visibleRows(rows, new Map(), {
      filter: 'bias',
      showOptimizer: false,
      sort: { key: 'name', descending: false },
    });
    expect(shown.map((r) => r.name)).toEqual(['head.bias']);
  });

  it('sorts by a statistic, rows without one last in either direction', () => {
    const computed = new Map([
      ['head.bias', stats(0, 3)],
      ['embedding.weight', stats(0, 1)],
      ['lstm.weight_ih_l2', stats(0, 2)],
    ]);
    const order = (descending: boolean) =>
      visibleRows(rows, computed, { filter: '', showOptimizer: false, sort: { key: 'std', descending } }).map(
        (r) => r.name,
      );
    expect(order(true)).toEqual(['head.bias', 'lstm.weight_ih_l2', 'embedding.weight', 'lstm.weight_ih_l10']);
    expect(order(false)).toEqual(['embedding.weight', 'lstm.weight_ih_l2', 'head.bias', 'lstm.weight_ih_l10']);
  });

  it('sorts by size with the shape column, and flips on a second click', () => {
    const bySize = visibleRows(rows, new Map(), {
      filter: '',
      showOptimizer: false,
      sort: { key: 'shape', descending: true },
    });
    expect(bySize[0].name).toBe('embedding.weight');
    expect(nextSort({ key: 'name', descending: false }, 'bytes')).toEqual({ key: 'bytes', descending: true });
    expect(nextSort({ key: 'name', descending: false }, 'dtype')).toEqual({ key: 'dtype', descending: false });
    expect(nextSort({ key: 'std', descending: true }, 'std')).toEqual({ key: 'std', descending: false });
  });
});

describe('heatmap colours', () => {
  const map = makeColormap('#0000ff', '#000000', '#ff0000', '#ffff00');

  it('is symmetric around zero: the background at 0, blue below, red above', () => {
    expect(colorOf(0, 1, map)).toEqual([0, 0, 0]);
    expect(colorOf(1, 1, map)).toEqual([255, 0, 0]);
    expect(colorOf(-1, 1, map)).toEqual([0, 0, 255]);
    expect(colorOf(-0.25, 1, map)[2]).toBe(colorOf(0.25, 1, map)[0]);
    expect(colorOf(5, 1, map)).toEqual([255, 0, 0]);
  });

  it('marks NaN and infinities, and survives an all-zero tensor', () => {
    expect(colorOf(NaN, 1, map)).toEqual([255, 255, 0]);
    expect(colorOf(Infinity, 1, map)).toEqual([255, 255, 0]);
    expect(colorOf(0, 0, map)).toEqual([0, 0, 0]);
  });

  it('falls back to VS Code Dark Modern colours when a theme variable is missing', () => {
    expect(makeColormap('', '', '', '').zero).toEqual([31, 31, 31]);
  });
});

const LSTM_GATES = CELL_GATES.lstm;

describe('heatmap layout', () => {
  it('draws a GRU weight as three blocks r | z | n', () => {
    const layout = layoutHeatmap({ rows: 96, cols: 16, gates: CELL_GATES.gru }, 900);
    expect(layout.blocks.map((b) => [b.gate, b.gridRows])).toEqual([
      ['r', [0, 32]],
      ['z', [32, 64]],
      ['n', [64, 96]],
    ]);
    expect(heatmapPixelBudget(910, 3)).toEqual({
      maxRows: 3 * MAX_HEIGHT,
      maxCols: Math.floor((910 - 2 * GATE_GAP) / 3),
    });
  });

  it('draws an LSTM weight as four gate blocks side by side, each a quarter of the grid rows, with square cells', () => {
    const layout = layoutHeatmap({ rows: 128, cols: 32, gates: LSTM_GATES }, 900);
    expect(layout.blocks.map((b) => b.gate)).toEqual(['i', 'f', 'g', 'o']);
    expect(layout.blocks.map((b) => b.gridRows)).toEqual([
      [0, 32],
      [32, 64],
      [64, 96],
      [96, 128],
    ]);
    expect(layout.blocks[1].x).toBeCloseTo(layout.blocks[0].width + GATE_GAP);
    expect(layout.blocks.every((b) => b.y === layout.labelHeight)).toBe(true);
    expect(layout.cellWidth).toBeCloseTo((900 - 3 * GATE_GAP) / 128);
    expect(layout.cellHeight).toBe(layout.cellWidth);
    expect(layout.width).toBeLessThanOrEqual(900);
  });

  it('keeps tall tensors within MAX_HEIGHT and vectors at least MIN_BLOCK_HEIGHT tall', () => {
    const tall = layoutHeatmap({ rows: 480, cols: 8, gates: null }, 900);
    expect(tall.height).toBeLessThanOrEqual(MAX_HEIGHT);
    expect(tall.cellWidth).toBe(16);
    const bias = layoutHeatmap({ rows: 4, cols: 32, gates: LSTM_GATES }, 900);
    expect(bias.blocks[0].height).toBeGreaterThanOrEqual(MIN_BLOCK_HEIGHT);
    const vector = layoutHeatmap({ rows: 1, cols: 1000, gates: null }, 500);
    expect(vector.width).toBeLessThanOrEqual(500);
    expect(vector.height).toBe(MIN_BLOCK_HEIGHT);
  });

  it('asks the worker for as many cells as the map has pixels', () => {
    expect(heatmapPixelBudget(910, 4)).toEqual({ maxRows: 4 * MAX_HEIGHT, maxCols: 220 });
    expect(heatmapPixelBudget(910, 1)).toEqual({ maxRows: MAX_HEIGHT, maxCols: 910 });
  });

  it('finds the cell under the pointer, and nothing in the gaps or the labels', () => {
    const layout = layoutHeatmap({ rows: 8, cols: 4, gates: LSTM_GATES }, 400);
    const f = layout.blocks[1];
    expect(hitTest(layout, f.x + 1, f.y + 1)).toEqual({ gridRow: 2, gridCol: 0, gate: 'f' });
    expect(hitTest(layout, f.x - GATE_GAP / 2, f.y + 1)).toBeNull();
    expect(hitTest(layout, 1, 1)).toBeNull(); // the label line
  });

  it('maps a block-mean cell back to the source rows it averages', () => {
    expect(sourceRange(3, 10, 10)).toEqual([3, 4]);
    // 100 rows into 8: row y → ⌊8y/100⌋, so cell 0 is rows 0..12 and cell 1 rows 13..24.
    expect(sourceRange(0, 8, 100)).toEqual([0, 13]);
    expect(sourceRange(1, 8, 100)).toEqual([13, 25]);
    expect(sourceRange(7, 8, 100)).toEqual([88, 100]);
  });
});

describe('formatting', () => {
  it('writes sizes, shapes, statistics and counts readably', () => {
    expect(formatBytes(34432)).toBe('33.6 KB');
    expect(formatBytes(2 ** 30)).toBe('1.00 GB');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatShape([128, 32])).toBe('128 × 32');
    expect(formatShape([])).toBe('scalar');
    expect(formatStat(-0.0021473)).toBe('−0.002147');
    expect(formatStat(NaN)).toBe('—');
    expect(formatStat(-Infinity)).toBe('−∞');
    expect(formatCount(0, 100)).toBe('0');
    expect(formatCount(3, 4096)).toBe('3 (<0.1%)');
    expect(formatCount(512, 4096)).toBe('512 (12.5%)');
  });

  it('makes tokens and fingerprints readable', () => {
    expect(displayToken('\n')).toBe('↵');
    expect(displayToken(' ')).toBe('␣');
    expect(displayToken('x'.repeat(30))).toBe(`${'x'.repeat(23)}…`);
    expect(shortFingerprint('sha256:eb3344f94ef91444af1811d57b49290d')).toBe('sha256:eb3344f94ef9…');
  });
});

describe('the NaN/∞ cell marks a tensor the loader refuses', () => {
  it('a ⚠ and a tooltip saying why when the tensor holds NaN or ±∞', () => {
    expect(nonFiniteCell(3, 2, 1000)).toEqual({
      text: '⚠ 3 (0.3%) +2 ∞',
      title: '3 NaN and 2 infinite value(s): LSTM Studio refuses to predict, evaluate or resume with this checkpoint',
    });
    expect(nonFiniteCell(0, 1, 10).text).toBe('⚠ 0 +1 ∞');
  });
  it('no mark on a finite tensor', () => {
    expect(nonFiniteCell(0, 0, 1000)).toEqual({ text: '0', title: undefined });
  });
});
