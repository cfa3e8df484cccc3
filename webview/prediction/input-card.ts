/**
 * The input: where it came from (a selection, a line, or typed here), the text itself (editable), the
 * options of the model's task — attribution method; length, temperature, top-k, seed, greedy; horizon —
 * and the button that runs the prediction (Ctrl/Cmd+Enter in the text does too). Classification and
 * forecasting options predict again at once; a language model's wait for Generate, which turns into Stop
 * while the continuation streams (what was generated stays).
 */

import type { Task } from '../../src/protocol/task';
import type { PredictionOptions, PredictionSource } from '../../src/protocol/prediction-panel';
import { element, setText } from '../shared/dom';

const ACTION: Record<Task, string> = { classification: 'Classify', 'language-model': 'Generate', forecasting: 'Forecast' };

export interface InputCardEvents {
  predict(input: string, options: PredictionOptions): void;
  stop(): void;
  revealSource(): void;
}

export class InputCard {
  readonly root = element('section', { className: 'input-card', attrs: { 'aria-label': 'Input' } });
  private readonly source = element('span', { id: 'source', className: 'muted' });
  private readonly reveal = element('button', { className: 'link-button', text: 'show in editor' });
  private readonly text = element('textarea', { id: 'input', attrs: { rows: 5, spellcheck: 'false', 'aria-label': 'Text to predict on' } });
  private readonly controls = element('div', { className: 'controls' });
  private readonly button = element('button', { id: 'predict', className: 'button', text: 'Predict' });
  private task: Task | null = null;
  private options!: PredictionOptions;
  /** The options the host last sent (JSON), to tell its changes from its repeats. */
  private hostOptions = '';
  private stoppable = false;

  constructor(private readonly events: InputCardEvents) {
    this.root.append(element('div', { className: 'input-header' }, element('span', {}, this.source, ' ', this.reveal)), this.text, this.controls);
    this.button.addEventListener('click', () => (this.stoppable ? this.events.stop() : this.predict()));
    this.reveal.addEventListener('click', () => events.revealSource());
    this.text.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        this.predict();
      }
    });
  }

  update(input: string, source: PredictionSource | null, task: Task | null, options: PredictionOptions, running: boolean): void {
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
    if (task !== this.task || controlsStale) {
      this.task = task;
      this.buildControls();
    }
    // Only a continuation runs long enough to stop; the others would flash the label.
    this.stoppable = running && task === 'language-model';
    this.button.disabled = (running && !this.stoppable) || task === null;
    this.button.classList.toggle('secondary', this.stoppable);
    this.button.title = this.stoppable ? 'Stop generating (the characters so far stay)' : '';
    setText(this.button, this.stoppable ? 'Stop' : task ? ACTION[task] : 'Predict');
  }

  focus(): void {
    this.text.focus();
  }

  private predict(): void {
    if (this.task) this.events.predict(this.text.value, { ...this.options });
  }

  private buildControls(): void {
    const o = this.options;
    const items: HTMLElement[] = [];
    const number = (id: keyof PredictionOptions, label: string, min: number, max: number, step: number, title: string, auto: boolean) => {
      const input = element('input', { id: `option-${id}`, title, attrs: { type: 'number', min, max, step, value: String(o[id]) } });
      input.addEventListener('change', () => {
        const value = Number(input.value);
        if (!Number.isFinite(value)) return;
        (this.options[id] as number) = Math.min(max, Math.max(min, value));
        if (auto) this.predict();
      });
      items.push(element('label', { className: 'control' }, label, input));
      return input;
    };
    switch (this.task) {
      case 'classification': {
        const select = element('select', { id: 'option-attribution', title: 'How each token’s part in the decision is measured' });
        for (const [value, label] of [['integrated-gradients', 'Integrated gradients'], ['gradient', 'Gradient × input'], ['occlusion', 'Occlusion']] as const) {
          select.append(element('option', { text: label, attrs: { value, selected: o.attribution === value } }));
        }
        select.addEventListener('change', () => {
          this.options.attribution = select.value as PredictionOptions['attribution'];
          this.predict();
        });
        items.push(element('label', { className: 'control' }, 'Attribution', select));
        break;
      }
      case 'language-model': {
        number('length', 'Length', 1, 10_000, 50, 'Characters to generate', false);
        const temperature = number('temperature', 'Temperature', 0.05, 5, 0.1, 'Higher: more surprising characters; lower: safer ones', false);
        number('topK', 'Top-k', 0, 1000, 1, 'Sample only among the k most likely characters (0: all)', false);
        number('seed', 'Seed', 0, 2 ** 31 - 1, 1, 'The same seed gives the same text', false);
        const greedy = element('input', { id: 'option-greedy', attrs: { type: 'checkbox', checked: o.greedy } });
        temperature.disabled = o.greedy;
        greedy.addEventListener('change', () => {
          this.options.greedy = greedy.checked;
          temperature.disabled = greedy.checked;
        });
        items.push(element('label', { className: 'control', title: 'Always the most likely character (no sampling)' }, greedy, 'Greedy'));
        break;
      }
      case 'forecasting':
        number('horizon', 'Values ahead', 1, 1000, 1, 'How many values to forecast after the selection', true);
        break;
    }
    this.controls.replaceChildren(...items, element('span', { className: 'spacer' }), this.button);
  }
}

function describeSource(source: PredictionSource | null): string {
  if (!source) return 'Typed here';
  const lines = source.startLine === source.endLine ? `line ${source.startLine}` : `lines ${source.startLine}–${source.endLine}`;
  return `${source.wholeLine ? 'The current line' : 'Selection'} of ${source.fileName}, ${lines}`;
}
