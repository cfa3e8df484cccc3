/**
 * The Audio view's page: a header (file, duration, model), the play button and the gate signal chooser,
 * the model's answer, then one canvas of views on a shared time axis — waveform, spectrogram, CTC
 * alignment, gate maps — with the side readout. The canvas is the time axis slider: hovering or the
 * arrow keys choose a model frame, drawn as a crosshair across every view at once and read out beside
 * them. The host owns the analysis; the page keeps only its view settings.
 */

import type { AudioAnalysis } from '../../src/protocol/audio-view';
import type { AudioViewSubject, AudioViewToHost, HostToAudioView } from '../../src/protocol/audio-view-panel';
import { element, setAttribute, setText, setVisible } from '../shared/dom';
import { readThemeColors, watchTheme, type ThemeColors } from '../shared/theme';
import { onHostMessage, vscodeApi } from '../shared/vscode-api';
import { drawBase, drawOverlay } from './draw-views';
import { layoutAudioView, type AudioLayout } from './layout';
import { AudioPlayer } from './player';
import { frameReadout, sliderValueText } from './readout';
import { ReadoutView } from './readout-view';
import { RecognitionView } from './recognition-view';
import { clampFrame, formatSeconds, frameSpanX, modelFrameAtX, msOfX, type TimeAxis } from './time-axis';
import { readAudioViewState, type AudioViewState } from './view-state';
import * as l10n from '../shared/l10n';

/** What the e2e tests and the screenshot script ask the page. */
export interface AudioViewProbe {
  analysis(): AudioAnalysis | null;
  frame(): number | null;
  /** Where (canvas CSS pixels) the middle of model frame k is, in the first band of a kind. */
  pointOfFrame(frame: number, band?: string): { x: number; y: number } | null;
  drawnMs(): number;
}

export class AudioViewPanel {
  private readonly api = vscodeApi<AudioViewState, AudioViewToHost>();
  private state = readAudioViewState(this.api.getState());
  private subject: AudioViewSubject | null = null;
  private analysis: AudioAnalysis | null = null;
  private layout: AudioLayout | null = null;
  private theme: ThemeColors = readThemeColors();
  private frame: number | null = null;
  private playheadMs: number | null = null;
  private drawnMs = 0;
  private readonly base = document.createElement('canvas');

  private readonly title = element('h1', { id: 'file', text: l10n.t('Audio') });
  private readonly facts = element('p', { id: 'facts', className: 'muted' });
  private readonly modelButton = element('button', {
    id: 'choose-model',
    className: 'button secondary',
    text: l10n.t('Model…'),
  });
  private readonly signalSelect = element('select', { id: 'signal', attrs: { 'aria-label': l10n.t('Gate signal') } });
  private readonly status = element('p', { id: 'status', className: 'status', attrs: { role: 'status' } });
  private readonly error = element('p', { id: 'error', className: 'error', attrs: { role: 'alert' } });
  private readonly canvas = element('canvas', {
    id: 'views',
    attrs: { tabindex: 0, role: 'slider', 'aria-label': l10n.t('Time axis of every view'), 'aria-valuemin': 0 },
  });
  private readonly canvasBox = element('div', { id: 'views-box', className: 'views-box' }, this.canvas);
  private readonly player = new AudioPlayer((ms) => {
    this.playheadMs = ms;
    this.drawOverlay();
  });
  private readonly recognition = new RecognitionView((beam) => this.analyze(beam));
  private readonly readout = new ReadoutView();

