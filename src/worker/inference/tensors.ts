/**
 * `tensor-stats` and `tensor-values`: the checkpoint editor's numbers, computed in the inference worker
 * so the extension host never touches tensor data.
 *
 * - Statistics: two passes (moments, then the histogram over the final [min, max]) over slices of the
 *   tensor, with `partial` progress messages for tensors larger than one slice; the per-gate statistics
 *   of an LSTM or GRU tensor come from the same passes. Equal to `tensorStatistics` on the whole array.
 * - Values: the tensor as a matrix (first axis × the rest; an LSTM bias [4H] as 4 × H, a GRU's [3H]
 *   as 3 × H: one row per gate), block-averaged to at most `maxElements` cells, sent as a transferred Float32Array.
 */

import { gateLayoutOf, type GateLayout } from '../../checkpoint/gates';
import { StatisticsAccumulator } from '../../checkpoint/statistics';
import type {
  GateStatisticsResult,
  TensorStatsProgress,
  TensorStatsResult,
  TensorValuesResult,
} from '../../protocol/checkpoint-editor';
import { BlockAverager, gridSize } from './block-average';
import { registerHandler } from './handlers';
import { DEFAULT_SLICE_BYTES, openSlicedTensor, type TensorSlice } from './tensor-slices';

/** The heatmap's default and hard limits on cells sent (a 512 × 512 grid is 1 MB of float32). */
export const DEFAULT_MAX_ELEMENTS = 256 * 256;
const MAX_ELEMENTS_LIMIT = 1024 * 1024;
const MIN_ELEMENTS = 16;
/** At most ~10 progress messages a second. */
const PROGRESS_INTERVAL_MS = 100;

export interface TensorComputeOptions {
  /** Bytes read at a time (tests make it small to exercise slicing). */
  sliceBytes?: number;
  onProgress?: (progress: TensorStatsProgress) => void;
}

export async function computeTensorStats(
  path: string,
  tensorName: string,
  bins = 20,
  options: TensorComputeOptions = {},
): Promise<TensorStatsResult> {
  const started = performance.now();
  const tensor = await openSlicedTensor(path, tensorName);
  try {
    const { info, count } = tensor;
    const sliceElements = sliceElementsOf(options.sliceBytes, info.byteLength / Math.max(1, count));
    const overall = new StatisticsAccumulator(bins);
    const layout = gateLayoutOf(info.name, info.shape, tensor.sibling);
    const gates = layout?.blocks.map((block) => ({ block, accumulator: new StatisticsAccumulator(bins) })) ?? [];
    const total = 2 * count;
    let done = 0;
    let lastReport = performance.now();
    const report = () => {
      if (!options.onProgress || count <= sliceElements) return;
      const now = performance.now();
      if (now - lastReport < PROGRESS_INTERVAL_MS && done < total) return;
      lastReport = now;
      options.onProgress({ done, total });
    };
    // A tensor that fits in one slice is read once for both passes.
    const single = count <= sliceElements ? await firstSlice(tensor.slices(sliceElements)) : null;
    const passes = ['moments', 'histogram'] as const;
    for (const pass of passes) {
      const source = single ? [single] : tensor.slices(sliceElements);
      for await (const { start, values } of source) {
        const add = (accumulator: StatisticsAccumulator, from: number, to: number) =>
          pass === 'moments' ? accumulator.addMoments(values, from, to) : accumulator.addHistogram(values, from, to);
        add(overall, 0, values.length);
        for (const { block, accumulator } of gates) {
          const from = Math.max(block.elements[0], start) - start;
          const to = Math.min(block.elements[1], start + values.length) - start;
          if (from < to) add(accumulator, from, to);
        }
        done += values.length;
        report();
      }
    }
    const gateResults: GateStatisticsResult[] | null = layout
      ? gates.map(({ block, accumulator }) => ({ gate: block.gate, rows: block.rows, stats: accumulator.result() }))
      : null;
    return { tensorName, stats: overall.result(), gates: gateResults, seconds: (performance.now() - started) / 1000 };
  } finally {
    await tensor.close();
  }
}

/** How many cells the heatmap may have: in all, and per axis (its canvas's pixels). */
export interface GridLimits {
  maxElements?: number;
  maxRows?: number;
  maxCols?: number;
}

