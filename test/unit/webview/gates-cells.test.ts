/**
 * The Gates panel with cells other than one-way LSTMs: a GRU's r, z, n, h; a bidirectional stack's
 * forward and backward rows under the same tokens; an LSTM with projections, whose h is P wide. All on
 * hand-made recordings (gate-recordings.ts) through the pure parts the panel draws from.
 */

import { describe, expect, it } from 'vitest';
import { signalOf } from '../../../src/protocol/gate-recording';
import { buildGatesCsv } from '../../../webview/gates/export-csv';
import { layerHeaderLabel } from '../../../webview/gates/draw-scene';
import { hoverText } from '../../../webview/gates/hover-text';
import { layoutMaps } from '../../../webview/gates/map-layout';
import {
  matchFor,
  ordersFor,
  scalesFor,
  shownLayers,
  shownSignals,
  summariesFor,
} from '../../../webview/gates/recording-data';
import type { Scene } from '../../../webview/gates/scene';
import { DEFAULT_SETTINGS, type GatesViewSettings } from '../../../webview/gates/view-settings';
import { makeRecording, valueAt } from './gate-recordings';

const colors = { background: '#1f1f1f', positive: '#3794ff', negative: '#d18616' };
const settings = (change: Partial<GatesViewSettings> = {}): GatesViewSettings => ({ ...DEFAULT_SETTINGS, ...change });

/** The parts of a scene the labels read. */
function sceneOf(recording: ReturnType<typeof makeRecording>, s = settings()): Scene {
  const { orders, rows } = ordersFor(recording, s);
  return { recording, orders, rows, orderLabel: '' } as Scene;
}

describe('a GRU recording', () => {
  const gru = makeRecording({ cell: 'gru', steps: 5, units: 3, layers: 2 });

  it('has r, z, n, h with their names in words and ranges', () => {
    expect(gru.gates[0].signals.map((s) => [s.name, s.label, s.range, s.width])).toEqual([
      ['r', 'reset gate', 'unit', 3],
      ['z', 'update gate', 'unit', 3],
      ['n', 'candidate', 'signed', 3],
      ['h', 'hidden state', 'signed', 3],
    ]);
    expect(shownSignals(gru, settings())).toEqual(['r', 'z', 'n', 'h']);
    // Maps an LSTM had hidden do not hide a GRU's; hiding n does.
    expect(shownSignals(gru, settings({ hiddenSignals: ['g', 'c'] }))).toEqual(['r', 'z', 'n', 'h']);
    expect(shownSignals(gru, settings({ hiddenSignals: ['n'] }))).toEqual(['r', 'z', 'h']);
    expect(shownSignals(gru, settings({ hiddenSignals: ['r', 'z', 'n', 'h'] }))).toEqual(['r', 'z', 'n', 'h']);
  });

  it('draws r and z on the 0…1 scale, n and h on ±1', () => {
    const scales = scalesFor(gru, colors)[1].bySignal;
    expect([scales.r.kind, scales.r.min, scales.r.max]).toEqual(['sequential', 0, 1]);
    expect([scales.z.kind, scales.z.min, scales.z.max]).toEqual(['sequential', 0, 1]);
    expect([scales.n.kind, scales.n.min, scales.n.max]).toEqual(['diverging', -1, 1]);
    expect([scales.h.kind, scales.h.min, scales.h.max]).toEqual(['diverging', -1, 1]);
  });

  it('hovers a cell with its value and the other signals of that unit and step, in words', () => {
    const text = hoverText(gru, { kind: 'cell', layer: 1, signal: 'z', unit: 2, row: 2, step: 3 });
    expect(text.title).toBe('Layer 2 · unit 2 · step 3 · “d”');
    expect(text.cell).toEqual({ layer: 1, signal: 'z', unit: 2, step: 3, value: valueAt('gru', 'z', 1, false, 3, 2) });
    expect(text.lines.slice(0, 4).map((l) => [l.label, l.emphasis])).toEqual([
      ['r reset gate', false],
      ['z update gate', true],
      ['n candidate', false],
      ['h hidden state', false],
    ]);
  });

  it('sorts units by a GRU signal and summarises the layer through z', () => {
    const { orders } = ordersFor(gru, settings({ sortBy: 'mean', sortSignal: 'n' }));
    // n grows with the unit index: the largest mean first; every map of the layer shares the order.
    expect(Array.from(orders[0].n)).toEqual([2, 1, 0]);
    expect(orders[0].r).toBe(orders[0].n);
    const summary = summariesFor(gru)[0];
    expect(summary.keep.signal).toBe('z');
    expect(summary.saturation.map((r) => r.label)).toContain('|n| > 0.9');
  });

  it('exports r, z, n, h columns', () => {
    const csv = buildGatesCsv(gru, [{ layer: 0, signal: 'n', order: Int32Array.of(1) }]);
    const [header, first] = csv.split('\n');
    expect(header).toBe('step,token,layer1.n.unit1');
    expect(Math.fround(Number(first.split(',')[2]))).toBe(valueAt('gru', 'n', 0, false, 0, 1));
  });
});

