/**
 * Everything one frame of the maps view draws (the recording, the layout, orders, colour scales,
 * bitmaps, the selection and the hover), and the viewport it is drawn into. Built by the panel,
 * drawn by draw-scene.ts (and, for the PNG export, into a canvas the size of the whole content).
 */

import type { GateRecording } from '../../src/protocol/gate-recording';
import type { ThemeColors } from '../shared/theme';
import type { MapLayout } from './map-layout';
import type { LayerScales } from './color-scales';

/** A map is one signal (`i`, `z`, `h`, …) of one layer; "layer" is an entry of `recording.gates` (a direction). */

export type HoverTarget =
  | { kind: 'cell'; layer: number; signal: string; unit: number; row: number; step: number }
  | { kind: 'step'; step: number };

export interface Scene {
  recording: GateRecording;
  layout: MapLayout;
  /**
   * Per layer (all layers, shown or not) and signal: the units shown, in order, and each unit's row (−1 if
   * hidden). Signals of the same width share one order.
   */
  orders: Record<string, Int32Array>[];
  rows: Record<string, Int32Array>[];
  /** Per layer, the colour scale of each signal (an unbounded signal's range differs per layer). */
  scales: LayerScales[];
  /** A map's bitmap (one pixel per cell, transposed), painted on first use. */
  bitmap(layer: number, signal: string): CanvasImageSource | undefined;
  /** The LSTMVis selection and the steps where all its units reach the threshold. */
  match: { layer: number; units: number[]; mask: Uint8Array } | null;
  focus: { layer: number; unit: number } | null;
  hover: HoverTarget | null;
  /** The hover is the keyboard cursor (drawn in the focus colour), not the pointer's. */
  cursor?: boolean;
  theme: ThemeColors;
  /** The editor's font, for tokens. */
  monoFont: string;
  /** Said in each layer's header: "sorted by variance of h · top 32". */
  orderLabel: string;
  /**
   * Encoder maps of an encoder–decoder: the output step pointed at (in the decoder maps or the attention
   * map) and its attention over the source steps, which the band and the token strip show; else null.
   */
  attentionFrom?: { step: number; weights: Float32Array } | null;
}

/** The part of the content on screen, in CSS pixels: scroll offsets of the body and the canvas size. */
export interface Viewport {
  scrollX: number;
  scrollY: number;
  width: number;
  height: number;
}