export async function computeTensorValues(
  path: string,
  tensorName: string,
  limits: GridLimits = {},
  options: TensorComputeOptions = {},
): Promise<TensorValuesResult> {
  const tensor = await openSlicedTensor(path, tensorName);
  try {
    const { info, count } = tensor;
    const layout = gateLayoutOf(info.name, info.shape, tensor.sibling);
    const { rows: sourceRows, cols: sourceCols } = matrixShape(info.shape, count, layout);
    const limit = clampLimit(limits.maxElements ?? DEFAULT_MAX_ELEMENTS, MIN_ELEMENTS, MAX_ELEMENTS_LIMIT);
    const maxRows = clampLimit(limits.maxRows ?? Infinity, 4, MAX_ELEMENTS_LIMIT);
    const maxCols = clampLimit(limits.maxCols ?? Infinity, 4, MAX_ELEMENTS_LIMIT);
    const grid =
      count === 0
        ? { rows: 0, cols: 0 }
        : gridSize(sourceRows, sourceCols, limit, layout ? layout.blocks.length : 1, maxRows, maxCols);
    const downsampled = grid.rows * grid.cols < count;
    const sliceElements = sliceElementsOf(options.sliceBytes, info.byteLength / Math.max(1, count));
    let values: Float32Array;
    if (!downsampled) {
      values = new Float32Array(count);
      for await (const slice of tensor.slices(sliceElements)) values.set(slice.values, slice.start);
    } else {
      const averager = new BlockAverager(sourceRows, sourceCols, grid);
      for await (const slice of tensor.slices(sliceElements)) averager.add(slice.values, slice.start);
      values = averager.result();
    }
    let maxAbs = 0;
    for (let k = 0; k < values.length; k++) {
      const magnitude = Math.abs(values[k]);
      if (magnitude > maxAbs && magnitude !== Infinity) maxAbs = magnitude;
    }
    return {
      tensorName,
      sourceRows,
      sourceCols,
      rows: grid.rows,
      cols: grid.cols,
      values,
      gateHiddenSize: layout?.hiddenSize ?? null,
      gates: layout ? layout.blocks.map((b) => b.gate) : null,
      downsampled,
      maxAbs,
    };
  } finally {
    await tensor.close();
  }
}

/** The tensor as a matrix: [first axis, product of the rest]; a scalar is 1 × 1, a vector one row, an LSTM bias 4 × H. */
export function matrixShape(
  shape: readonly number[],
  count: number,
  layout: GateLayout | undefined,
): { rows: number; cols: number } {
  if (layout && shape.length === 1) return { rows: layout.blocks.length, cols: layout.hiddenSize };
  if (shape.length <= 1) return { rows: 1, cols: count };
  return { rows: shape[0], cols: shape[0] === 0 ? 0 : count / shape[0] };
}

/** A request's limit as a whole number in [min, max]; anything not a number gives max. */
function clampLimit(value: number, min: number, max: number): number {
  return typeof value === 'number' && !Number.isNaN(value) ? Math.min(max, Math.max(min, Math.floor(value))) : max;
}

function sliceElementsOf(sliceBytes: number | undefined, itemSize: number): number {
  return Math.max(1, Math.floor((sliceBytes ?? DEFAULT_SLICE_BYTES) / Math.max(1, itemSize)));
}

async function firstSlice(slices: AsyncGenerator<TensorSlice>): Promise<TensorSlice> {
  const first = await slices.next();
  await slices.return(undefined);
  return first.done ? { start: 0, values: new Float32Array(0) } : first.value;
}

registerHandler('tensor-stats', ({ checkpointPath, tensorName, bins }, context) =>
  computeTensorStats(checkpointPath, tensorName, bins ?? 20, { onProgress: (progress) => context.partial(progress) }),
);

registerHandler('tensor-values', async ({ checkpointPath, tensorName, maxElements, maxRows, maxCols }, context) => {
  const result = await computeTensorValues(checkpointPath, tensorName, { maxElements, maxRows, maxCols });
  context.transfer.push(result.values.buffer as ArrayBuffer);
  return result;
});
