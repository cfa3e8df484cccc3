/**
 * Everything derived from a recording and the view settings that costs more than a frame to compute —
 * colour scales (per layer, for the theme), layer summaries, unit orders and the LSTMVis match mask —
 * plus the check that a recording arrived with real typed arrays. Pure (no DOM).
 *
 * "Layer" here, and in the scene, the settings' focus and selection, means an entry of
 * `recording.gates`: one direction of one layer of the stack (a bidirectional layer has two).
 */

import {
  signalOf,
  type GateRecording,
  type RecordedLayer,
  type RecordedSignal,
} from '../../src/protocol/gate-recording';
import { CELLS } from '../../src/protocol/cell-signals';
import {
  domainOf,
  makeScale,
  maxAbs,
  scaleKindOf,
  type ColorScale,
  type LayerScales,
  type ScaleColors,
} from './color-scales';
import { summarizeLayer, type LayerSummary } from './layer-summary';
import { revivePair } from './pair-recording';
import { outputViewOf } from './tasks';
import { matchingSteps } from './threshold';
import { rowsOf, unitOrder } from './unit-order';
import type { GatesViewSettings } from './view-settings';
import * as l10n from '../shared/l10n';

/** One layer's colour scales: each signal's, and the 0…1 and ±1 ones for legends and the output band. */
/** Per layer, a scale for each signal; an unbounded signal's symmetric range is its largest |value| in that layer. */
export function scalesFor(recording: GateRecording, colors: ScaleColors): LayerScales[] {
  return recording.gates.map((layer) => {
    const bySignal: Record<string, ColorScale> = {};
    for (const signal of layer.signals) {
      const [min, max] = domainOf(signal.range, signal.range === 'unbounded' ? maxAbs(signal.values) : 1);
      bySignal[signal.name] = makeScale(scaleKindOf(signal.range), colors, min, max);
    }
    return {
      bySignal,
      sequential: makeScale('sequential', colors, 0, 1),
      signed: makeScale('diverging', colors, -1, 1),
    };
  });
}

export function summariesFor(recording: GateRecording): LayerSummary[] {
  const keep = CELLS[recording.cell].keep;
  return recording.gates.map((layer, index) => summarizeLayer(index, layer, recording.steps, keep));
}

/** The units of a layer: H, the width of its gates (a projected h is narrower). */
export function unitsOf(layer: RecordedLayer): number {
  return layer.signals[0]?.width ?? 0;
}

/** Per layer, the order (and row of each unit) per signal; signals of the same width share one. */
export interface UnitOrders {
  orders: Record<string, Int32Array>[];
  rows: Record<string, Int32Array>[];
}

/**
 * The units shown per map, in order. Maps of the same width show the same units in the same order, so a
 * row means the same unit in each: sorted by the sort signal where it has that width, by index otherwise
 * (a projected LSTM's P-wide h is sorted on its own when it is the sort signal).
 */
export function ordersFor(recording: GateRecording, settings: GatesViewSettings): UnitOrders {
  const orders: Record<string, Int32Array>[] = [];
  const rows: Record<string, Int32Array>[] = [];
  for (const layer of recording.gates) {
    const byWidth = new Map<number, { order: Int32Array; rows: Int32Array }>();
    const sortBy = signalOf(layer, settings.sortSignal);
    const layerOrders: Record<string, Int32Array> = {};
    const layerRows: Record<string, Int32Array> = {};
    for (const signal of layer.signals) {
      let entry = byWidth.get(signal.width);
      if (!entry) {
        const key = sortBy && sortBy.width === signal.width ? sortBy : signal;
        const order = unitOrder(
          key.values,
          recording.steps,
          key.width,
          key.range,
          key === sortBy ? settings.sortBy : 'index',
          settings.topN,
        );
        entry = { order, rows: rowsOf(order, signal.width) };
        byWidth.set(signal.width, entry);
      }
      layerOrders[signal.name] = entry.order;
      layerRows[signal.name] = entry.rows;
    }
    orders.push(layerOrders);
    rows.push(layerRows);
  }
  return { orders, rows };
}

export function matchFor(
  recording: GateRecording,
  settings: GatesViewSettings,
): { layer: number; units: number[]; mask: Uint8Array } | null {
  const m = settings.match;
  if (m.units.length === 0 || m.layer >= recording.gates.length) return null;
  const layer = recording.gates[m.layer];
  const signal = matchSignalOf(layer, m.signal);
  if (!signal) return null;
  return {
    layer: m.layer,
    units: m.units,
    mask: matchingSteps(signal.values, recording.steps, signal.width, m.units, m.threshold),
  };
}

/** The signal the selection is matched in: the chosen one if the layer has it at the gates' width, else h. */
export function matchSignalOf(layer: RecordedLayer, name: string): RecordedSignal | undefined {
  const units = unitsOf(layer);
  const chosen = signalOf(layer, name);
  if (chosen && chosen.width === units) return chosen;
  return layer.signals.find((s) => s.width === units && s.isOutput) ?? layer.signals[0];
}

/** The layers (entries of `gates`) shown by the settings: all, or both directions of the chosen layer. */
export function shownLayers(recording: GateRecording, settings: GatesViewSettings): number[] {
  const all = recording.gates.map((_, k) => k);
  if (settings.layer === 'all' || settings.layer >= recording.layers) return all;
  return all.filter((k) => recording.gates[k].layer === settings.layer);
}

/** The signals shown: the recording's, less those the user hid (all of them if that would hide every map). */
export function shownSignals(recording: GateRecording, settings: GatesViewSettings): string[] {
  const names = signalNames(recording);
  const shown = names.filter((name) => !settings.hiddenSignals.includes(name));
  return shown.length > 0 ? shown : names;
}

/** The recording's signal names, in the cell's order. */
export function signalNames(recording: GateRecording): string[] {
  return (recording.gates[0]?.signals ?? []).map((s) => s.name);
}

/**
 * A recording as posted to the webview: typed arrays normally arrive as typed arrays, but a bare
 * ArrayBuffer or a plain object of numbers (older hosts) is turned back into a Float32Array.
 */
export function reviveRecording(recording: GateRecording): GateRecording {
  const revive = (x: unknown): Float32Array => {
    if (x instanceof Float32Array) return x;
    if (x instanceof ArrayBuffer) return new Float32Array(x);
    if (ArrayBuffer.isView(x)) return new Float32Array(x.buffer, x.byteOffset, x.byteLength / 4);
    if (x && typeof x === 'object') return Float32Array.from(Object.values(x as Record<string, number>));
    return new Float32Array(0);
  };
  // A signal's name in words comes from the worker in English (src/protocol/cell-signals.ts): shown
  // in the display language from here on.
  const gates = recording.gates.map((layer) => ({
    ...layer,
    signals: layer.signals.map((signal) => ({ ...signal, label: l10n.t(signal.label), values: revive(signal.values) })),
  }));
  const outputs = outputViewOf(recording.outputs.kind).revive(recording.outputs, revive);
  return recording.pair
    ? { ...recording, gates, outputs, pair: revivePair(recording.pair, revive) }
    : { ...recording, gates, outputs };
}
