/**
 * Where each view of the Audio view sits on its one canvas, top to bottom: the waveform, the spectrogram,
 * the CTC alignment (speech to text; its best path's letters on a strip above it) and one gate map per
 * layer and direction — each a band with a title line above it, all on the time axis under them. Pure.
 */

import type { AudioAnalysis } from '../../src/protocol/audio-view';
import { directionLabel } from '../../src/protocol/gate-recording';
import { timeAxisOf, type TimeAxis } from './time-axis';
import * as l10n from '../shared/l10n';

export type BandKind = 'waveform' | 'spectrogram' | 'alignment' | 'gates';

export interface Band {
  kind: BandKind;
  /** Its title line: `Spectrogram (40 mel bands)`, `Layer 1 → forward · h (hidden state)`. */
  title: string;
  /** The drawn area (below the title line), in CSS pixels. */
  top: number;
  height: number;
  /** Rows of a heatmap (bands, symbols, units) and the height of one; 0 for the waveform. */
  rows: number;
  rowHeight: number;
  /** Gate maps: which entry of `analysis.gates.gates`. */
  gateIndex?: number;
}

export interface AudioLayout {
  axis: TimeAxis;
  bands: Band[];
  /** The best path's letters (speech to text): a strip above the alignment. */
  letters: { top: number; height: number } | null;
  /** The tick labels under the last band. */
  ticksTop: number;
  height: number;
}

/** Room for row labels (symbols, `L1 →`) on the left, and a little on the right. */
export const LABEL_WIDTH = 64;
export const RIGHT_MARGIN = 12;
export const TITLE_HEIGHT = 20;
export const GAP = 10;
export const LETTERS_HEIGHT = 18;
export const TICKS_HEIGHT = 22;
const WAVEFORM_HEIGHT = 72;

/** A heatmap's row height: `target` pixels for the whole map, 1…`max` per row. */
export function rowHeightFor(rows: number, target: number, max: number): number {
  return Math.max(1, Math.min(max, Math.floor(target / Math.max(1, rows))));
}

/** The layout for a canvas `width` CSS pixels wide, showing `signal` (h, c, i, …) in the gate maps. */
export function layoutAudioView(analysis: AudioAnalysis, width: number, signal: string): AudioLayout {
  const axis = timeAxisOf(analysis, LABEL_WIDTH, width - LABEL_WIDTH - RIGHT_MARGIN);
  const bands: Band[] = [];
  let y = 0;
  const add = (band: Omit<Band, 'top'>) => {
    bands.push({ ...band, top: y + TITLE_HEIGHT });
    y += TITLE_HEIGHT + band.height + GAP;
  };
  add({ kind: 'waveform', title: l10n.t('Waveform'), height: WAVEFORM_HEIGHT, rows: 0, rowHeight: 0 });
  const { bands: melBands } = analysis.spectrogram;
  const melRow = rowHeightFor(melBands, 160, 4);
  add({
    kind: 'spectrogram',
    title: l10n.t('Log-mel spectrogram ({0} bands, {1} ms hop)', melBands, analysis.spectrogram.frameMs),
    height: melBands * melRow,
    rows: melBands,
    rowHeight: melRow,
  });
  let letters: AudioLayout['letters'] = null;
  const alignment = analysis.alignment;
  if (alignment) {
    const symbolRow = rowHeightFor(alignment.symbols.length, 300, 12);
    // The letters' strip sits between the title line and the heatmap.
    letters = { top: y + TITLE_HEIGHT, height: LETTERS_HEIGHT };
    bands.push({
      kind: 'alignment',
      title: `CTC alignment (${alignment.symbols.length} symbols × ${alignment.frames} frames; · = blank)`,
      top: y + TITLE_HEIGHT + LETTERS_HEIGHT,
      height: alignment.symbols.length * symbolRow,
      rows: alignment.symbols.length,
      rowHeight: symbolRow,
    });
    y += TITLE_HEIGHT + LETTERS_HEIGHT + alignment.symbols.length * symbolRow + GAP;
  }
  analysis.gates.gates.forEach((layer, gateIndex) => {
    const recorded = layer.signals.find((s) => s.name === signal) ?? layer.signals.at(-1);
    if (!recorded) return;
    const unitRow = rowHeightFor(recorded.width, 128, 4);
    add({
      kind: 'gates',
      title: l10n.t(
        'Layer {0} {1} · {2} ({3}, {4} units)',
        layer.layer + 1,
        l10n.t(directionLabel(layer.direction)),
        recorded.name,
        l10n.t(recorded.label),
        recorded.width,
      ),
      height: recorded.width * unitRow,
      rows: recorded.width,
      rowHeight: unitRow,
      gateIndex,
    });
  });
  const ticksTop = y - GAP + 4;
  return { axis, bands, letters, ticksTop, height: ticksTop + TICKS_HEIGHT };
}

/** The band under a y, or null between bands. */
export function bandAtY(layout: AudioLayout, y: number): Band | null {
  return layout.bands.find((b) => y >= b.top && y < b.top + b.height) ?? null;
}
