/**
 * The projection scatter's geometry and colours, pure (no DOM), so they are unit-tested: data bounds and
 * the map to canvas pixels, a uniform grid over the points for the nearest point under the pointer (a
 * hover must not scan 20 000 points per mouse move), the point-in-polygon test of the lasso, the step of
 * the keyboard cursor to the nearest point in an arrow's direction, the one pass that writes every point
 * into an ImageData buffer, and the colour scales.
 *
 * Screen coordinates are `[N, 2]` Float32Arrays in CSS pixels, `x` right and `y` down, as pointer events
 * give them; data coordinates are the projection's `[N, 2]` points, `y` up.
 */

export interface Bounds {
  minX: number;
  maxX: number;
  minY: number;
  maxY: number;
}

/** The plot's rectangle inside the canvas, in CSS pixels. */
export interface PlotFrame {
  left: number;
  top: number;
  width: number;
  height: number;
}

export type Rgb = readonly [number, number, number];

/** The smallest box round the finite points (a unit box round the origin when there are none). */
export function dataBounds(points: Float32Array): Bounds {
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let n = 0; n < points.length >> 1; n++) {
    const x = points[2 * n];
    const y = points[2 * n + 1];
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    if (x < minX) minX = x;
    if (x > maxX) maxX = x;
    if (y < minY) minY = y;
    if (y > maxY) maxY = y;
  }
  if (minX > maxX) return { minX: -1, maxX: 1, minY: -1, maxY: 1 };
  // A degenerate axis (every point on one line) still gets a width, so the map below never divides by 0.
  if (maxX - minX === 0) [minX, maxX] = [minX - 1, maxX + 1];
  if (maxY - minY === 0) [minY, maxY] = [minY - 1, maxY + 1];
  return { minX, maxX, minY, maxY };
}

/**
 * points `[N, 2]` (data) → out `[N, 2]` (CSS pixels in `frame`, `y` flipped). A point that is not
 * finite lands at NaN, which the grid, the lasso and the drawing all skip.
 */
export function projectToScreen(points: Float32Array, bounds: Bounds, frame: PlotFrame, out: Float32Array): void {
  const sx = frame.width / (bounds.maxX - bounds.minX);
  const sy = frame.height / (bounds.maxY - bounds.minY);
  for (let n = 0; n < points.length >> 1; n++) {
    out[2 * n] = frame.left + (points[2 * n] - bounds.minX) * sx;
    out[2 * n + 1] = frame.top + (bounds.maxY - points[2 * n + 1]) * sy;
  }
}

/**
 * A uniform grid of `cell`-pixel squares over the screen points, stored as one counting sort: the points
 * of cell `c` are `order[start[c] … start[c + 1])`. Built once per layout; a query looks only at the cells
 * within its radius.
 */
export class GridIndex {
  private readonly columns: number;
  private readonly rows: number;
  private readonly start: Int32Array;
  private readonly order: Int32Array;

  constructor(
    private readonly screen: Float32Array,
    width: number,
    height: number,
    private readonly cell = 16,
  ) {
    this.columns = Math.max(1, Math.ceil(width / cell));
    this.rows = Math.max(1, Math.ceil(height / cell));
    const count = screen.length >> 1;
    const cellOf = new Int32Array(count);
    this.start = new Int32Array(this.columns * this.rows + 1);
    for (let n = 0; n < count; n++) {
      const c = this.cellAt(screen[2 * n], screen[2 * n + 1]);
      cellOf[n] = c;
      if (c >= 0) this.start[c + 1]++;
    }
    for (let c = 0; c < this.columns * this.rows; c++) this.start[c + 1] += this.start[c];
    const fill = this.start.slice(0, -1);
    this.order = new Int32Array(this.start[this.columns * this.rows]);
    for (let n = 0; n < count; n++) if (cellOf[n] >= 0) this.order[fill[cellOf[n]]++] = n;
  }

