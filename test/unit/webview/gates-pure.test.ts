/**
 * The Gates panel's pure parts: colour scales, unit ordering (variance, mean, saturation, top N),
 * LSTMVis threshold matching, the layer summary, the layout's hit testing, the hover text (exact values)
 * and the CSV export.
 */

import { describe, expect, it } from 'vitest';
import { CELLS, cellSignals } from '../../../src/protocol/cell-signals';
import { signalOf, type GateRecording, type RecordedLayer } from '../../../src/protocol/gate-recording';
import { makeRecording } from './gate-recordings';
import {
  LUT_SIZE,
  colorAt,
  domainOf,
  lutIndex,
  makeScale,
  maxAbs,
  mixOklab,
  scaleKindOf,
} from '../../../webview/gates/color-scales';
import { buildGatesCsv, formatFloat32 } from '../../../webview/gates/export-csv';
import { formatExact, hoverText } from '../../../webview/gates/hover-text';
import { saturationOf, summarizeLayer } from '../../../webview/gates/layer-summary';
import { paintMap } from '../../../webview/gates/map-bitmaps';
import { cellCenter, hitTest, layoutMaps, visibleSteps } from '../../../webview/gates/map-layout';
import { matchRuns, matchingSteps, toggleUnit } from '../../../webview/gates/threshold';
import { visibleToken } from '../../../webview/gates/token-format';
import { isSaturated, rowsOf, unitMoments, unitOrder, unitSaturation } from '../../../webview/gates/unit-order';
import { restoreViewSettings, stepSize, CELL_WIDTHS } from '../../../webview/gates/view-settings';

/** `[T, H]` from rows of per-unit values. */
function grid(rows: number[][]): Float32Array {
  return Float32Array.from(rows.flat());
}

const colors = { background: '#1f1f1f', positive: '#3794ff', negative: '#d18616' };

describe('colour scales', () => {
  it('runs from the background to blue (sequential) and orange → background → blue (diverging)', () => {
    const seq = makeScale('sequential', colors, 0, 1);
    expect(Array.from(seq.lut.subarray(0, 3))).toEqual([0x1f, 0x1f, 0x1f]);
    expect(Array.from(seq.lut.subarray((LUT_SIZE - 1) * 4, (LUT_SIZE - 1) * 4 + 3))).toEqual([0x37, 0x94, 0xff]);
    const div = makeScale('diverging', colors, -1, 1);
    expect(Array.from(div.lut.subarray(0, 3))).toEqual([0xd1, 0x86, 0x16]);
    expect(Array.from(div.lut.subarray((LUT_SIZE - 1) * 4, (LUT_SIZE - 1) * 4 + 3))).toEqual([0x37, 0x94, 0xff]);
    // The middle of a diverging scale is (almost) the background.
    const mid = lutIndex(0, -1, 1) * 4;
    for (let k = 0; k < 3; k++) expect(Math.abs(div.lut[mid + k] - 0x1f)).toBeLessThanOrEqual(8);
    // Packed pixels are the same colours, little-endian RGBA.
    expect(seq.packed[LUT_SIZE - 1]).toBe(((0xff << 24) | (0xff << 16) | (0x94 << 8) | 0x37) >>> 0);
  });

  it('gets lighter monotonically from a dark background to blue (OKLab lightness)', () => {
    const seq = makeScale('sequential', colors, 0, 1);
    const luminance = (k: number) =>
      0.2126 * seq.lut[k * 4] + 0.7152 * seq.lut[k * 4 + 1] + 0.0722 * seq.lut[k * 4 + 2];
    for (let k = 8; k < LUT_SIZE; k += 8) expect(luminance(k)).toBeGreaterThanOrEqual(luminance(k - 8));
  });

  it('maps values to table indices, clamped, NaN to the middle', () => {
    expect(lutIndex(0, 0, 1)).toBe(0);
    expect(lutIndex(1, 0, 1)).toBe(LUT_SIZE - 1);
    expect(lutIndex(2, 0, 1)).toBe(LUT_SIZE - 1);
    expect(lutIndex(-5, -1, 1)).toBe(0);
    expect(lutIndex(NaN, 0, 1)).toBe(LUT_SIZE >> 1);
  });

  it('uses the right kind and domain per signal', () => {
    expect(cellSignals('lstm').map((s) => scaleKindOf(s.range))).toEqual([
      'sequential',
      'sequential',
      'diverging',
      'sequential',
      'diverging',
      'diverging',
    ]);
    expect(cellSignals('gru').map((s) => scaleKindOf(s.range))).toEqual([
      'sequential',
      'sequential',
      'diverging',
      'diverging',
    ]);
    expect(domainOf('unit', 7)).toEqual([0, 1]);
    expect(domainOf('signed', 7)).toEqual([-1, 1]);
    expect(domainOf('unbounded', 3.5)).toEqual([-3.5, 3.5]);
    expect(domainOf('unbounded', 0.2)).toEqual([-1, 1]);
    expect(maxAbs([1, -4, 2], [3])).toBe(4);
  });

  it('interpolates end points exactly', () => {
    expect(mixOklab([10, 20, 30], [200, 100, 50], 0)).toEqual([10, 20, 30]);
    expect(mixOklab([10, 20, 30], [200, 100, 50], 1)).toEqual([200, 100, 50]);
    expect(
      colorAt(
        [
          [0, 0, 0],
          [255, 255, 255],
          [255, 0, 0],
        ],
        0.5,
      ),
    ).toEqual([255, 255, 255]);
  });

  it('paints one pixel per cell in the unit order', () => {
    const scale = makeScale('sequential', colors, 0, 1);
    const values = grid([
      [0, 1, 0.5],
      [1, 0, 0.5],
    ]); // T = 2, H = 3
    const pixels = new Uint32Array(2 * 2);
    paintMap(values, 2, 3, Int32Array.of(1, 0), scale, pixels);
    // Transposed: x = row (unit 1, then unit 0), y = step.
    expect(Array.from(pixels)).toEqual([scale.packed[255], scale.packed[0], scale.packed[0], scale.packed[255]]);
    const unit2 = new Uint32Array(2);
    paintMap(values, 2, 3, Int32Array.of(2), scale, unit2);
    expect(Array.from(unit2)).toEqual([scale.packed[128], scale.packed[128]]);
  });
});

