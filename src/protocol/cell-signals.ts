/**
 * What each recurrent cell is made of, in one table shared by the checkpoint reader, the inference
 * producer, the CLI and the webviews: the gate blocks its weights stack along their first axis (PyTorch's
 * order: LSTM i, f, g, o — DESIGN.md §2; GRU r, z, n) and the signals a gate recording holds per step,
 * each with its name in words and its value range. A pure module: constants and types, no imports.
 */

export type CellKind = 'lstm' | 'gru';

/** The gate blocks of `weight_ih_l{k}`, `weight_hh_l{k}` and the biases, in PyTorch's order per cell. */
export const CELL_GATES = {
  lstm: ['i', 'f', 'g', 'o'],
  gru: ['r', 'z', 'n'],
} as const satisfies Record<CellKind, readonly string[]>;

export type Gate = (typeof CELL_GATES)[CellKind][number];

/** The LSTM's four gates (the common case, and what older callers mean by "the gates"). */
export const GATES = CELL_GATES.lstm;

export const GATE_NAMES: Readonly<Record<Gate, string>> = {
  i: 'input',
  f: 'forget',
  g: 'cell candidate',
  o: 'output',
  r: 'reset',
  z: 'update',
  n: 'candidate',
};

/**
 * How a signal's values spread: `unit` a sigmoid gate (0…1), `signed` a tanh (−1…1), `unbounded` a
 * value with no fixed range (the LSTM cell state, a projected h), drawn on ± its layer's largest |value|.
 */
export type SignalRange = 'unit' | 'signed' | 'unbounded';

/** The theme's chart colours (`--vscode-charts-<colour>`) a signal's line may take. */
export type ChartColor = 'green' | 'blue' | 'purple' | 'orange' | 'red' | 'yellow';

export interface SignalSpec {
  /** The symbol of the equations: `i`, `f`, `c`, `h`, `r`, `z`, `n`. */
  name: string;
  /** In words: `forget gate`, `update gate`, `hidden state`. */
  label: string;
  range: SignalRange;
  /** Its line in the focused unit's chart, or null when it is not charted. */
  chartColor: ChartColor | null;
  /** The layer's output (h): P wide instead of H in an LSTM with projections. */
  isOutput: boolean;
}

export interface CellSpec {
  kind: CellKind;
  /** `LSTM`, `GRU`: how architectures and model cards name the cell. */
  title: string;
  gates: readonly Gate[];
  signals: readonly SignalSpec[];
  /**
   * The gate whose mean says how much of its state a unit keeps from one step to the next (LSTM f: c_t =
   * f ⊙ c_{t−1} + …; GRU z: h_t = … + z ⊙ h_{t−1}), and that state's name in words.
   */
  keep: { signal: string; state: string };
}

const signal = (name: string, label: string, range: SignalRange, chartColor: ChartColor | null): SignalSpec => ({
  name,
  label,
  range,
  chartColor,
  isOutput: name === 'h',
});

export const CELLS: Readonly<Record<CellKind, CellSpec>> = {
  lstm: {
    kind: 'lstm',
    title: 'LSTM',
    gates: CELL_GATES.lstm,
    signals: [
      signal('i', 'input gate', 'unit', 'green'),
      signal('f', 'forget gate', 'unit', 'blue'),
      signal('g', 'cell input', 'signed', null),
      signal('o', 'output gate', 'unit', 'purple'),
      signal('c', 'cell state', 'unbounded', 'orange'),
      signal('h', 'hidden state', 'signed', 'red'),
    ],
    keep: { signal: 'f', state: 'cell' },
  },
  gru: {
    kind: 'gru',
    title: 'GRU',
    gates: CELL_GATES.gru,
    signals: [
      signal('r', 'reset gate', 'unit', 'green'),
      signal('z', 'update gate', 'unit', 'blue'),
      signal('n', 'candidate', 'signed', 'orange'),
      signal('h', 'hidden state', 'signed', 'red'),
    ],
    keep: { signal: 'z', state: 'hidden state' },
  },
};

/** h's name in words when an LSTM projects it (`projSize` > 0). */
export const PROJECTED_HIDDEN_STATE = 'projected hidden state';

/**
 * The signals a layer of this cell records. With projections (LSTM, `projSize` P > 0) h = W_hr (o ⊙
 * tanh c) is P wide and no longer bounded by the tanh.
 */
export function cellSignals(cell: CellKind, projSize = 0): SignalSpec[] {
  return CELLS[cell].signals.map((s) =>
    s.isOutput && projSize > 0 ? { ...s, label: PROJECTED_HIDDEN_STATE, range: 'unbounded' } : { ...s },
  );
}

export function isCellKind(value: unknown): value is CellKind {
  return value === 'lstm' || value === 'gru';
}
