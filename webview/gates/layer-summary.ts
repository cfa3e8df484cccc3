/**
 * A layer at a glance — the evidence to look at when training stalls or gradients vanish: how often the
 * gates saturate (f > 0.9 keeps the cell, f < 0.1 wipes it; saturated gates pass almost no gradient),
 * the mean forget gate of each unit and the memory it implies (a unit that keeps a fraction f̄ of its cell
 * per step remembers for about 1 / (1 − f̄) steps), and units that never move. Pure.
 */

import type { LayerGates } from '../../src/protocol/gate-recording';
import { unitMoments } from './unit-order';

export interface SaturationRow {
  /** `f < 0.1`, `f > 0.9`, `|g| > 0.9`, … */
  label: string;
  fraction: number;
}

export interface LayerSummary {
  layer: number;
  units: number;
  steps: number;
  saturation: SaturationRow[];
  /** Per unit, the forget gate's mean over the steps. */
  meanForget: Float64Array;
  /** Per unit, 1 / (1 − mean f): the steps over which it keeps about 1/e of its cell (∞ when f̄ = 1). */
  memorySteps: Float64Array;
  medianMemorySteps: number;
  /** Units whose h does not change over the sequence (standard deviation below 1e-3). */
  constantUnits: number;
  /** Short readings of the numbers, for the user. */
  findings: string[];
}

const LOW = 0.1;
const HIGH = 0.9;

export function summarizeLayer(layer: number, gates: LayerGates, steps: number, units: number): LayerSummary {
  const n = steps * units;
  const saturation: SaturationRow[] = [];
  for (const signal of ['i', 'f', 'o'] as const) {
    const [low, high] = countOutside(gates[signal], n, LOW, HIGH);
    saturation.push({ label: `${signal} < ${LOW}`, fraction: n === 0 ? 0 : low / n });
    saturation.push({ label: `${signal} > ${HIGH}`, fraction: n === 0 ? 0 : high / n });
  }
  for (const signal of ['g', 'h'] as const) {
    const [low, high] = countOutside(gates[signal], n, -HIGH, HIGH);
    saturation.push({ label: `|${signal}| > ${HIGH}`, fraction: n === 0 ? 0 : (low + high) / n });
  }

  const meanForget = unitMoments(gates.f, steps, units).mean;
  const memorySteps = meanForget.map((f) => (f >= 1 ? Infinity : 1 / (1 - f)));
  const hVariance = unitMoments(gates.h, steps, units).variance;
  const constantUnits = hVariance.reduce((count, v) => count + (Math.sqrt(v) < 1e-3 ? 1 : 0), 0);
  const summary: LayerSummary = {
    layer,
    units,
    steps,
    saturation,
    meanForget,
    memorySteps,
    medianMemorySteps: median(memorySteps),
    constantUnits,
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
  const fLow = saturationOf(s, `f < ${LOW}`);
  const fHigh = saturationOf(s, `f > ${HIGH}`);
  const gatesSaturated =
    (['i', 'f', 'o'] as const).reduce(
      (sum, g) => sum + saturationOf(s, `${g} < ${LOW}`) + saturationOf(s, `${g} > ${HIGH}`),
      0,
    ) / 3;
  if (fLow > 0.5)
    findings.push(
      'Most forget gates are closed (f < 0.1): cells are wiped at almost every step, so gradients cannot reach far back.',
    );
  if (fHigh > 0.8)
    findings.push(
      'Forget gates are nearly always open (f > 0.9): cells keep almost everything; the layer may not have learned what to forget yet.',
    );
  if (gatesSaturated > 0.7)
    findings.push(
      'Most gate values are saturated: little gradient flows through them. A lower learning rate or gradient clipping may help.',
    );
  if (s.constantUnits > 0) findings.push(`${s.constantUnits} of ${s.units} units do not change over this sequence.`);
  if (findings.length === 0)
    findings.push('Gates use their range; no sign of saturation or dead units on this sequence.');
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
