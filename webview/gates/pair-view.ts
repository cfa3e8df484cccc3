/**
 * An encoder–decoder in the Gates panel: above the decoder's maps (the panel's own, x axis = output
 * tokens), the encoder's maps (x axis = source tokens) and between them the attention map (output ×
 * source, the Prediction panel's grid with its keyboard model: arrows, Page Up/Down, Home/End). One
 * hover links the three: a source step highlights its column in the encoder maps and its attention
 * column; an output step its column in the decoder maps, its attention row and — tinted in the encoder's
 * token strip and band — the source tokens it attended to; a cell or label of the attention map both.
 */

import type { GateRecording } from '../../src/protocol/gate-recording';
import { element, setText } from '../shared/dom';
import { AttentionMap } from '../prediction/tasks/attention-map';
import type { AttentionHighlight, AttentionPoint } from '../prediction/tasks/attention-focus';
import { MapSection } from './map-section';
import type { MapViewEvents } from './map-view';
import { attentionRowOf, attentionRows, encoderRecordingOf, isPairRecording } from './pair-recording';
import type { HoverTarget } from './scene';
import * as l10n from '../shared/l10n';

/** Which view the pointer (or the keyboard) is in: that view's own hover is left as it set it. */
type Pointer = 'encoder' | 'decoder' | 'attention' | null;

/** What the e2e tests read of the linked highlight (`window.__gatesPanel.pair().pointed`). */
export interface PairPointed {
  /** The source step highlighted in the encoder maps (−1: none). */
  sourceStep: number;
  /** The output step highlighted in the decoder maps and whose attention tints the source (−1: none). */
  outputStep: number;
  /** The attention map's live sentence. */
  status: string;
}

export class PairView {
  /** Captions, the encoder's maps and the attention map: shown above the decoder's maps. */
  readonly root = element('div', { id: 'gates-pair', className: 'pair-view' });
  readonly encoder: MapSection;
  encoderRecording: GateRecording | null = null;
  private recording: (GateRecording & { pair: NonNullable<GateRecording['pair']> }) | null = null;
  private readonly encoderCaption = element('div', { id: 'encoder-caption', className: 'pair-caption' });
  private readonly attentionCaption = element('div', { id: 'attention-caption', className: 'pair-caption' });
  private readonly decoderCaption = element('div', { id: 'decoder-caption', className: 'pair-caption' });
  private readonly attention: AttentionMap;
  private readonly attentionBox = element('div', { id: 'gates-attention', className: 'pair-attention' });
  private pointer: Pointer = null;
  private pointed = { sourceStep: -1, outputStep: -1 };

  constructor(
    encoderEvents: MapViewEvents,
    private readonly decoder: MapSection,
  ) {
    this.encoder = new MapSection(
      {
        ...encoderEvents,
        onHover: (target, x, y, fromKeyboard) => {
          this.pointer = target ? 'encoder' : null;
          this.attention.point(target && target.step >= 0 ? { kind: 'source', source: target.step } : null);
          encoderEvents.onHover(target, x, y, fromKeyboard);
        },
      },
      { idPrefix: 'encoder-', label: l10n.t('Encoder gate heatmaps (source tokens)') },
    );
    this.encoder.view.root.classList.add('encoder-maps');
    this.attention = new AttentionMap((highlight) => this.highlight(highlight));
    // Captured, so the pointer is known before the map reports what it points at.
    this.attention.root.addEventListener('mouseover', () => (this.pointer = 'attention'), true);
    this.attention.root.addEventListener('focusin', () => (this.pointer = 'attention'), true);
    this.attention.root.addEventListener('mouseleave', () => (this.pointer = null));
    this.attentionBox.append(this.attentionCaption, this.attention.root);
    this.root.append(this.encoderCaption, this.encoder.view.root, this.attentionBox, this.decoderCaption);
    this.root.hidden = true;
  }

