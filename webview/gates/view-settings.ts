/**
 * The Gates panel's view settings, kept with `setState` (the host owns the model and the input; the
 * serializer also reads `checkpointPath` and `input` from this state to reopen the panel after a
 * reload). `restoreViewSettings` accepts anything and returns valid settings. Pure.
 */

import { CELLS } from '../../src/protocol/cell-signals';
import type { GateInput } from '../../src/protocol/inference-messages';
import { UNIT_SORTS, type UnitSort } from './unit-order';

export interface GatesViewSettings {
  /** The layer shown (0-based), or all of them. */
  layer: number | 'all';
  /**
   * The maps hidden (signal names: `g`, `n`); every other signal the recording's cell has is shown, so a
   * GRU's maps show after an LSTM's were trimmed.
   */
  hiddenSignals: string[];
  sortBy: UnitSort;
  /** The signal whose statistics sort the units (h, which every cell has, by default). */
  sortSignal: string;
  /** Show only the first N units of the order (0 = all). */
  topN: number;
  /** CSS pixels per step and per unit. */
  cellWidth: number;
  cellHeight: number;
  /** The unit whose signals are charted under the maps (`layer`: an entry of `recording.gates`). */
  focus: { layer: number; unit: number } | null;
  /** The LSTMVis selection: units of one layer, the signal and the threshold they must all reach. */
  match: { layer: number; units: number[]; signal: string; threshold: number };
}

export interface PersistedGatesState extends GatesViewSettings {
  checkpointPath?: string;
  input?: GateInput;
}

export const CELL_WIDTHS = [1, 2, 3, 4, 6, 8, 10, 12, 14, 16, 20, 24, 32] as const;
export const CELL_HEIGHTS = [1, 2, 3, 4, 5, 6, 8, 10, 12, 14, 16] as const;

export const DEFAULT_SETTINGS: GatesViewSettings = {
  layer: 'all',
  hiddenSignals: [],
  sortBy: 'index',
  sortSignal: 'h',
  topN: 0,
  cellWidth: 12,
  cellHeight: 8,
  focus: null,
  match: { layer: 0, units: [], signal: 'h', threshold: 0.5 },
};

export function restoreViewSettings(saved: unknown): GatesViewSettings {
  const s = (saved && typeof saved === 'object' ? saved : {}) as Partial<GatesViewSettings>;
  const d = DEFAULT_SETTINGS;
  const isSignal = (x: unknown): x is string => typeof x === 'string' && /^[a-z]{1,8}$/.test(x);
  const count = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0;
  const legacy = (saved ?? {}) as { signals?: unknown };
  // Saved before cells other than the LSTM: the maps shown, from the LSTM's six.
  const hiddenSignals = Array.isArray(s.hiddenSignals)
    ? [...new Set(s.hiddenSignals.filter(isSignal))]
    : Array.isArray(legacy.signals)
      ? CELLS.lstm.signals.map((g) => g.name).filter((g) => !(legacy.signals as unknown[]).includes(g))
      : d.hiddenSignals;
  const match = (s.match && typeof s.match === 'object' ? s.match : {}) as Partial<GatesViewSettings['match']>;
  const focus =
    s.focus && typeof s.focus === 'object' && count(s.focus.layer) && count(s.focus.unit)
      ? { layer: s.focus.layer, unit: s.focus.unit }
      : null;
  return {
    layer: s.layer === 'all' || count(s.layer) ? (s.layer as number | 'all') : d.layer,
    hiddenSignals,
    sortBy: UNIT_SORTS.includes(s.sortBy as UnitSort) ? (s.sortBy as UnitSort) : d.sortBy,
    sortSignal: isSignal(s.sortSignal) ? s.sortSignal : d.sortSignal,
    topN: count(s.topN) ? s.topN! : d.topN,
    cellWidth: nearest(CELL_WIDTHS, s.cellWidth, d.cellWidth),
    cellHeight: nearest(CELL_HEIGHTS, s.cellHeight, d.cellHeight),
    focus,
    match: {
      layer: count(match.layer) ? match.layer! : d.match.layer,
      units: Array.isArray(match.units) ? [...new Set(match.units.filter(count))].sort((a, b) => a - b) : [],
      signal: isSignal(match.signal) ? match.signal : d.match.signal,
      threshold:
        typeof match.threshold === 'number' && Number.isFinite(match.threshold) ? match.threshold : d.match.threshold,
    },
  };
}

/** The allowed value closest to `value` (or `fallback` when it is not a number). */
export function nearest(allowed: readonly number[], value: unknown, fallback: number): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) return fallback;
  return allowed.reduce((best, x) => (Math.abs(x - value) < Math.abs(best - value) ? x : best), allowed[0]);
}

/** The next allowed size up (+1) or down (−1) from `current`. */
export function stepSize(allowed: readonly number[], current: number, direction: 1 | -1): number {
  const index = allowed.indexOf(nearest(allowed, current, allowed[0]));
  return allowed[Math.min(allowed.length - 1, Math.max(0, index + direction))];
}
