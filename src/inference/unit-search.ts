/**
 * Finding units by meaning (the Evaluate view's Units tab): the Pearson correlation of every unit of the
 * chosen addresses with a per-step signal of the input (pattern-signals.ts), accumulated over every cached
 * step by `UnitCorrelation` (unit-correlation.ts), ranked by |r|; and the catalogue of each unit's mean,
 * maximum and highest-activating contexts. Each result's example is the run of steps around the unit's
 * highest activation. Pure over the cached states (`StateReader`).
 */

import type { StateAddress } from '../protocol/evaluate-view';
import type { StateReader } from './state-reader';
import { UnitCorrelation } from './unit-correlation';

/** A step range of one sequence (the caller adds its text). */
export interface StepRange {
  sequence: number;
  start: number;
  end: number;
}

export interface RankedUnit {
  address: StateAddress;
  unit: number;
  correlation: number;
  example: StepRange;
}

/** Sequence s's signal, one value per step (`T_s` long), or null to leave the sequence out. */
export type StepSignal = (sequence: number, steps: number) => ArrayLike<number> | null;

/** Steps an example run reaches at most either side of its peak. */
const MAX_RUN_REACH = 20;

/** `onSequence(done, total)` after each sequence of each address (progress, cancelling). */
/**
 * The pattern has one value at every step (a regex that never or always matches): no unit can correlate
 * with it, so ranking would list every unit at r = 0. The caller words it for its kind of pattern.
 */
export class ConstantPattern extends Error {
  constructor() {
    super('the pattern has the same value at every evaluated step, so no unit can correlate with it');
  }
}

function isConstant(signals: readonly (ArrayLike<number> | null)[]): boolean {
  let first: number | undefined;
  for (const y of signals) {
    if (!y) continue;
    for (let t = 0; t < y.length; t++) {
      if (first === undefined) first = y[t];
      else if (y[t] !== first) return false;
    }
  }
  return true;
}

export function rankUnits(
  states: StateReader,
  addresses: readonly StateAddress[],
  signal: StepSignal,
  topK: number,
  onSequence: (done: number, total: number) => void = () => {},
): RankedUnit[] {
  const signals: (ArrayLike<number> | null)[] = [];
  for (let s = 0; s < states.sequences; s++) signals.push(signal(s, states.steps(s)));
  if (isConstant(signals)) throw new ConstantPattern();
  const total = addresses.length * states.sequences;
  const ranked: Array<RankedUnit & { peak: Peak }> = [];
  let buffer: Float32Array = new Float32Array(0);
  addresses.forEach((address, a) => {
    const W = states.width(address);
    const correlation = new UnitCorrelation(W, 1);
    const peak = new Peak(W);
    for (let s = 0; s < states.sequences; s++) {
      const y = signals[s];
      if (y) {
        const x = states.read(address, s, buffer);
        if (x.buffer !== buffer.buffer) buffer = new Float32Array(x.buffer);
        const T = states.steps(s);
        // x (T, W): step t at t·W; y (T)
        for (let t = 0; t < T; t++) correlation.add(x, t * W, y, t);
        peak.add(x, T, s);
      }
      onSequence(a * states.sequences + s + 1, total);
    }
    for (let unit = 0; unit < W; unit++)
      ranked.push({
        address,
        unit,
        correlation: correlation.correlation(0, unit),
        example: { sequence: -1, start: 0, end: 0 },
        peak,
      });
  });
  ranked.sort(
    (p, q) => Math.abs(q.correlation) - Math.abs(p.correlation) || addressOrder(p, q, addresses) || p.unit - q.unit,
  );
  return ranked.slice(0, topK).map(({ address, unit, correlation, peak }) => ({
    address,
    unit,
    correlation,
    example:
      peak.sequenceOf(unit) < 0
        ? { sequence: 0, start: 0, end: 0 }
        : activationRun(states, address, unit, peak.sequenceOf(unit), peak.stepOf(unit)),
  }));
}

export interface CataloguedUnit {
  unit: number;
  mean: number;
  max: number;
  /** Up to `contexts` runs around the highest activations, one per sequence, highest first. */
  top: StepRange[];
}