describe('unit order', () => {
  // T = 4 steps, H = 3 units: unit 0 constant high, unit 1 swings, unit 2 low with a spike.
  const values = grid([
    [0.95, 0.0, 0.05],
    [0.95, 1.0, 0.05],
    [0.95, 0.0, 0.05],
    [0.95, 1.0, 0.5],
  ]);

  it('computes means, variances and saturation per unit', () => {
    const { mean, variance } = unitMoments(values, 4, 3);
    expect(mean[0]).toBeCloseTo(0.95, 6);
    expect(mean[1]).toBeCloseTo(0.5, 6);
    expect(variance[0]).toBeCloseTo(0, 10);
    expect(variance[1]).toBeCloseTo(0.25, 6);
    expect(Array.from(unitSaturation(values, 4, 3, 'unit'))).toEqual([1, 1, 0.75]);
    expect(isSaturated('signed', 0.95)).toBe(true);
    expect(isSaturated('unbounded', 1.4)).toBe(false);
    expect(isSaturated('unbounded', -1.5)).toBe(true);
  });

  it('sorts by variance, mean or saturation (largest first, ties by index) and cuts to the top N', () => {
    expect(Array.from(unitOrder(values, 4, 3, 'unit', 'index'))).toEqual([0, 1, 2]);
    expect(Array.from(unitOrder(values, 4, 3, 'unit', 'variance'))).toEqual([1, 2, 0]);
    expect(Array.from(unitOrder(values, 4, 3, 'unit', 'mean'))).toEqual([0, 1, 2]);
    expect(Array.from(unitOrder(values, 4, 3, 'unit', 'saturation'))).toEqual([0, 1, 2]);
    expect(Array.from(unitOrder(values, 4, 3, 'unit', 'variance', 2))).toEqual([1, 2]);
    expect(Array.from(rowsOf(Int32Array.of(2, 0), 3))).toEqual([1, -1, 0]);
  });
});

describe('threshold selection (LSTMVis)', () => {
  const values = grid([
    [0.9, 0.8, 0.1],
    [0.2, 0.9, 0.9],
    [0.6, 0.7, 0.9],
    [0.5, 0.5, 0.5],
  ]);

  it('marks the steps where every selected unit reaches the threshold', () => {
    expect(Array.from(matchingSteps(values, 4, 3, [0, 1], 0.5))).toEqual([1, 0, 1, 1]);
    expect(Array.from(matchingSteps(values, 4, 3, [1, 2], 0.6))).toEqual([0, 1, 1, 0]);
    expect(Array.from(matchingSteps(values, 4, 3, [], 0.5))).toEqual([0, 0, 0, 0]);
    expect(Array.from(matchingSteps(values, 4, 3, [7], 0.5))).toEqual([0, 0, 0, 0]);
  });

  it('groups matches into runs and toggles units', () => {
    expect(matchRuns(Uint8Array.of(1, 0, 1, 1, 0, 1))).toEqual([
      [0, 0],
      [2, 3],
      [5, 5],
    ]);
    expect(toggleUnit([3, 1], 2)).toEqual([1, 2, 3]);
    expect(toggleUnit([1, 2, 3], 2)).toEqual([1, 3]);
  });
});