  constructor(root: HTMLElement) {
    root.append(
      element(
        'header',
        { className: 'header' },
        element('div', { className: 'header-text' }, this.title, this.facts),
        element(
          'div',
          { className: 'toolbar' },
          this.player.button,
          element('label', { text: l10n.t('Gates'), attrs: { for: 'signal' } }),
          this.signalSelect,
          this.modelButton,
        ),
      ),
      this.status,
      this.error,
      this.recognition.root,
      element('div', { className: 'views-row' }, this.canvasBox, this.readout.root),
      this.readout.live,
      this.player.audio,
    );
    setVisible(this.error, false);
    setVisible(this.recognition.root, false);
    this.modelButton.addEventListener('click', () => this.api.postMessage({ type: 'choose-model' }));
    this.signalSelect.addEventListener('change', () => {
      this.state = { ...this.state, signal: this.signalSelect.value };
      this.saveState();
      this.redraw();
    });
    this.listenToCanvas();
    watchTheme(() => {
      this.theme = readThemeColors();
      this.redraw();
    });
    new ResizeObserver(() => this.redraw()).observe(this.canvasBox);
    onHostMessage<HostToAudioView>((message) => this.onMessage(message));
    (window as unknown as { __audioView: AudioViewProbe }).__audioView = {
      analysis: () => this.analysis,
      frame: () => this.frame,
      pointOfFrame: (frame, band) => this.pointOfFrame(frame, band),
      drawnMs: () => this.drawnMs,
    };
    this.api.postMessage({ type: 'ready' });
  }

  private onMessage(message: HostToAudioView): void {
    switch (message.type) {
      case 'subject':
        this.subject = message.subject;
        this.state = {
          ...this.state,
          audioPath: message.subject.audioPath,
          checkpointPath: message.subject.checkpointPath,
        };
        this.saveState();
        this.player.setSource(message.subject.audioUri);
        setText(this.title, message.subject.file);
        this.showFacts();
        return;
      case 'busy':
        setText(
          this.status,
          message.beam > 1 ? l10n.t('Decoding with a beam of {0}…', message.beam) : l10n.t('Analysing…'),
        );
        setVisible(this.error, false);
        this.recognition.setBusy(true);
        return;
      case 'analysis':
        setText(this.status, '');
        setVisible(this.error, false);
        this.recognition.setBusy(false);
        this.state = { ...this.state, beam: message.beam };
        this.saveState();
        this.showAnalysis(message.analysis, message.beam);
        return;
      case 'error':
        setText(this.status, '');
        setText(this.error, message.message);
        setVisible(this.error, true);
        this.recognition.setBusy(false);
        return;
    }
  }

  /** Asks for the first analysis with the saved beam (the host ignores it for a label). */
  private analyze(beam: number): void {
    this.api.postMessage({ type: 'analyze', beam });
  }

  private showFacts(): void {
    const parts: string[] = [];
    if (this.analysis)
      parts.push(`${formatSeconds(this.analysis.durationSeconds * 1000)}`, `${this.analysis.sampleRate / 1000} kHz`);
    if (this.subject) parts.push(`${this.subject.model} (${this.subject.taskName})`);
    if (this.analysis)
      parts.push(this.analysis.gates.architecture, `analysed in ${Math.round(this.analysis.computeMs)} ms`);
    for (const notice of this.analysis?.notices ?? []) parts.push(notice.message);
    setText(this.facts, parts.join(' · '));
  }

  private showAnalysis(analysis: AudioAnalysis, beam: number): void {
    this.analysis = analysis;
    this.recognition.show(analysis.recognition, beam);
    setVisible(this.recognition.root, true);
    this.fillSignals(analysis);
    this.frame = this.frame === null ? null : Math.min(this.frame, Math.max(0, analysis.gates.steps - 1));
    this.showFacts();
    this.redraw();
  }

  private fillSignals(analysis: AudioAnalysis): void {
    const signals = analysis.gates.gates[0]?.signals ?? [];
    if (!signals.some((s) => s.name === this.state.signal) && signals.length > 0)
      this.state = { ...this.state, signal: signals.find((s) => s.name === 'h')?.name ?? signals[0].name };
    this.signalSelect.replaceChildren(
      ...signals.map((s) =>
        element('option', {
          text: `${s.name} — ${l10n.t(s.label)}`,
          attrs: { value: s.name, selected: s.name === this.state.signal },
        }),
      ),
    );
    this.signalSelect.value = this.state.signal;
  }

