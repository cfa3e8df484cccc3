/**
 * A layer at a glance — the evidence to look at when training stalls or gradients vanish: how often the
 * gates saturate (an LSTM's f > 0.9 keeps the cell, f < 0.1 wipes it; saturated gates pass almost no
 * gradient), the mean of the gate that keeps the state (LSTM f, GRU z: the cell table's `keep`) per unit
 * and the memory it implies (a unit that keeps a fraction k̄ of its state per step remembers for about
 * 1 / (1 − k̄) steps), and units whose output never moves. Pure.
 */

import type { CellSpec } from '../../src/protocol/cell-signals';
import { signalOf, type Direction, type RecordedLayer } from '../../src/protocol/gate-recording';
import { unitMoments } from './unit-order';
import * as l10n from '../shared/l10n';

export interface SaturationRow {
  /** `f < 0.1`, `f > 0.9`, `|g| > 0.9`, … */
  label: string;
  fraction: number;
}

export interface LayerSummary {
  /** The entry of `recording.gates`, and the stack's layer and direction it is. */
  layer: number;
  stackLayer: number;
  direction: Direction;
  units: number;
  steps: number;
  saturation: SaturationRow[];
  /** The gate that keeps the state (`f`, `z`), its name in words and the state's. */
  keep: { signal: string; label: string; state: string };
  /** Per unit, the keep gate's mean over the steps. */
  meanKeep: Float64Array;
  /** Per unit, 1 / (1 − mean keep): the steps over which it keeps about 1/e of its state (∞ when the mean is 1). */
  memorySteps: Float64Array;
  medianMemorySteps: number;
  /** Units whose output h does not change over the sequence (standard deviation below 1e-3). */
  constantUnits: number;
  /** How many units h has (P for a projected LSTM). */
  outputUnits: number;
  /** Short readings of the numbers, for the user. */
  findings: string[];
}

const LOW = 0.1;
const HIGH = 0.9;

/** Summarises entry `layer` of a recording; `keep` is its cell's (CELLS[recording.cell].keep). */
export function summarizeLayer(
  layer: number,
  recorded: RecordedLayer,
  steps: number,
  keep: CellSpec['keep'],
): LayerSummary {
  const saturation: SaturationRow[] = [];
  // Gates first (0…1: both ends saturate), then the tanh outputs (±1); unbounded signals have no fixed ends.
  for (const signal of recorded.signals.filter((s) => s.range === 'unit')) {
    const n = steps * signal.width;
    const [low, high] = countOutside(signal.values, n, LOW, HIGH);
    saturation.push({ label: `${signal.name} < ${LOW}`, fraction: n === 0 ? 0 : low / n });
    saturation.push({ label: `${signal.name} > ${HIGH}`, fraction: n === 0 ? 0 : high / n });
  }
  for (const signal of recorded.signals.filter((s) => s.range === 'signed')) {
    const n = steps * signal.width;
    const [low, high] = countOutside(signal.values, n, -HIGH, HIGH);
    saturation.push({ label: `|${signal.name}| > ${HIGH}`, fraction: n === 0 ? 0 : (low + high) / n });
  }

  const keepSignal = signalOf(recorded, keep.signal)!;
  const units = keepSignal.width;
  const meanKeep = unitMoments(keepSignal.values, steps, units).mean;
  const memorySteps = meanKeep.map((f) => (f >= 1 ? Infinity : 1 / (1 - f)));
  const output = recorded.signals.find((s) => s.isOutput)!;
  const hVariance = unitMoments(output.values, steps, output.width).variance;
  const constantUnits = hVariance.reduce((count, v) => count + (Math.sqrt(v) < 1e-3 ? 1 : 0), 0);
  const summary: LayerSummary = {
    layer,
    stackLayer: recorded.layer,
    direction: recorded.direction,
    units,
    steps,
    saturation,
    keep: { ...keep, label: keepSignal.label },
    meanKeep,
    memorySteps,
    medianMemorySteps: median(memorySteps),
    constantUnits,
    outputUnits: output.width,
    findings: [],
  };
  summary.findings = findingsOf(summary);
  return summary;
}

export function saturationOf(summary: LayerSummary, label: string): number {
  return summary.saturation.find((row) => row.label === label)?.fraction ?? NaN;
}

function findingsOf(s: LayerSummary): string[] {
  const findings: string[] = [];
  const { signal: k, label, state } = s.keep;
  const fLow = saturationOf(s, `${k} < ${LOW}`);
  const fHigh = saturationOf(s, `${k} > ${HIGH}`);
  // The gates' rows (two per gate: below 0.1, above 0.9); the tanh outputs' rows start with `|`.
  const gateRows = s.saturation.filter((row) => !row.label.startsWith('|'));
  const gatesSaturated = gateRows.reduce((sum, row) => sum + row.fraction, 0) / Math.max(1, gateRows.length / 2);
  const gatesWord = `${label}s`;
  const states = `${state}s`;
  if (fLow > 0.5)
    findings.push(
      l10n.t(
        'Most {0} are closed ({1} < 0.1): {2} are wiped at almost every step, so gradients cannot reach far back.',
        gatesWord,
        k,
        states,
      ),
    );
  if (fHigh > 0.8)
    findings.push(
      l10n.t(
        '{0} are nearly always open ({1} > 0.9): {2} keep almost everything; the layer may not have learned what to forget yet.',
        `${gatesWord[0].toUpperCase()}${gatesWord.slice(1)}`,
        k,
        states,
      ),
    );
  if (gatesSaturated > 0.7)
    findings.push(
      l10n.t(
        'Most gate values are saturated: little gradient flows through them. A lower learning rate or gradient clipping may help.',
      ),
    );
  if (s.constantUnits > 0)
    findings.push(l10n.t('{0} of {1} units do not change over this sequence.', s.constantUnits, s.outputUnits));
  if (findings.length === 0)
    findings.push(l10n.t('Gates use their range; no sign of saturation or dead units on this sequence.'));
  return findings;
}

/** How many of the first n values are below `low` and above `high` (one pass). */
function countOutside(values: Float32Array, n: number, low: number, high: number): [number, number] {
  let below = 0;
  let above = 0;
  for (let k = 0; k < n; k++) {
    const x = values[k];
    if (x < low) below++;
    else if (x > high) above++;
  }
  return [below, above];
}

function median(values: Float64Array): number {
  if (values.length === 0) return NaN;
  const sorted = Float64Array.from(values).sort();
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
