/**
 * Everything one frame of the maps view draws (the recording, the layout, orders, colour scales,
 * bitmaps, the selection and the hover), and the viewport it is drawn into. Built by the panel,
 * drawn by draw-scene.ts (and, for the PNG export, into a canvas the size of the whole content).
 */

import type { GateRecording, GateSignal } from '../../src/protocol/gate-recording';
import type { ThemeColors } from '../shared/theme';
import type { ColorScale } from './color-scales';
import type { MapLayout } from './map-layout';

export type HoverTarget =
  | { kind: 'cell'; layer: number; signal: GateSignal; unit: number; row: number; step: number }
  | { kind: 'step'; step: number };

export interface Scene {
  recording: GateRecording;
  layout: MapLayout;
  /** Per layer (all layers, shown or not): the units shown, in order, and each unit's row (−1 if hidden). */
  orders: Int32Array[];
  rows: Int32Array[];
  /** Per layer, the colour scale of each signal (c's range differs per layer). */
  scales: Record<GateSignal, ColorScale>[];
  /** A map's bitmap (one pixel per cell, transposed), painted on first use. */
  bitmap(layer: number, signal: GateSignal): CanvasImageSource | undefined;
  /** The LSTMVis selection and the steps where all its units reach the threshold. */
  match: { layer: number; units: number[]; mask: Uint8Array } | null;
  focus: { layer: number; unit: number } | null;
  hover: HoverTarget | null;
  theme: ThemeColors;
  /** The editor's font, for tokens. */
  monoFont: string;
  /** Said in each layer's header: "sorted by variance of h · top 32". */
  orderLabel: string;
}

/** The part of the content on screen, in CSS pixels: scroll offsets of the body and the canvas size. */
export interface Viewport {
  scrollX: number;
  scrollY: number;
  width: number;
  height: number;
}

export const SIGNAL_NAMES: Record<GateSignal, string> = {
  i: 'input gate',
  f: 'forget gate',
  g: 'cell input',
  o: 'output gate',
  c: 'cell state',
  h: 'hidden state',
};
