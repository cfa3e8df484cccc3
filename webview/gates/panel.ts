/**
 * The Gates panel: heatmaps of the cell's signals (units × steps: LSTM i, f, g, o, c, h; GRU r, z, n, h)
 * for each layer — and each direction of a bidirectional one — of a model on one input,
 * with the input tokens and the model's output along the time axis. It says `ready`, shows the host's
 * `model` and `recording`, and asks for new recordings (samples, typed text). View settings live in
 * `setState` (with the checkpoint and the input, so the host's serializer can reopen the panel).
 */

import { signalOf, type GateRecording } from '../../src/protocol/gate-recording';
import type { GatesModelInfo, GatesPanelToHost, HostToGatesPanel } from '../../src/protocol/gates-panel';
import type { GateInput } from '../../src/protocol/inference-messages';
import { Announcer } from '../shared/announcer';
import { element } from '../shared/dom';
import { readThemeColors, watchTheme, type ThemeColors } from '../shared/theme';
import { onHostMessage, vscodeApi, type VsCodeApi } from '../shared/vscode-api';
import { cursorAnnouncement, unitActionAnnouncement } from './cursor-announcement';
import { buildGatesCsv, exportFileName } from './export-csv';
import { renderScenePng } from './export-png';
import { GatesHeader } from './header';
import { hoverText, layerTitle } from './hover-text';
import { InputBar } from './input-bar';
import { SeriesPicker } from './series-picker';
import type { LayerSummary } from './layer-summary';
import { warmUpPainting } from './map-bitmaps';
import { makeScale } from './color-scales';
import { MapSection, type RebuildLevel } from './map-section';
import type { MapView } from './map-view';
import { PairView, type PairPointed } from './pair-view';
import { reviveRecording, signalNames, summariesFor, unitsOf } from './recording-data';
import type { HoverTarget, Scene } from './scene';
import { SidePanel } from './side-panel';
import { toggleUnit } from './threshold';
import { Tooltip } from './tooltip';
import { ViewBar } from './view-bar';
import {
  CELL_HEIGHTS,
  CELL_WIDTHS,
  restoreViewSettings,
  stepSize,
  type GatesViewSettings,
  type PersistedGatesState,
} from './view-settings';
import * as l10n from '../shared/l10n';

/** What e2e tests and the draw-time measurement read (`window.__gatesPanel`). */
export interface GatesPanelProbe {
  recording(): {
    steps: number;
    layers: number;
    units: number;
    source: string;
    task: string;
    cell: string;
    /** Per entry of `recording.gates` (the `layer` argument of cellPoint and order): `0 forward`, `0 backward`, … */
    entries: string[];
    /** The maps each layer shows: `i f g o c h`, `r z n h`. */
    signals: string[];
  } | null;
  /** Cells drawn in the last frame. */
  drawn(): number;
  /** Milliseconds from a recording's arrival to its first frame (orders, bitmaps, layout, draw). */
  fullDrawMs(): number;
  /** Milliseconds from a recording's arrival until every map's bitmap is painted (0 until then). */
  paintedAllMs(): number;
  /** Milliseconds of the last frame alone. */
  frameMs(): number;
  /** Where to point to hover a cell (relative to `#maps-scroller`), after scrolling it into view. */
  cellPoint(layer: number, signal: string, unit: number, step: number): { x: number; y: number } | null;
  settings(): GatesViewSettings;
  /** The units of a layer in display order. */
  order(layer: number): number[];
  /**
   * An encoder–decoder's recording (null for a single stack): steps and tokens of both sides, the
   * attention's shape, what the linked hover highlights now, and where to point to hover an encoder cell
   * (relative to `#encoder-maps-scroller`).
   */
  pair(): {
    sourceSteps: number;
    sourceTokens: string[];
    outputTokens: string[];
    encoderEntries: string[];
    attentionRows: number;
    output: string;
    reference: string | null;
    pointed: PairPointed;
  } | null;
  encoderCellPoint(layer: number, signal: string, unit: number, step: number): { x: number; y: number } | null;
}

declare global {
  interface Window {
    __gatesPanel?: GatesPanelProbe;
  }
}

