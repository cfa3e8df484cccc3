/**
 * Where the heatmap's cells go on the canvas, and which source values a point under the pointer stands
 * for. An LSTM or GRU tensor is drawn as its gate blocks side by side — i | f | g | o or r | z | n, each H
 * rows of the same inputs, so the gates compare at a glance — with a label above each; anything else as
 * one block.
 * Cells are square where the space allows. Pure: CSS pixels in, rectangles out.
 */

import type { Gate } from '../../src/protocol/cell-signals';

export interface HeatmapBlock {
  gate: Gate | null;
  /** Grid rows [start, end) drawn in this block. */
  gridRows: readonly [number, number];
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface HeatmapLayout {
  width: number;
  height: number;
  cellWidth: number;
  cellHeight: number;
  /** Height of the label line above the blocks (0 without gates). */
  labelHeight: number;
  blocks: HeatmapBlock[];
}

export interface HeatmapGeometry {
  /** Grid rows in all (for gates: the gate count × the rows of one gate). */
  rows: number;
  cols: number;
  /** The gate blocks top to bottom (the tensor's rows), or null for a tensor that is not gate-stacked. */
  gates: readonly Gate[] | null;
}

export const MAX_CELL = 16;
/** The tallest a block gets; taller tensors get flatter cells (or are block-averaged to fit). */
export const MAX_HEIGHT = 480;
/** A block of a row or two (a bias, a vector) is drawn at least this tall. */
export const MIN_BLOCK_HEIGHT = 14;
export const GATE_GAP = 10;
export const GATE_LABEL_HEIGHT = 20;

/** The grid a heatmap of `availableWidth` CSS pixels can show cell per pixel: what to ask the worker for. */
export function heatmapPixelBudget(availableWidth: number, gateCount: number): { maxRows: number; maxCols: number } {
  if (gateCount <= 1) return { maxRows: MAX_HEIGHT, maxCols: Math.max(4, Math.floor(availableWidth)) };
  return {
    maxRows: gateCount * MAX_HEIGHT,
    maxCols: Math.max(4, Math.floor((availableWidth - (gateCount - 1) * GATE_GAP) / gateCount)),
  };
}

export function layoutHeatmap({ rows, cols, gates }: HeatmapGeometry, availableWidth: number): HeatmapLayout {
  const split = gates !== null && gates.length > 1 && rows > 0 && rows % gates.length === 0;
  const blockCount = split ? gates.length : 1;
  const blockRows = split ? rows / blockCount : rows;
  const widthPerBlock = (availableWidth - (blockCount - 1) * GATE_GAP) / blockCount;
  const cellWidth = Math.max(0.25, Math.min(MAX_CELL, widthPerBlock / Math.max(1, cols)));
  let cellHeight = Math.max(0.25, Math.min(cellWidth, MAX_HEIGHT / Math.max(1, blockRows)));
  if (blockRows * cellHeight < MIN_BLOCK_HEIGHT) cellHeight = MIN_BLOCK_HEIGHT / Math.max(1, blockRows);
  const labelHeight = split ? GATE_LABEL_HEIGHT : 0;
  const blockWidth = cellWidth * cols;
  const blockHeight = cellHeight * blockRows;
  const blocks: HeatmapBlock[] = [];
  for (let q = 0; q < blockCount; q++) {
    blocks.push({
      gate: split ? gates[q] : null,
      gridRows: [q * blockRows, (q + 1) * blockRows],
      x: q * (blockWidth + GATE_GAP),
      y: labelHeight,
      width: blockWidth,
      height: blockHeight,
    });
  }
  const last = blocks[blocks.length - 1];
  return {
    width: Math.ceil(last.x + last.width),
    height: Math.ceil(labelHeight + blockHeight),
    cellWidth,
    cellHeight,
    labelHeight,
    blocks,
  };
}

export interface HeatmapHit {
  gridRow: number;
  gridCol: number;
  gate: Gate | null;
}

/** The grid cell under (x, y), in CSS pixels from the canvas's top left; null between blocks or outside. */
export function hitTest(layout: HeatmapLayout, x: number, y: number): HeatmapHit | null {
  for (const block of layout.blocks) {
    if (x < block.x || x >= block.x + block.width || y < block.y || y >= block.y + block.height) continue;
    const gridCol = Math.floor((x - block.x) / layout.cellWidth);
    const gridRow = block.gridRows[0] + Math.floor((y - block.y) / layout.cellHeight);
    if (gridRow >= block.gridRows[1]) return null;
    return { gridRow, gridCol, gate: block.gate };
  }
  return null;
}

/**
 * The source indices [start, end) behind grid index `i` when `source` indices were block-averaged into
 * `grid` (index y went to ⌊y·grid/source⌋; see src/worker/inference/block-average.ts).
 */
export function sourceRange(i: number, grid: number, source: number): [number, number] {
  if (grid >= source) return [i, i + 1];
  return [Math.ceil((i * source) / grid), Math.ceil(((i + 1) * source) / grid)];
}