function layerOf(
  T: number,
  H: number,
  fill: (signal: string, t: number, j: number) => number,
  cell: 'lstm' | 'gru' = 'lstm',
): RecordedLayer {
  return {
    layer: 0,
    direction: 'forward',
    signals: cellSignals(cell).map((spec) => ({
      ...spec,
      width: H,
      values: Float32Array.from({ length: T * H }, (_, k) => fill(spec.name, Math.floor(k / H), k % H)),
    })),
  };
}

const LSTM_KEEP = CELLS.lstm.keep;

describe('layer summary', () => {
  it('counts saturated gates and the mean forget gate per unit', () => {
    // 2 units, 4 steps: unit 0 always remembers (f = 0.95), unit 1 forgets (f = 0.05); i half open.
    const layer = layerOf(4, 2, (g, t, j) =>
      g === 'f' ? (j === 0 ? 0.95 : 0.05) : g === 'i' ? 0.5 : g === 'h' ? (j === 0 ? 0.1 * t : 0.3) : 0,
    );
    const s = summarizeLayer(0, layer, 4, LSTM_KEEP);
    expect(saturationOf(s, 'f > 0.9')).toBe(0.5);
    expect(saturationOf(s, 'f < 0.1')).toBe(0.5);
    expect(saturationOf(s, 'i > 0.9')).toBe(0);
    expect(s.saturation.map((row) => row.label)).toEqual([
      'i < 0.1',
      'i > 0.9',
      'f < 0.1',
      'f > 0.9',
      'o < 0.1',
      'o > 0.9',
      '|g| > 0.9',
      '|h| > 0.9',
    ]);
    expect(s.keep).toEqual({ signal: 'f', label: 'forget gate', state: 'cell' });
    expect(s.meanKeep[0]).toBeCloseTo(0.95, 6);
    expect(s.meanKeep[1]).toBeCloseTo(0.05, 6);
    expect(s.memorySteps[0]).toBeCloseTo(20, 3);
    expect(s.memorySteps[1]).toBeCloseTo(1 / 0.95, 5);
    expect(s.constantUnits).toBe(1); // unit 1's h never changes
    expect(s.findings.join(' ')).toMatch(/1 of 2 units do not change/);
  });

  it('says so when forget gates are closed most of the time', () => {
    const s = summarizeLayer(
      0,
      layerOf(5, 3, (g, t, j) => (g === 'f' ? 0.02 : g === 'h' ? Math.sin(t + j) : 0.5)),
      5,
      LSTM_KEEP,
    );
    expect(saturationOf(s, 'f < 0.1')).toBe(1);
    expect(s.findings[0]).toBe(
      'Most forget gates are closed (f < 0.1): cells are wiped at almost every step, so gradients cannot reach far back.',
    );
  });

  it('reads a GRU layer through its update gate: r, z saturation, |n|, |h|, memory from z', () => {
    // z = 0.98 everywhere: each unit keeps 98 % of h per step (memory 50 steps).
    const layer = layerOf(4, 2, (g, t, j) => (g === 'z' ? 0.98 : g === 'r' ? 0.5 : g === 'h' ? 0.1 * t + j : 0), 'gru');
    const s = summarizeLayer(0, layer, 4, CELLS.gru.keep);
    expect(s.saturation.map((row) => row.label)).toEqual([
      'r < 0.1',
      'r > 0.9',
      'z < 0.1',
      'z > 0.9',
      '|n| > 0.9',
      '|h| > 0.9',
    ]);
    expect(saturationOf(s, 'z > 0.9')).toBe(1);
    expect(s.keep).toEqual({ signal: 'z', label: 'update gate', state: 'hidden state' });
    expect(s.medianMemorySteps).toBeCloseTo(50, 3);
    expect(s.findings[0]).toMatch(
      /^Update gates are nearly always open \(z > 0\.9\): hidden states keep almost everything/,
    );
  });
});

/** An LSTM recording, T steps, H units, L layers. */
function recording(T: number, H: number, L = 1): GateRecording {
  return makeRecording({ steps: T, units: H, layers: L });
}