export class GatesPanel {
  private readonly api: VsCodeApi<PersistedGatesState, GatesPanelToHost>;
  private settings: GatesViewSettings;
  private checkpointPath: string | undefined;
  private input: GateInput | undefined;
  private model: GatesModelInfo | null = null;
  private recording: GateRecording | null = null;
  private theme: ThemeColors;
  private readonly monoFont: string;
  private summaries: LayerSummary[] = [];
  private paintTimer: ReturnType<typeof setTimeout> | undefined;
  private readonly afterPaint: (() => void)[] = [];
  /** When the current recording arrived, until all its bitmaps are painted (for the probe). */
  private arrived = 0;
  private paintedAll = 0;
  private fullDraw = 0;
  private nextRequestId = 1;
  private readonly header: GatesHeader;
  private readonly inputBar: InputBar;
  private readonly seriesPicker: SeriesPicker;
  private readonly viewBar: ViewBar;
  /** The recording's maps: a single stack's, or an encoder–decoder's decoder. */
  private readonly main: MapSection;
  private readonly pairView: PairView;
  private readonly side = new SidePanel();
  private readonly tooltip = new Tooltip();
  /** Says where the keyboard cursor is and what Enter and Escape did. */
  private readonly announcer = new Announcer('gates-announcer');
  private readonly empty = element('div', { id: 'empty', className: 'empty', text: l10n.t('Recording the gates…') });

  constructor(root: HTMLElement) {
    this.api = vscodeApi<PersistedGatesState, GatesPanelToHost>();
    const saved = this.api.getState();
    this.settings = restoreViewSettings(saved);
    this.checkpointPath = saved?.checkpointPath;
    this.input = saved?.input;
    this.theme = readThemeColors();
    this.monoFont =
      getComputedStyle(document.documentElement).getPropertyValue('--vscode-editor-font-family').trim() || 'monospace';
    this.header = new GatesHeader({
      onChooseModel: () => this.api.postMessage({ type: 'choose-model' }),
      onExport: (kind) => this.export(kind),
    });
    this.inputBar = new InputBar({
      onSample: (which) => this.sample(which),
      onSearch: (query) =>
        this.record({
          type: 'validation-sample',
          index: (this.recording?.source.index ?? -1) + 1,
          search: query,
          ...this.chosenSeries(),
        }),
      onRecordText: (text) => this.record({ type: 'text', text }),
    });
    this.seriesPicker = new SeriesPicker((series) => this.record({ type: 'validation-sample', index: 0, series }));
    this.inputBar.root.prepend(this.seriesPicker.root);
    this.viewBar = new ViewBar({
      onChange: (change) => this.change(change),
      onZoom: (axis, direction) => this.zoom(axis, direction),
      onFit: () => this.fit(),
      onSearchDataSet: (query) => this.api.postMessage({ type: 'search-data-set', query }),
    });
    this.main = new MapSection({
      onHover: (target, x, y, fromKeyboard) => this.hover(target, x, y, fromKeyboard),
      onClickUnit: (layer, signal, unit, toggle) => this.clickUnit(layer, signal, unit, toggle),
      onZoom: (direction, axis, anchor) => this.zoom(axis, direction, anchor),
      onEscape: () => this.clearChosenUnits(),
    });
    // The encoder's maps hover and zoom like the decoder's; focus and selection are the decoder's alone.
    this.pairView = new PairView(
      {
        onHover: (target, x, y, fromKeyboard) => this.hoverEncoder(target, x, y, fromKeyboard),
        onClickUnit: () => undefined,
        onZoom: (direction, axis) => this.zoom(axis, direction),
      },
      this.main,
    );
    const family = this.theme.fontFamily;
    warmUpPainting(
      makeScale(
        'sequential',
        { background: this.theme.background, positive: this.theme.blue, negative: this.theme.orange },
        0,
        1,
      ),
    );
    this.mapView.warmUpFonts([
      `10px ${family}`,
      `600 12px ${family}`,
      `600 13px ${this.monoFont}`,
      `13px ${this.monoFont}`,
    ]);
    const column = element('div', { className: 'maps-column' }, this.pairView.root, this.mapView.root);
    const content = element('div', { className: 'gates-content' }, column, this.side.root);
    root.classList.add('gates-panel');
    root.replaceChildren(
      this.header.root,
      this.inputBar.root,
      this.viewBar.root,
      this.empty,
      content,
      this.tooltip.root,
      this.announcer.root,
    );
    content.hidden = true;
    this.viewBar.root.hidden = true;
    onHostMessage<HostToGatesPanel>((message) => this.onMessage(message, content));
    watchTheme(() => {
      this.theme = readThemeColors();
      this.rebuild('scales');
    });
    window.__gatesPanel = {
      recording: () =>
        this.recording
          ? {
              steps: this.recording.steps,
              layers: this.recording.layers,
              units: this.recording.units,
              source: this.recording.source.label,
              task: this.recording.task,
              cell: this.recording.cell,
              entries: this.recording.gates.map((g) => `${g.layer} ${g.direction}`),
              signals: signalNames(this.recording),
            }
          : null,
      drawn: () => Number(this.mapView.root.getAttribute('data-drawn') ?? 0),
      fullDrawMs: () => this.fullDraw,
      paintedAllMs: () => this.paintedAll,
      frameMs: () => this.mapView.lastDrawMs,
      cellPoint: (layer, signal, unit, step) => this.mapView.cellPoint(layer, signal, unit, step),
      settings: () => this.settings,
      order: (layer) => {
        const orders = this.scene?.orders[layer];
        const first = this.recording?.gates[layer]?.signals[0]?.name;
        return Array.from((orders && first && orders[first]) || []);
      },
      pair: () => {
        const pair = this.recording?.pair;
        if (!pair || !this.recording) return null;
        return {
          sourceSteps: pair.sourceSteps,
          sourceTokens: pair.sourceTokens,
          outputTokens: this.recording.tokens,
          encoderEntries: pair.encoder.map((g) => `${g.layer} ${g.direction}`),
          attentionRows: pair.attention ? this.recording.steps : 0,
          output: pair.output,
          reference: pair.reference,
          pointed: this.pairView.pointedState,
        };
      },
      encoderCellPoint: (layer, signal, unit, step) => this.pairView.encoder.view.cellPoint(layer, signal, unit, step),
    };
    this.api.postMessage({ type: 'ready' });
  }