  private saveState(): void {
    this.api.setState(this.state);
  }

  /** Lays out and draws the base picture again (new analysis, width, signal or theme), then the overlay. */
  private redraw(): void {
    const analysis = this.analysis;
    if (!analysis) return;
    const started = performance.now();
    const width = Math.max(320, Math.floor(this.canvasBox.clientWidth));
    const layout = layoutAudioView(analysis, width, this.state.signal);
    this.layout = layout;
    const ratio = window.devicePixelRatio || 1;
    for (const canvas of [this.canvas, this.base]) {
      canvas.width = Math.round(width * ratio);
      canvas.height = Math.round(layout.height * ratio);
    }
    this.canvas.style.width = `${width}px`;
    this.canvas.style.height = `${layout.height}px`;
    const ctx = this.base.getContext('2d')!;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawBase(ctx, analysis, layout, this.state.signal, this.theme, width);
    setAttribute(this.canvas, 'aria-valuemax', String(Math.max(0, layout.axis.modelFrames - 1)));
    this.drawOverlay();
    this.drawnMs = performance.now() - started;
  }

  private drawOverlay(): void {
    const layout = this.layout;
    if (!layout) return;
    const ctx = this.canvas.getContext('2d')!;
    ctx.setTransform(1, 0, 0, 1, 0, 0);
    ctx.drawImage(this.base, 0, 0);
    const ratio = window.devicePixelRatio || 1;
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    drawOverlay(ctx, layout, this.frame, this.playheadMs, this.theme);
  }

  private setFrame(frame: number | null): void {
    const analysis = this.analysis;
    if (!analysis || !this.layout || frame === this.frame) return;
    this.frame = frame;
    this.drawOverlay();
    if (frame === null) return;
    const text = sliderValueText(analysis, frame);
    setAttribute(this.canvas, 'aria-valuenow', String(frame));
    setAttribute(this.canvas, 'aria-valuetext', text);
    this.readout.show(frameReadout(analysis, frame, this.state.signal), text);
  }

  private listenToCanvas(): void {
    const axisAt = (event: MouseEvent): { axis: TimeAxis; x: number } | null => {
      if (!this.layout) return null;
      const box = this.canvas.getBoundingClientRect();
      return { axis: this.layout.axis, x: event.clientX - box.left };
    };
    this.canvas.addEventListener('mousemove', (event) => {
      const at = axisAt(event);
      if (!at) return;
      const frame = modelFrameAtX(at.axis, at.x);
      if (frame !== null) this.setFrame(frame);
    });
    this.canvas.addEventListener('click', (event) => {
      const at = axisAt(event);
      if (at && modelFrameAtX(at.axis, at.x) !== null) this.player.seek(msOfX(at.axis, at.x));
    });
    this.canvas.addEventListener('keydown', (event) => {
      const axis = this.layout?.axis;
      if (!axis) return;
      const current = this.frame ?? 0;
      const moves: Record<string, number> = {
        ArrowLeft: current - 1,
        ArrowRight: current + 1,
        ArrowDown: current - 1,
        ArrowUp: current + 1,
        PageDown: current - 10,
        PageUp: current + 10,
        Home: 0,
        End: axis.modelFrames - 1,
      };
      if (!(event.key in moves)) return;
      event.preventDefault();
      this.setFrame(clampFrame(axis, this.frame === null && event.key.startsWith('Arrow') ? 0 : moves[event.key]));
    });
  }

  private pointOfFrame(frame: number, kind = 'spectrogram'): { x: number; y: number } | null {
    const layout = this.layout;
    const band = layout?.bands.find((b) => b.kind === kind);
    if (!layout || !band || frame < 0 || frame >= layout.axis.modelFrames) return null;
    const { x0, x1 } = frameSpanX(layout.axis, frame);
    return { x: (x0 + x1) / 2, y: band.top + band.height / 2 };
  }
}
