/**
 * One recording's maps: its maps view, the bitmaps painted for it and the scene it draws, rebuilt from
 * the view settings at the level a change invalidates (scales ⊃ orders ⊃ layout ⊃ match). The panel has
 * one for the recording (a single stack, or an encoder–decoder's decoder) and, for an encoder–decoder,
 * one for the encoder.
 */

import { signalOf, type GateRecording } from '../../src/protocol/gate-recording';
import type { ThemeColors } from '../shared/theme';
import { layoutMaps } from './map-layout';
import { MapBitmaps } from './map-bitmaps';
import { MapView, type MapViewEvents, type MapViewNaming } from './map-view';
import { matchFor, ordersFor, scalesFor, shownLayers, shownSignals, signalNames } from './recording-data';
import type { Scene } from './scene';
import type { GatesViewSettings } from './view-settings';
import * as l10n from '../shared/l10n';

export type RebuildLevel = 'all' | 'scales' | 'orders' | 'layout' | 'match';

export class MapSection {
  readonly view: MapView;
  scene: Scene | null = null;
  private recording: GateRecording | null = null;
  private readonly bitmaps = new MapBitmaps();
  private painted = new Set<string>();

  constructor(events: MapViewEvents, naming?: MapViewNaming) {
    this.view = new MapView(events, naming);
  }

  /** A new recording (or none): the next rebuild starts from scratch. */
  show(recording: GateRecording | null): void {
    this.recording = recording;
    this.scene = null;
    if (!recording) this.view.setScene(null);
  }

  /** Recomputes what a change invalidates and hands the view its new scene. `settings` may be corrected in place. */
  rebuild(level: RebuildLevel, s: GatesViewSettings, theme: ThemeColors, monoFont: string): Scene | null {
    const recording = this.recording;
    if (!recording) return null;
    const previous = this.scene;
    const colors = { background: theme.background, positive: theme.blue, negative: theme.orange };
    const scales = level === 'all' || level === 'scales' || !previous ? scalesFor(recording, colors) : previous.scales;
    const ordered =
      level === 'all' || level === 'orders' || !previous
        ? ordersFor(recording, s)
        : { orders: previous.orders, rows: previous.rows };
    // New colours or a new order repaint every bitmap (lazily: only the maps shown).
    if (level === 'all' || level === 'scales' || level === 'orders' || !previous) this.painted = new Set();
    if (s.focus && (s.focus.layer >= recording.gates.length || s.focus.unit >= recording.units)) s.focus = null;
    // A sort signal this cell does not have (f, saved with an LSTM, on a GRU) becomes its output, h.
    const output = recording.gates[0]?.signals.find((signal) => signal.isOutput);
    if (output && !signalNames(recording).includes(s.sortSignal)) s.sortSignal = output.name;
    const layout = layoutMaps(
      shownLayers(recording, s),
      shownSignals(recording, s),
      (l, signal) => ordered.orders[l][signal]?.length ?? 0,
      recording.steps,
      s.cellWidth,
      s.cellHeight,
    );
    // Bitmaps are painted when first drawn (the visible maps in the first frame), the rest right after.
    const bitmap = (layer: number, name: string) => {
      const key = `${layer}:${name}`;
      const signal = signalOf(recording.gates[layer], name);
      if (!signal) return undefined;
      if (!this.painted.has(key)) {
        this.bitmaps.paint(
          layer,
          name,
          signal.values,
          recording.steps,
          signal.width,
          ordered.orders[layer][name],
          scales[layer].bySignal[name],
        );
        this.painted.add(key);
      }
      return this.bitmaps.get(layer, name);
    };
    const sortLabel = s.sortBy === 'index' ? '' : l10n.t('sorted by {0} of {1}', s.sortBy, s.sortSignal);
    const topLabel = s.topN > 0 ? l10n.t('top {0}', s.topN) : '';
    this.scene = {
      recording,
      layout,
      orders: ordered.orders,
      rows: ordered.rows,
      scales,
      bitmap,
      match: matchFor(recording, s),
      focus: s.focus,
      hover: null,
      theme,
      monoFont,
      orderLabel: [sortLabel, topLabel].filter(Boolean).join(' · '),
      attentionFrom: null,
    };
    this.view.setScene(this.scene);
    return this.scene;
  }

  /** Paints every shown map's bitmap not painted yet (right after a frame, so scrolling never waits). */
  paintAll(): void {
    const scene = this.scene;
    if (scene) for (const block of scene.layout.blocks) scene.bitmap(block.layer, block.signal);
  }
}
