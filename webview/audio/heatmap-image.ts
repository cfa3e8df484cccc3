/**
 * The Audio view's heatmaps as pixels: a `[frames, rows]` matrix (spectrogram frames × mel bands, model
 * frames × CTC symbols, model frames × units) becomes one pixel per cell through a colour scale's packed
 * lookup table, to be drawn scaled onto the shared time axis. Plus the scales themselves, from the theme:
 * energy and probability run from the editor background through blue to the foreground (so the strongest
 * cell always has the most contrast, in light, dark and high-contrast themes alike); the gates use the
 * Gates panel's scales. Pure: no DOM.
 */

import { colorAt, LUT_SIZE, lutIndex, type ColorScale, type Rgb } from '../gates/color-scales';
import { parseColor } from '../shared/theme';

export interface HeatmapPixels {
  /** Pixels per row: the matrix's frames. */
  width: number;
  /** Rows: bands, symbols, units. */
  height: number;
  /** `width × height` packed RGBA pixels (a Uint32Array view of ImageData), row-major from the top. */
  pixels: Uint32Array<ArrayBuffer>;
}

/**
 * Pixel (t, y) ← values[t · rows + r], with r = y (`top-down`: symbol 0 and unit 0 on top) or r = rows − 1 − y
 * (`bottom-up`: the lowest mel band at the bottom, as spectrograms are read).
 */
// pixels (rows, frames) ← values (frames, rows)
export function heatmapPixels(
  values: Float32Array,
  frames: number,
  rows: number,
  scale: ColorScale,
  order: 'top-down' | 'bottom-up',
): HeatmapPixels {
  const pixels = new Uint32Array(frames * rows);
  const { min, max, packed } = scale;
  for (let t = 0; t < frames; t++) {
    const offset = t * rows;
    for (let r = 0; r < rows; r++) {
      const y = order === 'top-down' ? r : rows - 1 - r;
      pixels[y * frames + t] = packed[lutIndex(values[offset + r], min, max)];
    }
  }
  return { width: frames, height: rows, pixels };
}

/** A sequential scale through the theme's colours (background → middle → strong) over [min, max]. */
export function themedScale(stops: string[], min: number, max: number): ColorScale {
  const rgb = stops.map((c, k): Rgb => {
    const parsed = parseColor(c);
    return parsed ? [parsed[0], parsed[1], parsed[2]] : k === 0 ? [30, 30, 30] : [200, 200, 200];
  });
  const lut = new Uint8ClampedArray(LUT_SIZE * 4);
  const packed = new Uint32Array(LUT_SIZE);
  for (let k = 0; k < LUT_SIZE; k++) {
    const [r, g, b] = colorAt(rgb, k / (LUT_SIZE - 1));
    lut.set([r, g, b, 255], k * 4);
    // ImageData is RGBA in memory; a Uint32 view on a little-endian machine reads it as ABGR.
    packed[k] = ((255 << 24) | (b << 16) | (g << 8) | r) >>> 0;
  }
  return { kind: 'sequential', min, max: max > min ? max : min + 1, lut, packed };
}

/**
 * The spectrogram's value range: its maximum, and 12 natural-log units below it at the most (about
 * 52 dB; the log-mel floor of log(1e-6) would otherwise spend the scale on silence).
 */
export function spectrogramDomain(values: Float32Array): [number, number] {
  let min = Infinity;
  let max = -Infinity;
  for (let k = 0; k < values.length; k++) {
    const v = values[k];
    if (!Number.isFinite(v)) continue;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  if (!Number.isFinite(min)) return [0, 1];
  return [Math.max(min, max - 12), max];
}
