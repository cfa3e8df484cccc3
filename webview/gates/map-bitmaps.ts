/**
 * One bitmap per map, one pixel per cell, painted through the colour scale's lookup table straight into
 * ImageData. The bitmap is stored transposed — x = shown unit (in order), y = step — so painting reads
 * the `[T, H]` recording and writes the pixels in memory order; the view draws it through a transposing
 * transform (drawMapBitmap). Drawing a map is one nearest-neighbour `drawImage` of the visible part,
 * scaled to the cell size — cheap enough for every scroll or zoom frame; the per-cell work happens once
 * per recording, order or theme change.
 */

import { LUT_SIZE, type ColorScale } from './color-scales';

/**
 * Paints `[T, H]` values into `pixels` (a Uint32 view of ImageData `order.length` wide, `T` high):
 * pixel (row, t) gets the colour of unit `order[row]` at step t.
 */
export function paintMap(
  values: ArrayLike<number>,
  steps: number,
  units: number,
  order: Int32Array,
  scale: ColorScale,
  pixels: Uint32Array,
): void {
  const { min, max, packed } = scale;
  const factor = (LUT_SIZE - 1) / (max - min);
  const top = LUT_SIZE - 1;
  const middle = LUT_SIZE >> 1;
  const rows = order.length;
  for (let t = 0; t < steps; t++) {
    const source = t * units;
    const line = t * rows;
    for (let row = 0; row < rows; row++) {
      const v = values[source + order[row]];
      let k = ((v - min) * factor + 0.5) | 0;
      if (!(v === v)) k = middle;
      else if (k < 0) k = 0;
      else if (k > top) k = top;
      pixels[line + row] = packed[k];
    }
  }
}

/**
 * Draws the cells `[firstRow, lastRow] × [firstStep, lastStep]` of a map's bitmap with cells `w` × `h`
 * pixels, the map's top at `top`: the transform swaps x and y, so the bitmap's unit axis goes down and
 * its step axis goes right.
 */
export function drawMapBitmap(
  ctx: CanvasRenderingContext2D,
  bitmap: CanvasImageSource,
  firstStep: number,
  lastStep: number,
  firstRow: number,
  lastRow: number,
  w: number,
  h: number,
  top: number,
): void {
  const steps = lastStep - firstStep + 1;
  const rows = lastRow - firstRow + 1;
  ctx.save();
  ctx.imageSmoothingEnabled = false;
  ctx.transform(0, 1, 1, 0, 0, 0);
  ctx.drawImage(bitmap, firstRow, firstStep, rows, steps, top + firstRow * h, firstStep * w, rows * h, steps * w);
  ctx.restore();
}

/**
 * Runs the painting loop once on a small map before any recording arrives, so the first real one runs
 * optimised code instead of paying for the JIT's warm-up (measured: about half of a cold first frame).
 */
export function warmUpPainting(scale: ColorScale): void {
  const steps = 200;
  const units = 256;
  const values = new Float32Array(steps * units).map((_, k) => (k % 97) / 97);
  const order = Int32Array.from({ length: units }, (_, j) => units - 1 - j);
  const pixels = new Uint32Array(steps * units);
  for (let pass = 0; pass < 3; pass++) paintMap(values, steps, units, order, scale, pixels);
}

type Surface = HTMLCanvasElement | OffscreenCanvas;

export class MapBitmaps {
  private readonly surfaces = new Map<string, Surface>();

  /** Paints the bitmap of one map (reusing its canvas) and returns it. */
  paint(
    layer: number,
    signal: string,
    values: Float32Array,
    steps: number,
    units: number,
    order: Int32Array,
    scale: ColorScale,
  ): Surface {
    const key = `${layer}:${signal}`;
    const width = Math.max(1, order.length);
    const height = Math.max(1, steps);
    let surface = this.surfaces.get(key);
    if (!surface || surface.width !== width || surface.height !== height) {
      surface = createSurface(width, height);
      this.surfaces.set(key, surface);
    }
    const context = surface.getContext('2d') as CanvasRenderingContext2D | OffscreenCanvasRenderingContext2D | null;
    if (!context) throw new Error('no 2D canvas context');
    const image = context.createImageData(width, height);
    paintMap(values, steps, units, order, scale, new Uint32Array(image.data.buffer));
    context.putImageData(image, 0, 0);
    return surface;
  }

  get(layer: number, signal: string): Surface | undefined {
    return this.surfaces.get(`${layer}:${signal}`);
  }

  clear(): void {
    this.surfaces.clear();
  }
}

function createSurface(width: number, height: number): Surface {
  if (typeof OffscreenCanvas !== 'undefined') return new OffscreenCanvas(width, height);
  const canvas = document.createElement('canvas');
  canvas.width = width;
  canvas.height = height;
  return canvas;
}