/** Every unit of `address`: its mean and maximum over every cached step, and its top contexts. */
export function unitCatalogue(
  states: StateReader,
  address: StateAddress,
  contexts: number,
  onSequence: (done: number) => void = () => {},
): CataloguedUnit[] {
  const W = states.width(address);
  const sums = new Float64Array(W);
  let steps = 0;
  // Per unit the `contexts` best (value, sequence, step), one per sequence, best first.
  const bestValue = new Float32Array(W * contexts).fill(-Infinity);
  const bestSequence = new Int32Array(W * contexts).fill(-1);
  const bestStep = new Int32Array(W * contexts);
  let buffer: Float32Array = new Float32Array(0);
  const seqMax = new Float32Array(W);
  const seqArg = new Int32Array(W);
  for (let s = 0; s < states.sequences; s++) {
    const x = states.read(address, s, buffer);
    if (x.buffer !== buffer.buffer) buffer = new Float32Array(x.buffer);
    const T = states.steps(s);
    seqMax.fill(-Infinity);
    for (let t = 0; t < T; t++)
      for (let u = 0; u < W; u++) {
        const v = x[t * W + u];
        sums[u] += v;
        if (v > seqMax[u]) {
          seqMax[u] = v;
          seqArg[u] = t;
        }
      }
    steps += T;
    for (let u = 0; u < W; u++) {
      if (T === 0 || seqMax[u] <= bestValue[u * contexts + contexts - 1]) continue;
      let at = contexts - 1;
      while (at > 0 && bestValue[u * contexts + at - 1] < seqMax[u]) {
        bestValue[u * contexts + at] = bestValue[u * contexts + at - 1];
        bestSequence[u * contexts + at] = bestSequence[u * contexts + at - 1];
        bestStep[u * contexts + at] = bestStep[u * contexts + at - 1];
        at--;
      }
      bestValue[u * contexts + at] = seqMax[u];
      bestSequence[u * contexts + at] = s;
      bestStep[u * contexts + at] = seqArg[u];
    }
    onSequence(s + 1);
  }
  const units: CataloguedUnit[] = [];
  for (let u = 0; u < W; u++) {
    const top: StepRange[] = [];
    for (let k = 0; k < contexts; k++) {
      const sequence = bestSequence[u * contexts + k];
      if (sequence < 0) break;
      top.push(activationRun(states, address, u, sequence, bestStep[u * contexts + k]));
    }
    units.push({
      unit: u,
      mean: steps > 0 ? sums[u] / steps : 0,
      max: top.length > 0 ? bestValue[u * contexts] : 0,
      top,
    });
  }
  return units;
}

/**
 * The run of steps around a peak of `unit` in one sequence: the steps on each side (at most
 * `MAX_RUN_REACH`) whose activation stays at or above half the peak's (a non-positive peak is a step alone).
 */
export function activationRun(
  states: StateReader,
  address: StateAddress,
  unit: number,
  sequence: number,
  step: number,
): StepRange {
  const W = states.width(address);
  const x = states.read(address, sequence);
  const T = states.steps(sequence);
  const peak = x[step * W + unit];
  if (!(peak > 0)) return { sequence, start: step, end: step + 1 };
  const floor = peak / 2;
  let start = step;
  while (start > 0 && step - start < MAX_RUN_REACH && x[(start - 1) * W + unit] >= floor) start--;
  let end = step + 1;
  while (end < T && end - step <= MAX_RUN_REACH && x[end * W + unit] >= floor) end++;
  return { sequence, start, end };
}

/** Each unit's highest activation over the sequences seen, and where. */
class Peak {
  private readonly value: Float32Array;
  private readonly sequence: Int32Array;
  private readonly step: Int32Array;
  constructor(private readonly width: number) {
    this.value = new Float32Array(width).fill(-Infinity);
    this.sequence = new Int32Array(width).fill(-1);
    this.step = new Int32Array(width);
  }

  // x (T, W)
  add(x: Float32Array, T: number, sequence: number): void {
    const W = this.width;
    for (let t = 0; t < T; t++)
      for (let u = 0; u < W; u++)
        if (x[t * W + u] > this.value[u]) {
          this.value[u] = x[t * W + u];
          this.sequence[u] = sequence;
          this.step[u] = t;
        }
  }

  sequenceOf(unit: number): number {
    return this.sequence[unit];
  }

  stepOf(unit: number): number {
    return this.step[unit];
  }
}

function addressOrder(p: RankedUnit, q: RankedUnit, addresses: readonly StateAddress[]): number {
  return addresses.indexOf(p.address) - addresses.indexOf(q.address);
}