  /** The point nearest (x, y) no farther than `radius` pixels, or −1. Ties go to the lower index. */
  nearest(x: number, y: number, radius: number): number {
    const c0 = Math.max(0, Math.floor((x - radius) / this.cell));
    const c1 = Math.min(this.columns - 1, Math.floor((x + radius) / this.cell));
    const r0 = Math.max(0, Math.floor((y - radius) / this.cell));
    const r1 = Math.min(this.rows - 1, Math.floor((y + radius) / this.cell));
    let best = -1;
    let bestDistance = radius * radius;
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const cell = r * this.columns + c;
        for (let k = this.start[cell]; k < this.start[cell + 1]; k++) {
          const n = this.order[k];
          const dx = this.screen[2 * n] - x;
          const dy = this.screen[2 * n + 1] - y;
          const distance = dx * dx + dy * dy;
          if (distance < bestDistance || (distance === bestDistance && best >= 0 && n < best)) {
            best = n;
            bestDistance = distance;
          }
        }
      }
    }
    return best;
  }

  private cellAt(x: number, y: number): number {
    if (!Number.isFinite(x) || !Number.isFinite(y)) return -1;
    const c = Math.min(this.columns - 1, Math.max(0, Math.floor(x / this.cell)));
    const r = Math.min(this.rows - 1, Math.max(0, Math.floor(y / this.cell)));
    return r * this.columns + c;
  }
}