  /** A new recording: an encoder–decoder's shows this view, any other hides it. */
  show(recording: GateRecording): void {
    if (!isPairRecording(recording)) {
      this.recording = null;
      this.encoderRecording = null;
      this.encoder.show(null);
      this.root.hidden = true;
      return;
    }
    this.recording = recording;
    this.encoderRecording = encoderRecordingOf(recording);
    this.encoder.show(this.encoderRecording);
    this.root.hidden = false;
    const { pair } = recording;
    setText(this.encoderCaption, l10n.t('Encoder · {0} source tokens', pair.sourceSteps));
    const rows = attentionRows(recording);
    this.attentionBox.hidden = rows.length === 0;
    setText(this.attentionCaption, l10n.t('Attention ({0}) · output steps × source tokens', pair.attentionKind));
    this.attention.render(rows, recording.tokens.slice(0, rows.length), pair.sourceTokens);
    const reference = pair.reference === null ? '' : l10n.t(' · reference “{0}”', pair.reference);
    const cut = pair.finished ? '' : l10n.t(' (cut at the length limit)');
    setText(
      this.decoderCaption,
      pair.finished
        ? l10n.t(
            'Decoder · output “{0}”{1}{2} · {3} steps, the last choosing <eos>',
            pair.output,
            cut,
            reference,
            recording.steps,
          )
        : l10n.t(
            'Decoder · output “{0}”{1}{2} · {3} steps, the last choosing its last token',
            pair.output,
            cut,
            reference,
            recording.steps,
          ),
    );
    this.pointed = { sourceStep: -1, outputStep: -1 };
  }

  /** The decoder's maps were pointed at (a cell or a step; null: the pointer left them). */
  pointFromDecoder(target: HoverTarget | null): void {
    if (!this.recording) return;
    this.pointer = target ? 'decoder' : null;
    const step = target && target.step >= 0 ? target.step : -1;
    const point: AttentionPoint | null = step >= 0 ? { kind: 'output', output: step } : null;
    if (this.recording.pair.attention) {
      this.attention.point(point);
      if (step >= 0) this.revealAttentionRow(step);
    } else this.highlight(null);
  }

  /** Scrolls the attention map (only it, not the page) so output step `step`'s row is in view. */
  private revealAttentionRow(step: number): void {
    const scroller = this.attention.root.querySelector<HTMLElement>('.attention-scroll');
    const label = this.attention.root.querySelector<HTMLElement>(`[data-output-header="${step}"]`);
    if (!scroller || !label) return;
    const top = label.getBoundingClientRect().top - scroller.getBoundingClientRect().top + scroller.scrollTop;
    if (top < scroller.scrollTop) scroller.scrollTop = top;
    else if (top + label.offsetHeight > scroller.scrollTop + scroller.clientHeight)
      scroller.scrollTop = top + label.offsetHeight - scroller.clientHeight;
  }

  get pointedState(): PairPointed {
    return { ...this.pointed, status: this.attention.root.querySelector('.attention-status')?.textContent ?? '' };
  }

  /** What the attention map reports pointed at, shown in the two maps views (but the one the pointer is in). */
  private highlight(highlight: AttentionHighlight | null): void {
    const recording = this.recording;
    const encoderScene = this.encoder.scene;
    const decoderScene = this.decoder.scene;
    if (!recording) return;
    const outputStep = highlight?.currentOutput ?? -1;
    const sourceStep = highlight?.currentSource ?? -1;
    this.pointed = { sourceStep, outputStep };
    if (encoderScene) {
      const row = attentionRowOf(recording, outputStep);
      encoderScene.attentionFrom = row ? { step: outputStep, weights: row } : null;
      if (this.pointer !== 'encoder') encoderScene.hover = sourceStep >= 0 ? { kind: 'step', step: sourceStep } : null;
      this.encoder.view.requestDraw();
    }
    if (decoderScene && this.pointer !== 'decoder') {
      decoderScene.hover = outputStep >= 0 ? { kind: 'step', step: outputStep } : null;
      this.decoder.view.requestDraw();
    }
  }
}
