/**
 * The panel header: the model (checkpoint, architecture, task), what is recorded (source, steps, notes),
 * the buttons (choose another model, export PNG and CSV), a progress line while recording and a message
 * line for errors and saves. Ids are stable: the e2e tests read them.
 */

import type { GateRecording } from '../../src/protocol/gate-recording';
import type { GatesModelInfo } from '../../src/protocol/gates-panel';
import { codicon, element, setText } from '../shared/dom';
import { outputViewOf } from './tasks';
import * as l10n from '../shared/l10n';

const DOWNLOAD = 'desktop-download';
const FILE = 'file';

export interface HeaderEvents {
  onChooseModel(): void;
  onExport(kind: 'png' | 'csv'): void;
}

export class GatesHeader {
  readonly root = element('header', { className: 'gates-header' });
  private readonly title = element('h1', { id: 'model-name', className: 'gates-title', text: l10n.t('Gates') });
  private readonly details = element('div', { id: 'model-details', className: 'gates-details' });
  private readonly source = element('div', { id: 'recording-source', className: 'gates-source' });
  private readonly progress = element('div', {
    id: 'progress',
    className: 'progress',
    attrs: { role: 'progressbar', 'aria-label': l10n.t('Recording') },
  });
  readonly message = element('div', {
    id: 'message',
    className: 'message',
    attrs: { role: 'status', 'aria-live': 'polite' },
  });
  readonly exportPng = button('export-png', l10n.t('PNG'), l10n.t('Export the shown maps as a PNG image'), DOWNLOAD);
  readonly exportCsv = button(
    'export-csv',
    l10n.t('CSV'),
    l10n.t('Export the values of the shown maps as CSV (one row per step)'),
    DOWNLOAD,
  );
  readonly chooseModel = button('choose-model', l10n.t('Model…'), l10n.t('Inspect another checkpoint'), FILE);
  private messageTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(events: HeaderEvents) {
    this.progress.append(element('div', { className: 'progress-bar' }));
    this.progress.hidden = true;
    this.message.hidden = true;
    this.chooseModel.addEventListener('click', () => events.onChooseModel());
    this.exportPng.addEventListener('click', () => events.onExport('png'));
    this.exportCsv.addEventListener('click', () => events.onExport('csv'));
    const actions = element('div', { className: 'gates-actions' }, this.chooseModel, this.exportPng, this.exportCsv);
    const titles = element(
      'div',
      { className: 'gates-titles' },
      element('div', { className: 'gates-title-row' }, this.title, this.details),
      this.source,
    );
    this.root.append(element('div', { className: 'gates-header-row' }, titles, actions), this.progress, this.message);
    this.exportPng.disabled = true;
    this.exportCsv.disabled = true;
  }

  showModel(model: GatesModelInfo): void {
    setText(this.title, model.name);
    this.title.title = model.checkpointPath;
    setText(this.details, `${model.taskName} · ${model.architecture}`);
  }

  showRecording(recording: GateRecording | null): void {
    if (!recording) {
      setText(this.source, '');
      return;
    }
    const unit = outputViewOf(recording.outputs.kind).inputPlural;
    const notes = recording.source.notes.length > 0 ? ` — ${recording.source.notes.join('; ')}` : '';
    setText(
      this.source,
      l10n.t(
        '{0} · {1} {2} · recorded in {3} ms{4}',
        capitalize(recording.source.label),
        recording.steps,
        unit,
        Math.max(1, Math.round(recording.recordMs)),
        notes,
      ),
    );
    this.exportPng.disabled = false;
    this.exportCsv.disabled = false;
  }

  setBusy(busy: boolean): void {
    this.progress.hidden = !busy;
    this.root.classList.toggle('busy', busy);
  }

  /** Shows a message; errors stay until the next recording, other messages fade after a few seconds. */
  flash(text: string, kind: 'info' | 'error' = 'info'): void {
    clearTimeout(this.messageTimer);
    setText(this.message, text);
    this.message.dataset.kind = kind;
    this.message.hidden = false;
    if (kind === 'info') this.messageTimer = setTimeout(() => (this.message.hidden = true), 6000);
  }

  clearError(): void {
    if (this.message.dataset.kind === 'error') this.message.hidden = true;
  }
}

function button(id: string, label: string, title: string, iconName: string): HTMLButtonElement {
  return element(
    'button',
    { id, className: 'button secondary', title, attrs: { type: 'button' } },
    codicon(iconName),
    element('span', { text: label }),
  );
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
