/**
 * Everything derived from a recording and the view settings that costs more than a frame to compute —
 * colour scales (per layer, for the theme), layer summaries, unit orders and the LSTMVis match mask —
 * plus the check that a recording arrived with real typed arrays. Pure (no DOM).
 */

import { GATE_SIGNALS, type GateRecording, type GateSignal } from '../../src/protocol/gate-recording';
import { domainOf, makeScale, maxAbs, scaleKindOf, type ColorScale, type ScaleColors } from './color-scales';
import { summarizeLayer, type LayerSummary } from './layer-summary';
import { outputViewOf } from './tasks';
import { matchingSteps } from './threshold';
import { rowsOf, unitOrder } from './unit-order';
import type { GatesViewSettings } from './view-settings';

/** Per layer, a scale for each signal; c's symmetric range is the layer's largest |c|. */
export function scalesFor(recording: GateRecording, colors: ScaleColors): Record<GateSignal, ColorScale>[] {
  return recording.gates.map((layer) => {
    const cMax = maxAbs(layer.c);
    const scales = {} as Record<GateSignal, ColorScale>;
    for (const signal of GATE_SIGNALS) {
      const [min, max] = domainOf(signal, cMax);
      scales[signal] = makeScale(scaleKindOf(signal), colors, min, max);
    }
    return scales;
  });
}

export function summariesFor(recording: GateRecording): LayerSummary[] {
  return recording.gates.map((gates, layer) => summarizeLayer(layer, gates, recording.steps, recording.units));
}

export function ordersFor(
  recording: GateRecording,
  settings: GatesViewSettings,
): { orders: Int32Array[]; rows: Int32Array[] } {
  const orders = recording.gates.map((gates) =>
    unitOrder(
      gates[settings.sortSignal],
      recording.steps,
      recording.units,
      settings.sortSignal,
      settings.sortBy,
      settings.topN,
    ),
  );
  return { orders, rows: orders.map((order) => rowsOf(order, recording.units)) };
}

export function matchFor(
  recording: GateRecording,
  settings: GatesViewSettings,
): { layer: number; units: number[]; mask: Uint8Array } | null {
  const m = settings.match;
  if (m.units.length === 0 || m.layer >= recording.layers) return null;
  return {
    layer: m.layer,
    units: m.units,
    mask: matchingSteps(recording.gates[m.layer][m.signal], recording.steps, recording.units, m.units, m.threshold),
  };
}

/** The layers shown by the settings (all, or the chosen one if it exists). */
export function shownLayers(recording: GateRecording, settings: GatesViewSettings): number[] {
  if (settings.layer === 'all' || settings.layer >= recording.layers) return recording.gates.map((_, l) => l);
  return [settings.layer];
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
  const gates = recording.gates.map(
    (layer) => Object.fromEntries(GATE_SIGNALS.map((g) => [g, revive(layer[g])])) as GateRecording['gates'][number],
  );
  const outputs = outputViewOf(recording.outputs.kind).revive(recording.outputs, revive);
  return { ...recording, gates, outputs };
}
