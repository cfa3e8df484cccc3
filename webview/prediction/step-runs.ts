/**
 * Which generated step a point in a continuation's text belongs to. The text streams in as one text node
 * per chunk rather than one element per character: ten thousand inline elements made every chunk's
 * layout cost tens of milliseconds, more than the 30 ms between chunks, and the panel stopped answering
 * clicks (Stop among them) until the stream ended. Each node is remembered with the step it starts at and
 * where each of its characters starts (a character can be two UTF-16 units).
 */

interface Run {
  firstStep: number;
  /** UTF-16 offset of each of the run's characters in its node, then the node's length. */
  unitStarts: Uint32Array;
}

export class StepRuns<N extends object> {
  private runs = new WeakMap<N, Run>();

  clear(): void {
    this.runs = new WeakMap();
  }

  /** `node` holds `chars`, the steps from `firstStep` on. */
  add(node: N, firstStep: number, chars: readonly string[]): void {
    const unitStarts = new Uint32Array(chars.length + 1);
    for (let k = 0; k < chars.length; k++) unitStarts[k + 1] = unitStarts[k] + chars[k].length;
    this.runs.set(node, { firstStep, unitStarts });
  }

  /** The step whose character covers UTF-16 offset `offset` of `node`, or undefined. */
  stepAt(node: N, offset: number): number | undefined {
    const run = this.runs.get(node);
    if (!run || offset < 0 || offset >= run.unitStarts[run.unitStarts.length - 1]) return undefined;
    // The last character starting at or before the offset.
    let lo = 0;
    let hi = run.unitStarts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (run.unitStarts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return run.firstStep + lo;
  }

  /** The UTF-16 range [start, end) of `step`'s character in `node`, or undefined when the node does not hold it. */
  unitsOf(node: N, step: number): [number, number] | undefined {
    const run = this.runs.get(node);
    const k = step - (run?.firstStep ?? 0);
    if (!run || k < 0 || k >= run.unitStarts.length - 1) return undefined;
    return [run.unitStarts[k], run.unitStarts[k + 1]];
  }
}