  private onMessage(message: HostToGatesPanel, content: HTMLElement): void {
    switch (message.type) {
      case 'model':
        this.model = message.model;
        this.checkpointPath = message.model.checkpointPath;
        this.header.showModel(message.model);
        this.inputBar.showModel(message.model);
        this.seriesPicker.showModel(message.model);
        this.persist();
        return;
      case 'busy':
        this.setBusy(true);
        return;
      case 'recording': {
        this.setBusy(false);
        this.header.clearError();
        this.input = message.input;
        if (message.input.type === 'text') this.inputBar.showText(message.input.text);
        this.recording = reviveRecording(message.recording);
        this.main.show(this.recording);
        this.pairView.show(this.recording);
        this.empty.hidden = true;
        content.hidden = false;
        this.viewBar.root.hidden = false;
        this.header.showRecording(this.recording);
        this.inputBar.showRecording(this.recording);
        this.seriesPicker.showRecording(this.recording);
        this.persist();
        const started = performance.now();
        this.widenShortSequence();
        this.arrived = started;
        this.paintedAll = 0;
        this.rebuild('all');
        this.mapView.drawNow();
        // Opened at a step (a span or a point of the Evaluate view): the cursor starts there, in view.
        if (message.focusStep !== undefined) this.mapView.focusStep(message.focusStep);
        this.fullDraw = performance.now() - started;
        this.mapView.root.setAttribute('data-draw-ms', this.fullDraw.toFixed(1));
        // The visible maps first; the other maps and the layer summaries (a few passes over every value) right after.
        const shown = this.recording;
        this.paintRestSoon(() => {
          if (this.recording !== shown || !this.scene) return;
          this.summaries = summariesFor(shown);
          this.side.show(shown, this.scene.scales, this.summaries, this.theme);
        });
        return;
      }
      case 'error':
        this.setBusy(false);
        this.header.flash(message.message, 'error');
        if (!this.recording)
          this.empty.textContent = l10n.t('Nothing recorded yet. Choose a sample or type a text above.');
        return;
      case 'saved':
        if (message.path) this.header.flash(l10n.t('Saved to {0}', message.path));
        else if (message.error) this.header.flash(l10n.t('Not saved: {0}', message.error), 'error');
        return;
    }
  }

