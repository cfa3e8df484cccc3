/**
 * LSTMVis's match view (Strobelt et al., "LSTMVis: A Tool for Visual Analysis of Hidden State Dynamics in
 * Recurrent Neural Networks", 2018, §5.2): a selection of units and a threshold define a pattern — the
 * selected units all at or above the threshold ("on"), the others below it ("off"). Every maximal run
 * of steps in the cached states where the selected units are all on is a candidate span; a span scores
 *
 *   score = mean over its steps t of [ mean_{u ∈ S} (x_tu − θ) − mean_{u ∉ S} max(0, x_tu − θ) ]
 *
 * (the selected units' activation above the threshold minus the other units'), so a span where only the
 * selected units fire ranks above one where everything fires. The best `topK` are answered, highest
 * first (ties: earlier sequence and step first). Pure over the cached states (`StateReader`).
 */

import { MAX_RESULTS, type MatchQuery } from '../protocol/evaluate-view';
import { float16Table } from './float16';
import type { StateReader } from './state-reader';

export interface MatchSpan {
  sequence: number;
  start: number;
  end: number;
  score: number;
}

/** Checks a query against the cached states: one line naming what is wrong, or null. */
export function matchQueryProblem(states: StateReader, query: MatchQuery): string | null {
  let width: number;
  try {
    width = states.width(query.address);
  } catch (error) {
    return (error as Error).message;
  }
  if (query.units.length === 0) return 'select at least one unit to search for';
  for (const unit of query.units)
    if (!Number.isInteger(unit) || unit < 0 || unit >= width) return `unit ${unit} is not in 0 … ${width - 1}`;
  if (!Number.isFinite(query.threshold)) return 'the threshold must be a number';
  if (!Number.isInteger(query.topK) || query.topK < 1 || query.topK > MAX_RESULTS)
    return `top-k must be a whole number in 1 … ${MAX_RESULTS}`;
  return null;
}

/** `onSequence(done)` is called after each sequence (progress, cancelling). */
export function matchSearch(
  states: StateReader,
  query: MatchQuery,
  onSequence: (done: number) => void = () => {},
): MatchSpan[] {
  const problem = matchQueryProblem(states, query);
  if (problem) throw new Error(problem);
  const W = states.width(query.address);
  const selected = Int32Array.from(new Set(query.units));
  const S = selected.length;
  const isSelected = new Uint8Array(W);
  for (const u of selected) isSelected[u] = 1;
  const others = W - S;
  const theta = query.threshold;
  const best = new TopSpans(query.topK);
  // Float16 states are tested for "on" by decoding the selected units only, and a whole row is decoded
  // only at an on step: most steps cost |S| table lookups, not W.
  const table = float16Table();
  const row = new Float32Array(W);
  let buffer: Float32Array = new Float32Array(0);
  for (let s = 0; s < states.sequences; s++) {
    const T = states.steps(s);
    const bits = states.readBits ? states.readBits(query.address, s) : null;
    let x: Float32Array | null = null;
    if (!bits) {
      x = states.read(query.address, s, buffer);
      if (x.buffer !== buffer.buffer) buffer = new Float32Array(x.buffer);
    }
    let runStart = -1;
    let runSum = 0;
    for (let t = 0; t <= T; t++) {
      // states (T, W): step t's units at t·W
      const at = t * W;
      let on = t < T;
      if (bits) for (let k = 0; on && k < S; k++) on = table[bits[at + selected[k]]] >= theta;
      else for (let k = 0; on && k < S; k++) on = x![at + selected[k]] >= theta;
      if (on) {
        if (bits) for (let u = 0; u < W; u++) row[u] = table[bits[at + u]];
        else row.set(x!.subarray(at, at + W));
        let selectedAbove = 0;
        for (let k = 0; k < S; k++) selectedAbove += row[selected[k]] - theta;
        let othersAbove = 0;
        for (let u = 0; u < W; u++) {
          const v = row[u] - theta;
          if (v > 0 && !isSelected[u]) othersAbove += v;
        }
        if (runStart < 0) {
          runStart = t;
          runSum = 0;
        }
        runSum += selectedAbove / S - (others > 0 ? othersAbove / others : 0);
      } else if (runStart >= 0) {
        best.offer(s, runStart, t, runSum / (t - runStart));
        runStart = -1;
      }
    }
    onSequence(s + 1);
  }
  return best.sorted();
}

/** The k best spans seen, kept in a small sorted array (k ≤ MAX_RESULTS). */
class TopSpans {
  private readonly spans: MatchSpan[] = [];
  constructor(private readonly k: number) {}

  offer(sequence: number, start: number, end: number, score: number): void {
    if (this.spans.length === this.k && score <= this.spans[this.spans.length - 1].score) return;
    let at = this.spans.length;
    while (at > 0 && this.spans[at - 1].score < score) at--;
    this.spans.splice(at, 0, { sequence, start, end, score });
    if (this.spans.length > this.k) this.spans.pop();
  }

  sorted(): MatchSpan[] {
    return [...this.spans];
  }
}