/** A signal's `[T, width]` values in a recording. */
function valuesOf(rec: GateRecording, layer: number, signal: string): Float32Array {
  return signalOf(rec.gates[layer], signal)!.values;
}

describe('layout and hover', () => {
  it('stacks the maps of each shown layer and finds the cell under a point', () => {
    const layout = layoutMaps([0, 1], ['f', 'h'], () => 3, 10, 12, 8);
    expect(layout.blocks.map((b) => `${b.layer}${b.signal}`)).toEqual(['0f', '0h', '1f', '1h']);
    const c = cellCenter(layout, 1, 'h', 2, 7)!;
    const hit = hitTest(layout, c.x, c.y)!;
    expect([hit.block.layer, hit.block.signal, hit.row, hit.step]).toEqual([1, 'h', 2, 7]);
    expect(hitTest(layout, 12 * 10 + 1, c.y)).toBeNull();
    expect(hitTest(layout, 5, layout.blocks[0].top - 1)).toBeNull();
    expect(visibleSteps(layout, 30, 40)).toEqual([2, 5]);
  });

  it('shows the exact recorded value, the token and the output at that step', () => {
    const rec = recording(4, 3);
    const text = hoverText(rec, { kind: 'cell', layer: 0, signal: 'f', unit: 2, row: 2, step: 1 });
    const expected = valuesOf(rec, 0, 'f')[1 * 3 + 2];
    expect(text.cell).toEqual({ layer: 0, signal: 'f', unit: 2, step: 1, value: expected });
    expect(text.title).toBe('Layer 1 · unit 2 · step 1 · · (space)');
    const line = text.lines.find((l) => l.emphasis)!;
    expect(line.label).toMatch(/^f /);
    expect(Math.fround(Number(line.value))).toBe(expected);
    expect(text.lines.some((l) => l.value.startsWith('“b” 25.0 %'))).toBe(true);
    expect(formatExact(Math.fround(0.1))).toBe('0.1');
    expect(Math.fround(Number(formatExact(Math.fround(1 / 3))))).toBe(Math.fround(1 / 3));
  });

  it('makes whitespace visible', () => {
    expect(visibleToken(' a\n\tb')).toBe('·a↵→b');
    expect(visibleToken('\u0001')).toBe('␁');
  });
});

describe('CSV export', () => {
  it('writes one row per step and one column per shown unit, exactly', () => {
    const rec = recording(3, 2, 2);
    const csv = buildGatesCsv(rec, [
      { layer: 1, signal: 'h', order: Int32Array.of(1, 0) },
      { layer: 0, signal: 'i', order: Int32Array.of(0) },
    ]);
    const lines = csv.trim().split('\n');
    expect(lines[0]).toBe('step,token,layer2.h.unit1,layer2.h.unit0,layer1.i.unit0');
    expect(lines.length).toBe(1 + rec.steps + 1); // the newline token is quoted and spans two lines
    const first = lines[1].split(',');
    expect(first[0]).toBe('0');
    expect(Math.fround(Number(first[2]))).toBe(valuesOf(rec, 1, 'h')[0 * 2 + 1]);
    expect(Math.fround(Number(first[4]))).toBe(valuesOf(rec, 0, 'i')[0]);
    expect(csv).toContain('2,"\n"');
    expect(Math.fround(Number(formatFloat32(Math.fround(0.7))))).toBe(Math.fround(0.7));
  });
});

describe('view settings', () => {
  it('restores anything into valid settings', () => {
    const s = restoreViewSettings({
      layer: 5,
      hiddenSignals: ['g', 'ZZ', 3, 'g'],
      sortBy: 'bogus',
      topN: -3,
      cellWidth: 13,
      match: { units: [3, 3, -1, 1], threshold: 'x' },
    });
    expect(s.layer).toBe(5);
    expect(s.hiddenSignals).toEqual(['g']);
    expect(s.sortBy).toBe('index');
    expect(s.topN).toBe(0);
    expect(s.cellWidth).toBe(12);
    expect(s.match.units).toEqual([1, 3]);
    expect(s.match.threshold).toBe(0.5);
    expect(restoreViewSettings(undefined).hiddenSignals).toEqual([]);
    // Saved by an earlier version: the LSTM maps shown.
    expect(restoreViewSettings({ signals: ['h', 'zz', 'f'] }).hiddenSignals).toEqual(['i', 'g', 'o', 'c']);
    expect(stepSize(CELL_WIDTHS, 12, 1)).toBe(14);
    expect(stepSize(CELL_WIDTHS, 1, -1)).toBe(1);
  });
});
