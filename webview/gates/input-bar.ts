/**
 * What to record: a validation sample of the run's dataset (previous, next, random, or the next one
 * containing a search text) or any text the user types (series models: rows of numbers). Reports the
 * user's choice; the panel turns it into a `record` request.
 */

import type { GateRecording } from '../../src/protocol/gate-recording';
import type { GatesModelInfo } from '../../src/protocol/gates-panel';
import { element, setText } from '../shared/dom';
import { outputViewOf } from './tasks';
import * as l10n from '../shared/l10n';

export interface InputBarEvents {
  onSample(which: 'previous' | 'next' | 'random'): void;
  onSearch(query: string): void;
  onRecordText(text: string): void;
}

export class InputBar {
  readonly root = element('section', { className: 'input-bar', attrs: { 'aria-label': l10n.t('Input') } });
  private readonly sampleGroup = element('div', {
    className: 'sample-group',
    attrs: { role: 'group', 'aria-label': l10n.t('Validation samples') },
  });
  private readonly previous = button('sample-previous', l10n.t('‹ Previous'), l10n.t('The previous validation sample'));
  private readonly next = button('sample-next', l10n.t('Next ›'), l10n.t('The next validation sample'));
  private readonly random = button('sample-random', l10n.t('Random'), l10n.t('A random validation sample'));
  private readonly position = element('span', { id: 'sample-position', className: 'sample-position', text: '—' });
  private readonly search = element('input', {
    id: 'sample-search',
    className: 'text-input',
    attrs: {
      type: 'search',
      placeholder: l10n.t('Find a sample containing…'),
      'aria-label': l10n.t('Find a sample containing'),
    },
  });
  private readonly text = element('textarea', {
    id: 'input-text',
    className: 'text-input input-text',
    attrs: { rows: 1, spellcheck: 'false', 'aria-label': l10n.t('Text to record') },
  });
  private readonly record = element('button', {
    id: 'record-text',
    className: 'button',
    text: l10n.t('Record'),
    title: l10n.t('Run this text through the model and record its gates (Ctrl+Enter)'),
    attrs: { type: 'button' },
  });

  constructor(events: InputBarEvents) {
    this.previous.addEventListener('click', () => events.onSample('previous'));
    this.next.addEventListener('click', () => events.onSample('next'));
    this.random.addEventListener('click', () => events.onSample('random'));
    this.search.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && this.search.value.trim()) events.onSearch(this.search.value.trim());
    });
    const submit = () => {
      if (this.text.value.length > 0) events.onRecordText(this.text.value);
    };
    this.record.addEventListener('click', submit);
    this.text.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        submit();
      }
    });
    this.sampleGroup.append(
      element('span', { className: 'bar-label', text: l10n.t('Sample') }),
      this.previous,
      this.position,
      this.next,
      this.random,
      this.search,
    );
    const textGroup = element(
      'div',
      { className: 'text-group' },
      element('span', { className: 'bar-label', text: l10n.t('Text') }),
      this.text,
      this.record,
    );
    this.root.append(this.sampleGroup, textGroup);
  }

  showModel(model: GatesModelInfo): void {
    this.sampleGroup.hidden = !model.hasDataset;
    this.text.placeholder = outputViewOf(model.output).placeholder(model);
  }

  showRecording(recording: GateRecording): void {
    const source = recording.source;
    if (source.kind === 'validation-sample' && source.index !== undefined && source.total !== undefined) {
      setText(this.position, `${source.index + 1} / ${source.total}`);
      this.position.title = source.fromValidationSplit
        ? l10n.t('Validation sample of the run')
        : l10n.t('Sample of the whole dataset file');
    } else {
      setText(this.position, '—');
    }
  }

  /** Shows a text the host recorded (selected text), so the user can edit and record it again. */
  showText(text: string): void {
    if (this.text.value !== text) this.text.value = text;
  }

  setBusy(busy: boolean): void {
    for (const control of [this.previous, this.next, this.random, this.record]) control.disabled = busy;
  }
}

function button(id: string, label: string, title: string): HTMLButtonElement {
  return element('button', { id, className: 'button secondary', text: label, title, attrs: { type: 'button' } });
}
