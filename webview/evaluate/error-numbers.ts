/**
 * The Errors tab's arithmetic, pure (no DOM) so it is tested on its own: a confusion matrix's rows as
 * shares, where the keyboard cursor moves in a grid, and which band of the loss colour scale a token's
 * loss falls in.
 */

/** Each row divided by its sum (the recall of the row's class on the diagonal); an empty row stays 0. */
export function rowShares(matrix: readonly (readonly number[])[]): number[][] {
  return matrix.map((row) => {
    const total = row.reduce((sum, count) => sum + count, 0);
    return row.map((count) => (total > 0 ? count / total : 0));
  });
}

/** The largest value of a matrix (0 when empty): the colour scale's top for counts. */
export function matrixMax(matrix: readonly (readonly number[])[]): number {
  let max = 0;
  for (const row of matrix) for (const value of row) if (value > max) max = value;
  return max;
}

export interface GridCell {
  row: number;
  column: number;
}

/** Where an arrow, Home/End (row ends) or Ctrl+Home/End (corners) moves a cursor in a `rows × columns` grid; null for other keys. */
export function moveInGrid(cell: GridCell, key: string, ctrl: boolean, rows: number, columns: number): GridCell | null {
  const clamp = (value: number, size: number) => Math.min(size - 1, Math.max(0, value));
  switch (key) {
    case 'ArrowUp':
      return { row: clamp(cell.row - 1, rows), column: cell.column };
    case 'ArrowDown':
      return { row: clamp(cell.row + 1, rows), column: cell.column };
    case 'ArrowLeft':
      return { row: cell.row, column: clamp(cell.column - 1, columns) };
    case 'ArrowRight':
      return { row: cell.row, column: clamp(cell.column + 1, columns) };
    case 'Home':
      return ctrl ? { row: 0, column: 0 } : { row: cell.row, column: 0 };
    case 'End':
      return ctrl ? { row: rows - 1, column: columns - 1 } : { row: cell.row, column: columns - 1 };
    default:
      return null;
  }
}

/** Bands of the loss colour scale (CSS classes `loss-0` … `loss-5`). */
export const LOSS_BANDS = 6;

/**
 * The band edges of a loss colour scale in nats: a token the model found certain (p ≥ 0.9, loss ≤ 0.105)
 * is band 0 and uncoloured, then doubling steps up to a loss of 4.6 nats (p = 1 %) and beyond. Fixed,
 * not relative to the page, so the same colour means the same surprise on every page and every model.
 */
export const LOSS_BAND_EDGES = [0.105, 0.5, 1, 2, 4.6] as const;

export function lossBand(loss: number): number {
  if (!Number.isFinite(loss)) return LOSS_BANDS - 1;
  let band = 0;
  while (band < LOSS_BAND_EDGES.length && loss > LOSS_BAND_EDGES[band]) band++;
  return band;
}
