/**
 * The input: where it came from (a selection, a line, or typed here), the text itself (editable), the
 * options of the model's task — attribution method; length, temperature, top-k, seed, greedy; horizon —
 * and the button that runs the prediction (Ctrl/Cmd+Enter in the text does too). Classification and
 * forecasting options predict again at once; a language model's wait for Generate, which turns into Stop
 * while the continuation streams (what was generated stays).
 */

import type { PredictionOptions, PredictionSource } from '../../src/protocol/prediction-panel';
import type { PredictionPresentation } from '../../src/protocol/task-presentation';
import { element, setText } from '../shared/dom';
import { OPTION_CONTROLS } from './tasks/option-controls';
import * as l10n from '../shared/l10n';

export interface InputCardEvents {
  predict(input: string, options: PredictionOptions): void;
  stop(): void;
  revealSource(): void;
}

export class InputCard {
  readonly root = element('section', { className: 'input-card', attrs: { 'aria-label': l10n.t('Input') } });
  private readonly source = element('span', { id: 'source', className: 'muted' });
  private readonly reveal = element('button', { className: 'link-button', text: l10n.t('show in editor') });
  private readonly text = element('textarea', {
    id: 'input',
    attrs: { rows: 5, spellcheck: 'false', 'aria-label': l10n.t('Text to predict on') },
  });
  private readonly controls = element('div', { className: 'controls' });
  private readonly button = element('button', { id: 'predict', className: 'button', text: l10n.t('Predict') });
  /** How the model predicts (null: no model, or one that cannot predict on a selection). */
  private prediction: PredictionPresentation | null = null;
  private options!: PredictionOptions;
  /** The options the host last sent (JSON), to tell its changes from its repeats. */
  private hostOptions = '';
  private stoppable = false;

  constructor(private readonly events: InputCardEvents) {
    this.root.append(
      element('div', { className: 'input-header' }, element('span', {}, this.source, ' ', this.reveal)),
      this.text,
      this.controls,
    );
    this.button.addEventListener('click', () => (this.stoppable ? this.events.stop() : this.predict()));
    this.reveal.addEventListener('click', () => events.revealSource());
    this.text.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.predict();
      }
    });
  }

  update(
    input: string,
    source: PredictionSource | null,
    prediction: PredictionPresentation | null,
    options: PredictionOptions,
    running: boolean,
  ): void {
    if (this.text.value !== input && document.activeElement !== this.text) this.text.value = input;
    setText(this.source, describeSource(source));
    this.reveal.hidden = source === null;
    // The host's options replace the controls' only when the host's change (a restored panel, a
    // prediction sent): a state update while one runs must not undo a Length typed meanwhile.
    // (The echo of the controls' own change is no change: rebuilding would take the focus from them.)
    const incoming = JSON.stringify(options);
    let controlsStale = false;
    if (incoming !== this.hostOptions) {
      this.hostOptions = incoming;
      controlsStale = incoming !== JSON.stringify(this.options);
      this.options = { ...options };
    }
    const viewChanged = prediction?.answer !== this.prediction?.answer;
    this.prediction = prediction;
    if (viewChanged || controlsStale) this.buildControls();
    // Only a continuation runs long enough to stop; the others would flash the label.
    this.stoppable = running && prediction?.answer === 'continuation';
    this.button.disabled = (running && !this.stoppable) || prediction === null;
    this.button.classList.toggle('secondary', this.stoppable);
    this.button.title = this.stoppable ? l10n.t('Stop generating (the characters so far stay)') : '';
    setText(this.button, this.stoppable ? l10n.t('Stop') : prediction ? prediction.action : l10n.t('Predict'));
  }

  focus(): void {
    this.text.focus();
  }

  private predict(): void {
    if (this.prediction) this.events.predict(this.text.value, { ...this.options });
  }

  private buildControls(): void {
    const number = (
      id: keyof PredictionOptions,
      label: string,
      min: number,
      max: number,
      step: number,
      title: string,
      auto: boolean,
    ) => {
      const input = element('input', {
        id: `option-${id}`,
        title,
        attrs: { type: 'number', min, max, step, value: String(this.options[id]) },
      });
      input.addEventListener('change', () => {
        const value = Number(input.value);
        if (!Number.isFinite(value)) return;
        (this.options[id] as number) = Math.min(max, Math.max(min, value));
        if (auto) this.predict();
      });
      return { control: element('label', { className: 'control' }, label, input), input };
    };
    const items = this.prediction
      ? OPTION_CONTROLS[this.prediction.answer]({
          options: this.options,
          set: (key, value) => (this.options[key] = value),
          number,
          predict: () => this.predict(),
        })
      : [];
    this.controls.replaceChildren(...items, element('span', { className: 'spacer' }), this.button);
  }
}

function describeSource(source: PredictionSource | null): string {
  if (!source) return l10n.t('Typed here');
  const lines =
    source.startLine === source.endLine
      ? l10n.t('line {0}', source.startLine)
      : l10n.t('lines {0}–{1}', source.startLine, source.endLine);
  return source.wholeLine
    ? l10n.t('The current line of {0}, {1}', source.fileName, lines)
    : l10n.t('Selection of {0}, {1}', source.fileName, lines);
}