  private setBusy(busy: boolean): void {
    this.header.setBusy(busy);
    this.inputBar.setBusy(busy);
    this.seriesPicker.setBusy(busy);
  }

  /** Once a series was picked, the sample buttons and the search stay in it. */
  private chosenSeries(): { series?: string } {
    return this.input?.type === 'validation-sample' && this.input.series !== undefined
      ? { series: this.input.series }
      : {};
  }

  private record(input: GateInput): void {
    this.setBusy(true);
    this.api.postMessage({ type: 'record', input });
  }

  private sample(which: 'previous' | 'next' | 'random'): void {
    const source = this.recording?.source;
    const index = source?.kind === 'validation-sample' ? (source.index ?? 0) : -1;
    const total = source?.total ?? 0;
    const series = this.chosenSeries();
    if (which === 'random' && total > 0)
      return this.record({ type: 'validation-sample', index: Math.floor(Math.random() * total), ...series });
    if (which === 'random')
      return this.record({ type: 'validation-sample', index: Math.floor(Math.random() * 1e6), ...series });
    this.record({ type: 'validation-sample', index: which === 'next' ? index + 1 : index - 1, ...series });
  }

  private change(change: Partial<GatesViewSettings>): void {
    const before = this.settings;
    this.settings = { ...before, ...change };
    this.persist();
    if (change.sortBy !== undefined || change.sortSignal !== undefined || change.topN !== undefined)
      this.rebuild('orders');
    else if (change.match !== undefined) this.rebuild('match');
    else this.rebuild('layout');
  }

  private persist(): void {
    this.api.setState({ ...this.settings, checkpointPath: this.checkpointPath, input: this.input });
  }

  /** Recomputes what a change invalidates, then redraws: scales ⊃ orders ⊃ layout ⊃ match. */
  private rebuild(level: RebuildLevel): void {
    const recording = this.recording;
    if (!recording) return;
    const s = this.settings;
    if (level === 'all') this.summaries = [];
    const scene = this.main.rebuild(level, s, this.theme, this.monoFont);
    if (!scene) return;
    // The encoder's maps follow the same view settings, without the decoder's focused or selected units.
    if (this.pairView.encoderRecording)
      this.pairView.encoder.rebuild(
        level,
        { ...s, focus: null, match: { ...s.match, units: [] } },
        this.theme,
        this.monoFont,
      );
    this.paintRestSoon();
    const matching = scene.match ? scene.match.mask.reduce((n, x) => n + x, 0) : 0;
    this.viewBar.show(s, recording, matching, this.model?.hasDataset === true && !this.pairView.encoderRecording);
    if (level === 'scales') this.side.show(recording, scene.scales, this.summaries, this.theme);
  }

  private get scene(): Scene | null {
    return this.main.scene;
  }

  private get mapView(): MapView {
    return this.main.view;
  }

  /**
   * Paints the bitmaps of the maps not drawn yet in one task right after the frame, so later scrolling
   * never waits for one; then `after` (the layer summaries of a new recording).
   */
  private paintRestSoon(after?: () => void): void {
    if (after) this.afterPaint.push(after);
    clearTimeout(this.paintTimer);
    this.paintTimer = setTimeout(() => {
      this.main.paintAll();
      this.pairView.encoder.paintAll();
      if (this.arrived > 0) this.paintedAll = performance.now() - this.arrived;
      this.arrived = 0;
      for (const callback of this.afterPaint.splice(0)) callback();
    }, 0);
  }

  private hover(target: HoverTarget | null, clientX: number, clientY: number, fromKeyboard = false): void {
    this.pairView.pointFromDecoder(target);
    if (!target || !this.recording) return this.tooltip.hide();
    const plain = hoverText(this.recording, target);
    const text = this.recording.pair ? { ...plain, title: `Decoder · ${plain.title}` } : plain;
    this.tooltip.show(text, clientX, clientY);
    if (fromKeyboard) this.announcer.say(cursorAnnouncement(text));
  }

