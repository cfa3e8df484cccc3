/**
 * What the model made of the recording: the transcript with its n-best (speech to text) and the beam
 * width control that asks the host to decode again (1 = greedy best path), or the label with a
 * probability bar per class (audio classification).
 */

import type { AudioRecognition } from '../../src/protocol/audio-view';
import { MAX_AUDIO_BEAM } from '../../src/protocol/audio-view-panel';
import { element } from '../shared/dom';
import { percent } from './readout';
import * as l10n from '../shared/l10n';

export class RecognitionView {
  readonly root = element('section', {
    id: 'recognition',
    className: 'card',
    attrs: { 'aria-label': l10n.t('Recognition') },
  });
  private readonly beamInput = element('input', {
    id: 'beam',
    attrs: {
      type: 'number',
      min: 1,
      max: MAX_AUDIO_BEAM,
      step: 1,
      value: 1,
      'aria-label': l10n.t('Beam width (1 = greedy)'),
    },
  });
  private readonly decodeButton = element('button', {
    id: 'decode',
    className: 'button secondary',
    text: l10n.t('Decode'),
  });

  constructor(private readonly onBeam: (beam: number) => void) {
    const submit = () => {
      const beam = Math.round(Number(this.beamInput.value));
      if (Number.isFinite(beam) && beam >= 1 && beam <= MAX_AUDIO_BEAM) this.onBeam(beam);
      else this.beamInput.value = '1';
    };
    this.decodeButton.addEventListener('click', submit);
    this.beamInput.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') submit();
    });
  }

  setBusy(busy: boolean): void {
    this.decodeButton.disabled = busy;
  }

  show(recognition: AudioRecognition, beam: number): void {
    this.beamInput.value = String(beam);
    if (recognition.kind === 'transcript') this.showTranscript(recognition);
    else this.showLabel(recognition);
  }

  private showTranscript(recognition: Extract<AudioRecognition, { kind: 'transcript' }>): void {
    const nbest = element(
      'ol',
      { id: 'nbest', className: 'nbest', attrs: { 'aria-label': l10n.t('Best hypotheses') } },
      ...recognition.nbest.map((h) =>
        element(
          'li',
          {},
          element('span', { className: 'hypothesis', text: h.text.length > 0 ? h.text : '(nothing)' }),
          element('span', { className: 'muted score', text: `log p ${h.score.toFixed(2)}` }),
        ),
      ),
    );
    this.root.replaceChildren(
      element('h2', { text: l10n.t('Transcript') }),
      element('p', {
        id: 'transcript',
        className: 'transcript',
        text: recognition.text.length > 0 ? recognition.text : '(nothing heard)',
      }),
      element(
        'div',
        { className: 'beam-row' },
        element('label', { text: l10n.t('Beam width'), attrs: { for: 'beam' } }),
        this.beamInput,
        this.decodeButton,
        element('span', {
          className: 'muted',
          text: recognition.beam <= 1 ? 'greedy (best path)' : `prefix beam search, ${recognition.beam} wide`,
        }),
      ),
      ...(recognition.nbest.length > 1 ? [element('h3', { text: `${recognition.nbest.length} best` }), nbest] : []),
    );
  }

  private showLabel(recognition: Extract<AudioRecognition, { kind: 'audio-label' }>): void {
    const rows = recognition.probabilities.flatMap((p) => {
      const fill = element('div', { className: 'bar-fill' });
      fill.style.width = `${(p.probability * 100).toFixed(2)}%`;
      const predicted = p.label === recognition.label ? ' predicted' : '';
      return [
        element('span', { className: `bar-label${predicted}`, text: p.label, title: p.label }),
        element(
          'div',
          {
            className: `bar-track${predicted}`,
            attrs: {
              role: 'meter',
              'aria-label': p.label,
              'aria-valuemin': 0,
              'aria-valuemax': 1,
              'aria-valuenow': p.probability.toFixed(4),
            },
          },
          fill,
        ),
        element('span', { className: `bar-value${predicted}`, text: percent(p.probability) }),
      ];
    });
    const top = recognition.probabilities[0]?.probability ?? 0;
    this.root.replaceChildren(
      element('h2', { text: l10n.t('Label') }),
      element('p', { id: 'label', className: 'transcript', text: `${recognition.label} · ${percent(top)}` }),
      element('div', { id: 'probabilities', className: 'bars' }, ...rows),
    );
  }
}
