/**
 * Geometry of the maps: for the layers and signals shown, where each map sits in the scrolled content
 * (one row per shown unit, one column per step), and which cell a point is over. The fixed bands around
 * the scrolled body — the step axis, the token strip and the model's output on top, the map labels on
 * the left, the focused unit's chart at the bottom — have fixed sizes given here. Pure.
 */

export const BANDS = {
  left: 84,
  axis: 16,
  tokens: 22,
  outputs: 34,
  /** Space under the outputs before the first map. */
  topGap: 6,
  chart: 156,
  layerHeader: 24,
  mapGap: 5,
} as const;

export const TOP_BAND = BANDS.axis + BANDS.tokens + BANDS.outputs + BANDS.topGap;

export interface MapBlock {
  /** The entry of `recording.gates` (a layer's direction). */
  layer: number;
  signal: string;
  /** In content pixels, from the top of the scrolled body. */
  top: number;
  height: number;
  /** Shown units (rows). */
  rows: number;
}

export interface MapLayout {
  blocks: MapBlock[];
  layerHeaders: { layer: number; top: number }[];
  cellWidth: number;
  cellHeight: number;
  steps: number;
  contentWidth: number;
  contentHeight: number;
}

export function layoutMaps(
  layers: number[],
  signals: readonly string[],
  rowsOfMap: (layer: number, signal: string) => number,
  steps: number,
  cellWidth: number,
  cellHeight: number,
): MapLayout {
  const blocks: MapBlock[] = [];
  const layerHeaders: { layer: number; top: number }[] = [];
  let y = 0;
  for (const layer of layers) {
    layerHeaders.push({ layer, top: y });
    y += BANDS.layerHeader;
    for (const signal of signals) {
      const rows = rowsOfMap(layer, signal);
      const height = rows * cellHeight;
      blocks.push({ layer, signal, top: y, height, rows });
      y += height + BANDS.mapGap;
    }
    y += BANDS.mapGap;
  }
  return { blocks, layerHeaders, cellWidth, cellHeight, steps, contentWidth: steps * cellWidth, contentHeight: y };
}

export interface CellHit {
  block: MapBlock;
  row: number;
  step: number;
}

/** The cell under a point in content coordinates, or null (between maps, past the end). */
export function hitTest(layout: MapLayout, x: number, y: number): CellHit | null {
  const step = Math.floor(x / layout.cellWidth);
  if (x < 0 || step >= layout.steps) return null;
  const block = blockAt(layout, y);
  if (!block) return null;
  const row = Math.floor((y - block.top) / layout.cellHeight);
  return row >= 0 && row < block.rows ? { block, row, step } : null;
}

/** The map whose rows cover `y` (binary search; blocks are sorted by top). */
export function blockAt(layout: MapLayout, y: number): MapBlock | null {
  let lo = 0;
  let hi = layout.blocks.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const b = layout.blocks[mid];
    if (y < b.top) hi = mid - 1;
    else if (y >= b.top + b.height) lo = mid + 1;
    else return b;
  }
  return null;
}

/** The step under a content x (clamped to the sequence), or −1 outside it. */
export function stepAt(layout: MapLayout, x: number): number {
  const step = Math.floor(x / layout.cellWidth);
  return x < 0 || step >= layout.steps ? -1 : step;
}

/** The centre of a cell in content coordinates. */
export function cellCenter(
  layout: MapLayout,
  layer: number,
  signal: string,
  row: number,
  step: number,
): { x: number; y: number } | null {
  const block = layout.blocks.find((b) => b.layer === layer && b.signal === signal);
  if (!block || row < 0 || row >= block.rows || step < 0 || step >= layout.steps) return null;
  return { x: (step + 0.5) * layout.cellWidth, y: block.top + (row + 0.5) * layout.cellHeight };
}

/** The first and last step (inclusive) visible in a horizontal span of content. */
export function visibleSteps(layout: MapLayout, left: number, width: number): [number, number] {
  const first = Math.max(0, Math.floor(left / layout.cellWidth));
  const last = Math.min(layout.steps - 1, Math.ceil((left + width) / layout.cellWidth) - 1);
  return [first, last];
}