  private hoverEncoder(target: HoverTarget | null, clientX: number, clientY: number, fromKeyboard = false): void {
    const encoder = this.pairView.encoderRecording;
    if (!target || !encoder) return this.tooltip.hide();
    const plain = hoverText(encoder, target);
    const text = { ...plain, title: `Encoder · ${plain.title}` };
    this.tooltip.show(text, clientX, clientY);
    if (fromKeyboard) this.announcer.say(cursorAnnouncement(text));
  }

  private clickUnit(layer: number, signal: string, unit: number, toggle: boolean): void {
    // Focus and selection are units of the layer's gates; a projected h's units are others.
    const recorded = this.recording?.gates[layer];
    if (!recorded || signalOf(recorded, signal)?.width !== unitsOf(recorded)) return;
    const title = layerTitle(this.recording!, layer);
    if (toggle) {
      const m = this.settings.match;
      const units = m.layer === layer ? toggleUnit(m.units, unit) : [unit];
      this.change({ match: { ...m, layer, units } });
      const action = units.includes(unit) ? 'selected' : 'unselected';
      return this.announcer.say(unitActionAnnouncement(action, unit, title));
    }
    const same = this.settings.focus?.layer === layer && this.settings.focus.unit === unit;
    this.change({ focus: same ? null : { layer, unit } });
    this.announcer.say(unitActionAnnouncement(same ? 'uncharted' : 'charted', unit, title));
  }

  /** Escape on the maps: the charted unit goes first, then the selection. */
  private clearChosenUnits(): void {
    if (this.settings.focus) this.change({ focus: null });
    else if (this.settings.match.units.length > 0) this.change({ match: { ...this.settings.match, units: [] } });
    else return;
    this.announcer.say(unitActionAnnouncement('cleared', 0, ''));
  }

  /** A sequence narrower than the view gets wider steps (up to 24 px), to use the space. */
  private widenShortSequence(): void {
    const steps = this.recording?.steps ?? 0;
    const width = this.mapView.bodyWidth() - 8;
    if (steps === 0 || width <= 0 || steps * this.settings.cellWidth >= width) return;
    const wider = [...CELL_WIDTHS].reverse().find((w) => w <= Math.min(24, width / steps));
    if (wider && wider > this.settings.cellWidth) {
      this.settings = { ...this.settings, cellWidth: wider };
      this.persist();
    }
  }

  private zoom(axis: 'steps' | 'units', direction: 1 | -1, anchorStep?: number): void {
    if (axis === 'units')
      return this.change({ cellHeight: stepSize(CELL_HEIGHTS, this.settings.cellHeight, direction) });
    const oldWidth = this.settings.cellWidth;
    const width = stepSize(CELL_WIDTHS, oldWidth, direction);
    if (width === oldWidth) return;
    const scroller = this.mapView.scroller;
    const anchor = anchorStep ?? Math.floor((scroller.scrollLeft + this.mapView.bodyWidth() / 2) / oldWidth);
    const offset = anchor * oldWidth - scroller.scrollLeft;
    this.change({ cellWidth: width });
    this.mapView.scrollToStep(anchor, offset);
  }

  private fit(): void {
    if (!this.recording) return;
    const ideal = this.mapView.bodyWidth() / Math.max(1, this.recording.steps);
    const width = [...CELL_WIDTHS].reverse().find((w) => w <= ideal) ?? CELL_WIDTHS[0];
    this.change({ cellWidth: width });
    this.mapView.scrollToStep(0, 0);
  }

  private export(kind: 'png' | 'csv'): void {
    const recording = this.recording;
    const scene = this.scene;
    if (!recording || !scene || !this.model) return;
    const base = exportFileName(this.model.name.split(' · ').reverse().join('-'), 'gates', kind);
    const data =
      kind === 'csv'
        ? buildGatesCsv(
            recording,
            scene.layout.blocks.map((b) => ({
              layer: b.layer,
              signal: b.signal,
              order: scene.orders[b.layer][b.signal],
            })),
          )
        : renderScenePng(scene, `${this.model.name} — ${recording.source.label}`);
    this.api.postMessage({ type: 'save', requestId: this.nextRequestId++, kind, suggestedName: base, data });
  }
}
