/**
 * The gate blocks of an nn.LSTM or nn.GRU tensor, and what a recurrent tensor's name says (its layer,
 * direction, kind). PyTorch stacks the gates along the first axis, in the order of the cell table
 * (src/protocol/cell-signals.ts: LSTM i, f, g, o; GRU r, z, n):
 *
 *   weight_ih_l{k}  [G·H, D]   rows 0..H-1 = first gate, H..2H-1 = second, …   (G = 4 for an LSTM, 3 for a GRU)
 *   weight_hh_l{k}  [G·H, H]   same ([4H, P] for an LSTM with projections)
 *   bias_ih_l{k}, bias_hh_l{k}  [G·H]   same, element-wise
 *   weight_hr_l{k}  [P, H]     an LSTM's projection (proj_size P): not gate-stacked
 *
 * with `_reverse` after the layer for the backward direction of a bidirectional layer. Row-major, so
 * each gate is one contiguous run of elements: gate q is [q·H·C, (q+1)·H·C) with C the row length (1 for
 * a bias). The same holds for the optimizer's state of those tensors (`optimizer.exp_avg.gru.weight_ih_l0`
 * …), which `matchLstmTensorName` also recognises.
 *
 * Which cell a tensor belongs to: its layer's `weight_hh` says it — [3H, H] is a GRU's, [4H, H] or
 * [4H, P] an LSTM's — so callers that can look up the other tensors of the file pass `lookup`; without
 * it (or without that tensor) the module's name decides (`gru`, `lstm`), then the first axis.
 */

import { CELLS, type CellKind, type Gate } from '../protocol/cell-signals';
import type { Direction } from '../protocol/gate-recording';
import { matchLstmTensorName, OPTIMIZER_PREFIX, type LstmTensorMatch } from './names';
import { tensorStatistics, type TensorStatistics } from './statistics';

export { CELL_GATES, GATE_NAMES, GATES, type Gate } from '../protocol/cell-signals';

export interface GateBlock {
  gate: Gate;
  /** Rows [start, end) of the first axis. */
  rows: readonly [number, number];
  /** Elements [start, end) of the flat row-major data. */
  elements: readonly [number, number];
}

export interface GateLayout {
  cell: CellKind;
  /** H, the layer's hidden size. */
  hiddenSize: number;
  /** Elements per row (the product of the shape after the first axis; 1 for a bias). */
  rowLength: number;
  blocks: readonly GateBlock[];
}

/** Another tensor's shape by name, for telling a GRU's tensors from an LSTM's. */
export type TensorShapeLookup = (name: string) => { shape: readonly number[] } | undefined;

/** What a recurrent tensor's name and its layer's shapes say about it. */
export interface RecurrentTensor {
  cell: CellKind;
  kind: LstmTensorMatch['kind'];
  layer: number;
  direction: Direction;
  /** The module path (`lstm`, `encoder.gru`), without an optimizer prefix. */
  module: string;
}

/** Recognises a tensor of an nn.LSTM or nn.GRU (also its optimizer state), or undefined. */
export function recurrentTensorOf(
  name: string,
  shape: readonly number[],
  lookup?: TensorShapeLookup,
): RecurrentTensor | undefined {
  const match = matchLstmTensorName(name);
  if (!match) return undefined;
  const module = stripOptimizerPrefix(match.prefix);
  const cell = match.kind === 'weight_hr' ? 'lstm' : cellOf(match, name, shape, lookup);
  if (!cell) return undefined;
  return { cell, kind: match.kind, layer: match.layer, direction: match.reverse ? 'backward' : 'forward', module };
}

/** `layer 0, backward`: where a tensor sits in its stack, in the words of PyTorch's names (0-based). */
export function recurrentTensorLabel(tensor: RecurrentTensor): string {
  return `layer ${tensor.layer}, ${tensor.direction}`;
}

/**
 * How a tensor splits into gates, or undefined when it is not a gate-stacked nn.LSTM/nn.GRU tensor (wrong
 * name, `weight_hr` projections, a first axis not divisible by the cell's gate count, more than two axes).
 */
export function gateLayoutOf(
  name: string,
  shape: readonly number[],
  lookup?: TensorShapeLookup,
): GateLayout | undefined {
  const tensor = recurrentTensorOf(name, shape, lookup);
  if (!tensor || tensor.kind === 'weight_hr') return undefined;
  const isBias = tensor.kind === 'bias_ih' || tensor.kind === 'bias_hh';
  if (shape.length !== (isBias ? 1 : 2)) return undefined;
  const gates = CELLS[tensor.cell].gates.length;
  const rows = shape[0];
  if (rows === 0 || rows % gates !== 0) return undefined;
  return gateLayout(rows / gates, isBias ? 1 : shape[1], tensor.cell);
}

/** The blocks of a [G·H, rowLength] tensor, G the cell's gates (4 for an LSTM). */
export function gateLayout(hiddenSize: number, rowLength: number, cell: CellKind = 'lstm'): GateLayout {
  const blocks = CELLS[cell].gates.map((gate, q): GateBlock => ({
    gate,
    rows: [q * hiddenSize, (q + 1) * hiddenSize],
    elements: [q * hiddenSize * rowLength, (q + 1) * hiddenSize * rowLength],
  }));
  return { cell, hiddenSize, rowLength, blocks };
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

/** The cell of a gate-stacked tensor: from its layer's weight_hh, else its module's name, else its first axis. */
function cellOf(
  match: LstmTensorMatch,
  name: string,
  shape: readonly number[],
  lookup: TensorShapeLookup | undefined,
): CellKind | undefined {
  const suffix = `_l${match.layer}${match.reverse ? '_reverse' : ''}`;
  const hhName = `${match.prefix ? `${match.prefix}.` : ''}weight_hh${suffix}`;
  const hh = hhName === name ? { shape } : lookup?.(hhName);
  if (hh && hh.shape.length === 2 && hh.shape[1] > 0) {
    if (hh.shape[0] === 3 * hh.shape[1]) return 'gru';
    if (hh.shape[0] % 4 === 0) return 'lstm';
  }
  const module = stripOptimizerPrefix(match.prefix).split('.').pop() ?? '';
  if (/gru/i.test(module)) return 'gru';
  if (/lstm/i.test(module)) return 'lstm';
  const rows = shape[0] ?? 0;
  if (rows % 4 === 0) return 'lstm';
  return rows % 3 === 0 ? 'gru' : undefined;
}

/** `optimizer.exp_avg.gru` → `gru`. */
function stripOptimizerPrefix(prefix: string): string {
  if (!prefix.startsWith(OPTIMIZER_PREFIX)) return prefix;
  const rest = prefix.slice(OPTIMIZER_PREFIX.length);
  const dot = rest.indexOf('.');
  return dot >= 0 ? rest.slice(dot + 1) : '';
}
