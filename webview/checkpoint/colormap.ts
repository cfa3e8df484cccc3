/**
 * The heatmap's colours: a diverging scale centred on zero, from the theme's blue (negative) through the
 * editor background (zero) to the theme's red (positive), symmetric in ±maxAbs so that the sign of a
 * weight reads at a glance and the same colour means the same magnitude on both sides. NaN and ±∞ get
 * the theme's yellow. Pure: colours come in as strings from theme.ts.
 */

import { parseColor } from '../shared/theme';

export type Rgb = readonly [number, number, number];

export interface Colormap {
  negative: Rgb;
  zero: Rgb;
  positive: Rgb;
  invalid: Rgb;
}

export function makeColormap(negative: string, zero: string, positive: string, invalid: string): Colormap {
  const rgb = (color: string, fallback: Rgb): Rgb => {
    const parsed = parseColor(color);
    return parsed ? [parsed[0], parsed[1], parsed[2]] : fallback;
  };
  return {
    negative: rgb(negative, [55, 148, 255]),
    zero: rgb(zero, [31, 31, 31]),
    positive: rgb(positive, [241, 76, 76]),
    invalid: rgb(invalid, [204, 167, 0]),
  };
}

/**
 * The colour of `value` on a scale of ±`maxAbs`. The square root spreads small magnitudes (weights are
 * mostly small) over more of the ramp while keeping the order.
 */
export function colorOf(value: number, maxAbs: number, map: Colormap): Rgb {
  if (!Number.isFinite(value)) return map.invalid;
  if (!(maxAbs > 0)) return map.zero;
  const t = Math.min(1, Math.abs(value) / maxAbs);
  const end = value < 0 ? map.negative : map.positive;
  const s = Math.sqrt(t);
  return [mix(map.zero[0], end[0], s), mix(map.zero[1], end[1], s), mix(map.zero[2], end[2], s)];
}

/** Writes `values` (rows × cols, row-major) as RGBA pixels, one per cell. */
export function paintCells(values: ArrayLike<number>, maxAbs: number, map: Colormap, out: Uint8ClampedArray): void {
  for (let k = 0; k < values.length; k++) {
    const [r, g, b] = colorOf(values[k], maxAbs, map);
    out[4 * k] = r;
    out[4 * k + 1] = g;
    out[4 * k + 2] = b;
    out[4 * k + 3] = 255;
  }
}

function mix(a: number, b: number, t: number): number {
  return Math.round(a + (b - a) * t);
}
