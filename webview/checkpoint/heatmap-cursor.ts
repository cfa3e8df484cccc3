/**
 * The keyboard cursor of a tensor's heatmap: a cell of the drawn grid (a value, or a block mean). Up and
 * Down run through the grid's rows — for a gate-stacked tensor from one gate's last row to the next
 * gate's first — Left and Right through its columns; Page Up / Page Down jump a gate (or a tenth of the
 * rows when there are no gates), Home / End to the first or last column (with Ctrl/⌘, the first or last
 * cell). Pure.
 */

export interface GridCell {
  row: number;
  col: number;
}

export interface GridShape {
  rows: number;
  cols: number;
  /** Rows one Page Up / Page Down moves (a gate's rows). */
  pageRows: number;
}

const KEYS = new Set(['ArrowLeft', 'ArrowRight', 'ArrowUp', 'ArrowDown', 'Home', 'End', 'PageUp', 'PageDown']);

export function isGridKey(key: string): boolean {
  return KEYS.has(key);
}

/** Where `key` moves the cursor (from nowhere: the first cell); null for an empty grid or another key. */
export function moveGridCursor(shape: GridShape, from: GridCell | null, key: string, jump = false): GridCell | null {
  const { rows, cols } = shape;
  if (rows <= 0 || cols <= 0 || !isGridKey(key)) return null;
  if (!from) return { row: 0, col: 0 };
  const clampRow = (r: number) => Math.max(0, Math.min(rows - 1, r));
  const clampCol = (c: number) => Math.max(0, Math.min(cols - 1, c));
  const row = clampRow(from.row);
  const col = clampCol(from.col);
  const page = Math.max(1, shape.pageRows);
  switch (key) {
    case 'ArrowLeft':
      return { row, col: clampCol(col - 1) };
    case 'ArrowRight':
      return { row, col: clampCol(col + 1) };
    case 'ArrowUp':
      return { row: clampRow(row - 1), col };
    case 'ArrowDown':
      return { row: clampRow(row + 1), col };
    case 'PageUp':
      return { row: clampRow(row - page), col };
    case 'PageDown':
      return { row: clampRow(row + page), col };
    case 'Home':
      return jump ? { row: 0, col: 0 } : { row, col: 0 };
    default:
      return jump ? { row: rows - 1, col: cols - 1 } : { row, col: cols - 1 };
  }
}

/** The rows Page Up / Page Down move: one gate's, or a tenth of the grid without gates. */
export function pageRowsOf(rows: number, gateCount: number): number {
  return gateCount > 1 && rows % gateCount === 0 ? rows / gateCount : Math.max(1, Math.round(rows / 10));
}