/** Even–odd rule: is (x, y) inside the closed polygon `[x0, y0, x1, y1, …]`? */
export function pointInPolygon(x: number, y: number, polygon: ArrayLike<number>): boolean {
  const vertices = polygon.length >> 1;
  let inside = false;
  for (let i = 0, j = vertices - 1; i < vertices; j = i++) {
    const xi = polygon[2 * i];
    const yi = polygon[2 * i + 1];
    const xj = polygon[2 * j];
    const yj = polygon[2 * j + 1];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/** The screen points inside the lasso polygon, in index order (a bounding-box test first skips most). */
export function pointsInPolygon(screen: Float32Array, polygon: ArrayLike<number>): number[] {
  if (polygon.length < 6) return [];
  let minX = Infinity;
  let maxX = -Infinity;
  let minY = Infinity;
  let maxY = -Infinity;
  for (let k = 0; k < polygon.length; k += 2) {
    minX = Math.min(minX, polygon[k]);
    maxX = Math.max(maxX, polygon[k]);
    minY = Math.min(minY, polygon[k + 1]);
    maxY = Math.max(maxY, polygon[k + 1]);
  }
  const inside: number[] = [];
  for (let n = 0; n < screen.length >> 1; n++) {
    const x = screen[2 * n];
    const y = screen[2 * n + 1];
    if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) continue;
    if (pointInPolygon(x, y, polygon)) inside.push(n);
  }
  return inside;
}

export type ArrowDirection = 'left' | 'right' | 'up' | 'down';

/**
 * The keyboard cursor's next point from `from` in an arrow's direction: among the points ahead of it
 * (more than half a pixel along the direction), the one nearest by distance along plus twice the
 * sideways offset, so the cursor keeps to the arrow's line. −1 when nothing lies ahead. A linear scan:
 * one per key press, not per mouse move.
 */
export function stepCursor(screen: Float32Array, from: number, direction: ArrowDirection): number {
  const [ax, ay] = { left: [-1, 0], right: [1, 0], up: [0, -1], down: [0, 1] }[direction];
  const x0 = screen[2 * from];
  const y0 = screen[2 * from + 1];
  let best = -1;
  let bestCost = Infinity;
  for (let n = 0; n < screen.length >> 1; n++) {
    const dx = screen[2 * n] - x0;
    const dy = screen[2 * n + 1] - y0;
    const along = dx * ax + dy * ay;
    if (!(along > 0.5)) continue;
    const cost = along + 2 * Math.abs(dx * ay - dy * ax);
    if (cost < bestCost) {
      best = n;
      bestCost = cost;
    }
  }
  return best;
}

/** The point nearest the frame's centre (where the keyboard cursor starts), or −1 without points. */
export function centralPoint(screen: Float32Array, frame: PlotFrame): number {
  const cx = frame.left + frame.width / 2;
  const cy = frame.top + frame.height / 2;
  let best = -1;
  let bestDistance = Infinity;
  for (let n = 0; n < screen.length >> 1; n++) {
    const distance = (screen[2 * n] - cx) ** 2 + (screen[2 * n + 1] - cy) ** 2;
    if (distance < bestDistance) {
      best = n;
      bestDistance = distance;
    }
  }
  return best;
}

/**
 * Every point as a `size`-pixel square into an RGBA buffer `[height, width, 4]` in one pass (a later
 * point covers an earlier one). `scale` maps CSS pixels to the buffer's device pixels; `colors` is
 * `[N, 4]` RGBA, and a point with alpha 0 is not drawn.
 */
export function rasterizePoints(
  pixels: Uint8ClampedArray,
  width: number,
  height: number,
  screen: Float32Array,
  colors: Uint8Array,
  size: number,
  scale: number,
): void {
  const half = size / 2;
  for (let n = 0; n < screen.length >> 1; n++) {
    if (colors[4 * n + 3] === 0) continue;
    const x = screen[2 * n] * scale;
    const y = screen[2 * n + 1] * scale;
    if (!Number.isFinite(x) || !Number.isFinite(y)) continue;
    const x0 = Math.max(0, Math.round(x - half));
    const x1 = Math.min(width, Math.round(x - half) + size);
    const y0 = Math.max(0, Math.round(y - half));
    const y1 = Math.min(height, Math.round(y - half) + size);
    for (let py = y0; py < y1; py++) {
      let offset = (py * width + x0) * 4;
      for (let px = x0; px < x1; px++, offset += 4) {
        pixels[offset] = colors[4 * n];
        pixels[offset + 1] = colors[4 * n + 1];
        pixels[offset + 2] = colors[4 * n + 2];
        pixels[offset + 3] = colors[4 * n + 3];
      }
    }
  }
}

/** Colours of categories beyond the theme's six chart colours (Tableau 10's last four, then repeated). */
export const EXTRA_CATEGORY_COLORS: readonly Rgb[] = [
  [140, 86, 75],
  [227, 119, 194],
  [127, 127, 127],
  [23, 190, 207],
];

/**
 * `[N, 4]` RGBA of categories: `palette[k mod palette.length]` for category k ≥ 0, `unknown` for a
 * negative one (a label the point does not have).
 */
export function categoryColors(categories: ArrayLike<number>, palette: readonly Rgb[], unknown: Rgb): Uint8Array {
  const colors = new Uint8Array(categories.length * 4);
  for (let n = 0; n < categories.length; n++) {
    const k = categories[n];
    const rgb = k >= 0 && palette.length > 0 ? palette[k % palette.length] : unknown;
    colors.set(rgb, 4 * n);
    colors[4 * n + 3] = 255;
  }
  return colors;
}

/** The value below which a share `q` (0…1) of the finite values lie (nearest rank); NaN when none are finite. */
export function quantile(values: ArrayLike<number>, q: number): number {
  const finite = Array.from(values).filter(Number.isFinite);
  if (finite.length === 0) return Number.NaN;
  finite.sort((a, b) => a - b);
  const rank = Math.min(finite.length - 1, Math.max(0, Math.ceil(q * finite.length) - 1));
  return finite[rank];
}

/** `from` … `to` in RGB, at `t` clamped to 0…1. */
export function mixRgb(from: Rgb, to: Rgb, t: number): Rgb {
  const s = Math.min(1, Math.max(0, t));
  return [
    Math.round(from[0] + (to[0] - from[0]) * s),
    Math.round(from[1] + (to[1] - from[1]) * s),
    Math.round(from[2] + (to[2] - from[2]) * s),
  ];
}

/**
 * `[N, 4]` RGBA of a continuous value (a point's loss): `low` … `high` mapped to `from` … `to`, clamped
 * past either end (the panel passes the 5th and 95th percentile, so a few huge losses do not wash the
 * rest out); a value that is not finite gets `unknown`.
 */
export function sequentialColors(
  values: ArrayLike<number>,
  low: number,
  high: number,
  from: Rgb,
  to: Rgb,
  unknown: Rgb,
): Uint8Array {
  const colors = new Uint8Array(values.length * 4);
  const span = high > low ? high - low : 1;
  for (let n = 0; n < values.length; n++) {
    const v = values[n];
    colors.set(Number.isFinite(v) ? mixRgb(from, to, (v - low) / span) : unknown, 4 * n);
    colors[4 * n + 3] = 255;
  }
  return colors;
}

/**
 * `[N, 4]` RGBA of a signed value (a unit's activation): −`half` … 0 … `half` mapped to `from` … `middle`
 * … `to`, clamped past either end; a value that is not finite gets `unknown`. 0 is always the centre, so
 * the sign of an activation reads off its hue whatever the range.
 */
export function divergingColors(
  values: ArrayLike<number>,
  half: number,
  from: Rgb,
  middle: Rgb,
  to: Rgb,
  unknown: Rgb,
): Uint8Array {
  const colors = new Uint8Array(values.length * 4);
  const scale = half > 0 ? 1 / half : 1;
  for (let n = 0; n < values.length; n++) {
    const v = values[n];
    const rgb = !Number.isFinite(v)
      ? unknown
      : v < 0
        ? mixRgb(middle, from, -v * scale)
        : mixRgb(middle, to, v * scale);
    colors.set(rgb, 4 * n);
    colors[4 * n + 3] = 255;
  }
  return colors;
}
