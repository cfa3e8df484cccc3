/**
 * Which hidden units track a property of the input: the Pearson correlation of every unit's activation
 * with each of a few signals (1 inside a regular expression's matches and 0 outside; the position in the
 * line; the label), accumulated step by step in float64 so the states never have to be kept.
 */

export class UnitCorrelation {
  private count = 0;
  private readonly unitSum: Float64Array;
  private readonly unitSquares: Float64Array;
  private readonly signalSum: Float64Array;
  private readonly signalSquares: Float64Array;
  /** cross[s · units + u] = Σ signal_s · unit_u. */
  private readonly cross: Float64Array;

  constructor(
    readonly units: number,
    readonly signals: number,
  ) {
    this.unitSum = new Float64Array(units);
    this.unitSquares = new Float64Array(units);
    this.signalSum = new Float64Array(signals);
    this.signalSquares = new Float64Array(signals);
    this.cross = new Float64Array(signals * units);
  }

  /** One step: `states` [units] from `stateOffset`, `values` [signals] from `valueOffset`. */
  add(states: ArrayLike<number>, stateOffset: number, values: ArrayLike<number>, valueOffset = 0): void {
    const U = this.units;
    for (let u = 0; u < U; u++) {
      const x = states[stateOffset + u];
      this.unitSum[u] += x;
      this.unitSquares[u] += x * x;
    }
    for (let s = 0; s < this.signals; s++) {
      const y = values[valueOffset + s];
      this.signalSum[s] += y;
      this.signalSquares[s] += y * y;
      if (y === 0) continue;
      const row = s * U;
      for (let u = 0; u < U; u++) this.cross[row + u] += y * states[stateOffset + u];
    }
    this.count++;
  }

  get steps(): number {
    return this.count;
  }

  /** Correlation of unit u with signal s (0 when either is constant). */
  correlation(s: number, u: number): number {
    const n = this.count;
    if (n < 2) return 0;
    const covariance = this.cross[s * this.units + u] / n - (this.signalSum[s] / n) * (this.unitSum[u] / n);
    const unitVariance = this.unitSquares[u] / n - (this.unitSum[u] / n) ** 2;
    const signalVariance = this.signalSquares[s] / n - (this.signalSum[s] / n) ** 2;
    // Variances below rounding noise are a constant, not a tiny spread.
    if (unitVariance <= 1e-12 || signalVariance <= 1e-12) return 0;
    return covariance / Math.sqrt(unitVariance * signalVariance);
  }

  /** The `k` units most correlated with signal s (by |r|), strongest first. */
  top(s: number, k: number): Array<{ unit: number; correlation: number }> {
    const all = Array.from({ length: this.units }, (_, unit) => ({ unit, correlation: this.correlation(s, unit) }));
    all.sort((a, b) => Math.abs(b.correlation) - Math.abs(a.correlation) || a.unit - b.unit);
    return all.slice(0, k);
  }
}

/** 1 for each character of `text` inside a match of `pattern`, else 0 (empty matches mark nothing). */
export function regexMask(text: string, pattern: RegExp): Uint8Array {
  const mask = new Uint8Array(text.length);
  const global = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
  for (const match of text.matchAll(global)) {
    const start = match.index ?? 0;
    mask.fill(1, start, start + match[0].length);
  }
  return mask;
}

/** The 0-based position of each character in its line (a newline is at the end of its line). */
export function positionInLine(text: string): Float32Array {
  const position = new Float32Array(text.length);
  let column = 0;
  for (let i = 0; i < text.length; i++) {
    position[i] = column;
    column = text[i] === '\n' ? 0 : column + 1;
  }
  return position;
}
