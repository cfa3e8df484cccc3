/**
 * Downsampling a matrix for the heatmap by block means: the [R, C] source is cut into an [r, c] grid,
 * source row y going to grid row ⌊y·r/R⌋ and column x to ⌊x·c/C⌋, and each cell is the mean of the
 * finite values of its block (NaN when it has none). Fed in row-major slices, so a tensor never has to
 * be in memory whole.
 *
 * With r a multiple of 4 and R = 4H, row y = q·H maps to grid row q·r/4 exactly: each LSTM gate block
 * (i, f, g, o) is exactly r/4 grid rows, never mixed with its neighbour.
 */

export interface GridSize {
  rows: number;
  cols: number;
}

/**
 * The grid for an [R, C] source within `maxElements` cells and `maxRows` × `maxCols` (the canvas's
 * pixels), keeping the aspect ratio when only the cell budget binds; the source itself when it fits.
 * `rowMultiple` (4 for LSTM tensors) makes a reduced row count a multiple of it.
 */
export function gridSize(
  sourceRows: number,
  sourceCols: number,
  maxElements: number,
  rowMultiple = 1,
  maxRows = Infinity,
  maxCols = Infinity,
): GridSize {
  let rows = Math.max(1, Math.min(sourceRows, Math.floor(maxRows)));
  let cols = Math.max(1, Math.min(sourceCols, Math.floor(maxCols)));
  if (rows * cols > maxElements) {
    const scale = Math.sqrt(maxElements / (rows * cols));
    rows = Math.max(1, Math.round(rows * scale));
  }
  if (rows < sourceRows && rowMultiple > 1)
    rows = Math.min(sourceRows, Math.max(rowMultiple, Math.floor(rows / rowMultiple) * rowMultiple));
  cols = Math.min(cols, Math.max(1, Math.floor(maxElements / rows)));
  return { rows, cols };
}

export class BlockAverager {
  private readonly sums: Float64Array;
  private readonly counts: Uint32Array;
  /** Grid column of each source column, when there are few enough columns to tabulate. */
  private readonly columnCell: Int32Array | null;

  constructor(
    readonly sourceRows: number,
    readonly sourceCols: number,
    readonly grid: GridSize,
  ) {
    this.sums = new Float64Array(grid.rows * grid.cols);
    this.counts = new Uint32Array(grid.rows * grid.cols);
    if (sourceCols <= 1 << 22) {
      this.columnCell = new Int32Array(sourceCols);
      for (let x = 0; x < sourceCols; x++) this.columnCell[x] = Math.floor((x * grid.cols) / sourceCols);
    } else {
      this.columnCell = null;
    }
  }

  /** Adds `values`, the source's elements from flat index `start` on (row-major). */
  add(values: ArrayLike<number>, start: number): void {
    const { sourceRows: R, sourceCols: C, sums, counts, columnCell } = this;
    const { rows: r, cols: c } = this.grid;
    let y = Math.floor(start / C);
    let x = start - y * C;
    let rowBase = Math.floor((y * r) / R) * c;
    for (let k = 0; k < values.length; k++) {
      const v = values[k];
      if (Number.isFinite(v)) {
        const cell = rowBase + (columnCell ? columnCell[x] : Math.floor((x * c) / C));
        sums[cell] += v;
        counts[cell]++;
      }
      if (++x === C) {
        x = 0;
        y++;
        rowBase = Math.floor((y * r) / R) * c;
      }
    }
  }

  /** The grid's cell means, row-major. */
  result(): Float32Array {
    const out = new Float32Array(this.sums.length);
    for (let k = 0; k < out.length; k++) out[k] = this.counts[k] > 0 ? this.sums[k] / this.counts[k] : NaN;
    return out;
  }
}
