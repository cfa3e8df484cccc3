/**
 * The gate blocks of an nn.LSTM tensor. PyTorch stacks the four gates along the first axis, in the
 * order i, f, g, o (DESIGN.md §2):
 *
 *   weight_ih_l{k}  [4H, D]   rows 0..H-1 = i, H..2H-1 = f, 2H..3H-1 = g, 3H..4H-1 = o
 *   weight_hh_l{k}  [4H, H]   same
 *   bias_ih_l{k}, bias_hh_l{k}  [4H]   same, element-wise
 *
 * Row-major, so each gate is one contiguous run of elements: gate q is [q·H·C, (q+1)·H·C) with C the
 * row length (1 for a bias). The same holds for the optimizer's state of those tensors
 * (`optimizer.exp_avg.lstm.weight_ih_l0` …), which `matchLstmTensorName` also recognises.
 */

import { GATES, type Gate } from '../protocol/lstm-gates';
import { matchLstmTensorName } from './names';
import { tensorStatistics, type TensorStatistics } from './statistics';

export { GATE_NAMES, GATES, type Gate } from '../protocol/lstm-gates';

export interface GateBlock {
  gate: Gate;
  /** Rows [start, end) of the first axis. */
  rows: readonly [number, number];
  /** Elements [start, end) of the flat row-major data. */
  elements: readonly [number, number];
}

export interface GateLayout {
  /** H, the LSTM's hidden size. */
  hiddenSize: number;
  /** Elements per row (the product of the shape after the first axis; 1 for a bias). */
  rowLength: number;
  blocks: readonly GateBlock[];
}

/**
 * How a tensor splits into gates, or undefined when it is not a gate-stacked nn.LSTM tensor (wrong name,
 * `weight_hr` projections, a first axis not divisible by 4, more than two axes).
 */
export function lstmGateLayout(name: string, shape: readonly number[]): GateLayout | undefined {
  const match = matchLstmTensorName(name);
  if (!match || match.kind === 'weight_hr') return undefined;
  const isBias = match.kind === 'bias_ih' || match.kind === 'bias_hh';
  if (shape.length !== (isBias ? 1 : 2)) return undefined;
  const rows = shape[0];
  if (rows === 0 || rows % 4 !== 0) return undefined;
  return gateLayout(rows / 4, isBias ? 1 : shape[1]);
}

/** The four blocks of a [4H, rowLength] tensor. */
export function gateLayout(hiddenSize: number, rowLength: number): GateLayout {
  const blocks = GATES.map((gate, q): GateBlock => ({
    gate,
    rows: [q * hiddenSize, (q + 1) * hiddenSize],
    elements: [q * hiddenSize * rowLength, (q + 1) * hiddenSize * rowLength],
  }));
  return { hiddenSize, rowLength, blocks };
}

export interface GateStatistics {
  gate: Gate;
  rows: readonly [number, number];
  stats: TensorStatistics;
}

/** Statistics of each gate block of the whole tensor's values (the worker streams the same over slices). */
export function gateStatistics(values: ArrayLike<number>, layout: GateLayout, bins = 20): GateStatistics[] {
  return layout.blocks.map(({ gate, rows, elements }) => {
    const block = ArrayBuffer.isView(values)
      ? (values as unknown as Float32Array).subarray(elements[0], elements[1])
      : (Array.prototype.slice.call(values, elements[0], elements[1]) as number[]);
    return { gate, rows, stats: tensorStatistics(block, bins) };
  });
}