describe('a bidirectional recording', () => {
  const bi = makeRecording({ steps: 4, units: 2, layers: 2, bidirectional: true });

  it('holds forward and backward of each layer, layer-major', () => {
    expect(bi.gates.map((g) => `${g.layer}${g.direction}`)).toEqual(['0forward', '0backward', '1forward', '1backward']);
    // The backward values sit under the same steps as the forward ones.
    expect(signalOf(bi.gates[1], 'h')!.values[3 * 2 + 1]).toBe(valueAt('lstm', 'h', 0, true, 3, 1));
  });

  it('shows both directions of the chosen layer, one under the other, labelled', () => {
    expect(shownLayers(bi, settings({ layer: 1 }))).toEqual([2, 3]);
    expect(shownLayers(bi, settings())).toEqual([0, 1, 2, 3]);
    const layout = layoutMaps([2, 3], ['f', 'h'], () => 2, bi.steps, 12, 8);
    expect(layout.layerHeaders.map((h) => h.layer)).toEqual([2, 3]);
    // Same columns for both directions: step t is at the same x in every map.
    expect(layout.contentWidth).toBe(4 * 12);
    const scene = sceneOf(bi);
    expect(layerHeaderLabel(scene, 2)).toBe('Layer 2 of 2 · → forward · 2 of 2 units');
    expect(layerHeaderLabel(scene, 3)).toBe('Layer 2 of 2 · ← backward · 2 of 2 units');
  });

  it('says the direction when hovering, in the CSV and in the layer summary', () => {
    const text = hoverText(bi, { kind: 'cell', layer: 3, signal: 'c', unit: 0, row: 0, step: 2 });
    expect(text.title).toBe('Layer 2 ← backward · unit 0 · step 2 · ↵ (newline)');
    expect(text.cell!.value).toBe(valueAt('lstm', 'c', 1, true, 2, 0));
    const unit = hoverText(bi, { kind: 'cell', layer: 0, signal: 'h', unit: 1, row: 1, step: -1 });
    expect(unit.title).toMatch(/^Layer 1 → forward · unit 1 — click to chart it/);
    const csv = buildGatesCsv(bi, [
      { layer: 0, signal: 'h', order: Int32Array.of(0) },
      { layer: 1, signal: 'h', order: Int32Array.of(0) },
    ]);
    expect(csv.split('\n')[0]).toBe('step,token,layer1.forward.h.unit0,layer1.backward.h.unit0');
    expect(summariesFor(bi).map((s) => `${s.stackLayer}${s.direction}`)).toEqual([
      '0forward',
      '0backward',
      '1forward',
      '1backward',
    ]);
  });

  it('matches a selection in the chosen direction', () => {
    const match = matchFor(bi, settings({ match: { layer: 1, units: [0], signal: 'h', threshold: 0.5 } }));
    // Backward h of layer 0 is ≥ 0.5 at every step (it is offset by 0.5); forward h reaches 0.3 at step 3.
    expect(Array.from(match!.mask)).toEqual([1, 1, 1, 1]);
    const forward = matchFor(bi, settings({ match: { layer: 0, units: [0], signal: 'h', threshold: 0.3 } }));
    expect(Array.from(forward!.mask)).toEqual([0, 0, 0, 1]);
  });
});

describe('an LSTM with projections', () => {
  const projected = makeRecording({ steps: 3, units: 4, projSize: 2 });

  it('records h P wide and unbounded, on ± its largest |value|', () => {
    const h = signalOf(projected.gates[0], 'h')!;
    expect([h.width, h.range, h.label, h.values.length]).toEqual([2, 'unbounded', 'projected hidden state', 3 * 2]);
    const scale = scalesFor(projected, colors)[0].bySignal.h;
    expect(scale.kind).toBe('diverging');
    expect(scale.max).toBe(1); // |h| < 1 here: the range is at least ±1
  });

  it('gives h its own rows: the gates keep H units, h shows P', () => {
    const { orders, rows } = ordersFor(projected, settings({ sortBy: 'mean', sortSignal: 'h' }));
    expect(Array.from(orders[0].h)).toEqual([1, 0]); // sorted by h's mean, largest first
    expect(Array.from(orders[0].i)).toEqual([0, 1, 2, 3]); // h is not theirs to sort by
    expect(orders[0].c).toBe(orders[0].i);
    expect(Array.from(rows[0].h)).toEqual([1, 0]);
    const layout = layoutMaps([0], ['c', 'h'], (l, s) => orders[l][s].length, 3, 12, 8);
    expect(layout.blocks.map((b) => b.rows)).toEqual([4, 2]);
    expect(layerHeaderLabel(sceneOf(projected), 0)).toBe('Layer 1 of 1 · 4 of 4 units');
  });

  it('hovers h with h alone (its units are not the gates’) and exports it', () => {
    const text = hoverText(projected, { kind: 'cell', layer: 0, signal: 'h', unit: 1, row: 0, step: 2 });
    expect(text.lines[0]).toMatchObject({ label: 'h projected hidden state', emphasis: true });
    expect(text.lines.some((l) => /^[ifgoc] /.test(l.label))).toBe(false);
    expect(text.cell!.value).toBe(valueAt('lstm', 'h', 0, false, 2, 1));
    const csv = buildGatesCsv(projected, [{ layer: 0, signal: 'h', order: Int32Array.of(1, 0) }]);
    const line = csv.split('\n')[2].split(',');
    expect(Math.fround(Number(line[2]))).toBe(valueAt('lstm', 'h', 0, false, 1, 1));
  });
});
