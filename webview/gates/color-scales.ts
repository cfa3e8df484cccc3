/**
 * Colour scales for the gate maps, built from the theme's chart colours (so they follow light, dark and
 * high-contrast themes): a sequential scale for the sigmoid gates (`unit` range: LSTM i, f, o; GRU r, z;
 * 0 → the editor background, 1 → blue) and a diverging one for the signed and unbounded signals (LSTM g,
 * c, h; GRU n, h; negative → orange, 0 → background, positive → blue;
 * orange–blue stays readable with the common colour-vision deficiencies). Colours are interpolated in
 * OKLab, so equal steps in value look like equal steps in colour. Each scale is a 256-entry lookup
 * table of packed RGBA pixels, written straight into ImageData. Pure: no DOM.
 */

import type { SignalRange } from '../../src/protocol/cell-signals';
import { parseColor } from '../shared/theme';

export type Rgb = [number, number, number];
export type ScaleKind = 'sequential' | 'diverging';

export const LUT_SIZE = 256;

export interface ColorScale {
  kind: ScaleKind;
  /** The value drawn with the first and the last colour (values outside are clamped). */
  min: number;
  max: number;
  /** `LUT_SIZE` colours as RGBA bytes (ImageData order). */
  lut: Uint8ClampedArray;
  /** The same colours as little-endian packed pixels, for a Uint32Array view of ImageData. */
  packed: Uint32Array;
}

export function scaleKindOf(range: SignalRange): ScaleKind {
  return range === 'unit' ? 'sequential' : 'diverging';
}

/** Colours read from the theme (`--vscode-editor-background`, `--vscode-charts-blue`, `--vscode-charts-orange`). */
export interface ScaleColors {
  background: string;
  positive: string;
  negative: string;
}

export function makeScale(kind: ScaleKind, colors: ScaleColors, min: number, max: number): ColorScale {
  const background = toRgb(colors.background, [30, 30, 30]);
  const positive = toRgb(colors.positive, [55, 148, 255]);
  const negative = toRgb(colors.negative, [209, 134, 22]);
  const stops = kind === 'sequential' ? [background, positive] : [negative, background, positive];
  const lut = new Uint8ClampedArray(LUT_SIZE * 4);
  for (let k = 0; k < LUT_SIZE; k++) {
    const [r, g, b] = colorAt(stops, k / (LUT_SIZE - 1));
    lut.set([r, g, b, 255], k * 4);
  }
  return { kind, min, max, lut, packed: packLut(lut) };
}

/**
 * The scale's domain for a signal: 0…1 for gates, ±1 for tanh outputs (g, n, h), ± the layer's largest
 * |value| (at least 1) for an unbounded signal (the cell state, a projected h).
 */
export function domainOf(range: SignalRange, layerMaxAbs: number): [number, number] {
  if (range === 'unit') return [0, 1];
  if (range === 'unbounded') {
    const m = Number.isFinite(layerMaxAbs) && layerMaxAbs > 1 ? layerMaxAbs : 1;
    return [-m, m];
  }
  return [-1, 1];
}

/** The largest |x| over some arrays (the cell state's range across a layer). */
export function maxAbs(...arrays: ArrayLike<number>[]): number {
  let m = 0;
  for (const values of arrays) {
    for (let k = 0; k < values.length; k++) {
      const x = Math.abs(values[k]);
      if (x > m) m = x;
    }
  }
  return m;
}

/** The lookup-table index of a value (clamped; NaN → the middle). */
export function lutIndex(value: number, min: number, max: number): number {
  if (!(value === value)) return LUT_SIZE >> 1;
  const t = (value - min) / (max - min);
  const k = Math.round(t * (LUT_SIZE - 1));
  return k < 0 ? 0 : k > LUT_SIZE - 1 ? LUT_SIZE - 1 : k;
}

/** The colour of a value as `rgb(…)`, for legends and tooltips. */
export function cssColorOf(scale: ColorScale, value: number): string {
  const k = lutIndex(value, scale.min, scale.max) * 4;
  return `rgb(${scale.lut[k]}, ${scale.lut[k + 1]}, ${scale.lut[k + 2]})`;
}

/** Piecewise interpolation through evenly spaced stops, in OKLab. */
export function colorAt(stops: Rgb[], t: number): Rgb {
  const u = Math.min(1, Math.max(0, t)) * (stops.length - 1);
  const k = Math.min(stops.length - 2, Math.floor(u));
  return mixOklab(stops[k], stops[k + 1], u - k);
}

export function mixOklab(a: Rgb, b: Rgb, t: number): Rgb {
  const la = rgbToOklab(a);
  const lb = rgbToOklab(b);
  return oklabToRgb([la[0] + (lb[0] - la[0]) * t, la[1] + (lb[1] - la[1]) * t, la[2] + (lb[2] - la[2]) * t]);
}

function packLut(lut: Uint8ClampedArray): Uint32Array {
  const packed = new Uint32Array(LUT_SIZE);
  for (let k = 0; k < LUT_SIZE; k++) {
    // ImageData is RGBA in memory; a Uint32 view on a little-endian machine reads it as ABGR.
    packed[k] = ((lut[k * 4 + 3] << 24) | (lut[k * 4 + 2] << 16) | (lut[k * 4 + 1] << 8) | lut[k * 4]) >>> 0;
  }
  return packed;
}

function toRgb(color: string, fallback: Rgb): Rgb {
  const parsed = parseColor(color);
  return parsed ? [parsed[0], parsed[1], parsed[2]] : fallback;
}

// OKLab (Björn Ottosson, 2020) from and to sRGB.
function linear(c: number): number {
  const x = c / 255;
  return x <= 0.04045 ? x / 12.92 : Math.pow((x + 0.055) / 1.055, 2.4);
}

function gamma(x: number): number {
  const c = x <= 0.0031308 ? 12.92 * x : 1.055 * Math.pow(x, 1 / 2.4) - 0.055;
  return Math.round(Math.min(1, Math.max(0, c)) * 255);
}

export function rgbToOklab([r8, g8, b8]: Rgb): [number, number, number] {
  const r = linear(r8);
  const g = linear(g8);
  const b = linear(b8);
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}

export function oklabToRgb([L, a, b]: [number, number, number]): Rgb {
  const l = (L + 0.3963377774 * a + 0.2158037573 * b) ** 3;
  const m = (L - 0.1055613458 * a - 0.0638541728 * b) ** 3;
  const s = (L - 0.0894841775 * a - 1.291485548 * b) ** 3;
  return [
    gamma(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s),
    gamma(-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s),
    gamma(-0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s),
  ];
}

/** One layer's colour scales: one per signal, and the layer's sequential and signed ones (legends). */
export interface LayerScales {
  bySignal: Record<string, ColorScale>;
  sequential: ColorScale;
  signed: ColorScale;
}
