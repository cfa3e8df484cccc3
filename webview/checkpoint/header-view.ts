/**
 * The editor's header: the file's name, what kind of checkpoint it is, its size, and the action buttons
 * that apply (Inspect Gates, Predict, Resume Training, Reveal Run, Export as PyTorch Project). Ids are stable: e2e tests read them.
 */

import type { CheckpointAction, CheckpointSnapshot } from '../../src/protocol/checkpoint-editor';
import { codicon, element, setText, setVisible } from '../shared/dom';
import { formatFixed, formatInteger } from '../shared/format';
import { formatBytes } from './format';
import * as l10n from '../shared/l10n';

const BUTTONS: {
  action: CheckpointAction;
  id: string;
  label: string;
  title: string;
  /** A codicon's name. */
  icon: string;
  primary?: boolean;
}[] = [
  {
    action: 'inspectGates',
    id: 'action-inspect-gates',
    label: l10n.t('Inspect Gates'),
    title: l10n.t('Record and look at the gate activations of this model (LSTM i, f, g, o; GRU r, z, n)'),
    icon: 'graph',
    primary: true,
  },
  {
    action: 'predict',
    id: 'action-predict',
    label: l10n.t('Predict'),
    title: l10n.t('Run this model on your own input'),
    icon: 'play',
  },
  {
    action: 'evaluate',
    id: 'action-evaluate',
    label: l10n.t('Evaluate'),
    title: l10n.t('What this model gets wrong and what its units carry, over its validation data'),
    icon: 'checklist',
  },
  {
    action: 'resumeTraining',
    id: 'action-resume',
    label: l10n.t('Resume Training'),
    title: l10n.t('Continue this run from last.safetensors, exactly where it stopped'),
    icon: 'debug-continue',
  },
  {
    action: 'revealRun',
    id: 'action-reveal-run',
    label: l10n.t('Reveal Run'),
    title: l10n.t('Show the run folder in the Explorer'),
    icon: 'folder-opened',
  },
  {
    action: 'exportPyTorch',
    id: 'action-export-pytorch',
    label: l10n.t('Export as PyTorch Project'),
    title: l10n.t('Write a PyTorch project that trains this model on one CPU, one GPU or several machines (torchrun)'),
    icon: 'export',
  },
];

export class HeaderView {
  readonly root: HTMLElement;
  private readonly title = element('h1', { id: 'file-name', className: 'file-name' });
  private readonly kind = element('span', { id: 'checkpoint-kind', className: 'badge' });
  private readonly details = element('div', { id: 'file-details', className: 'file-details' });
  private readonly buttons = new Map<CheckpointAction, HTMLButtonElement>();

  constructor(onAction: (action: CheckpointAction) => void) {
    const actions = element('div', {
      className: 'actions',
      attrs: { role: 'toolbar', 'aria-label': l10n.t('Checkpoint actions') },
    });
    for (const spec of BUTTONS) {
      const button = element(
        'button',
        {
          id: spec.id,
          className: spec.primary ? 'button' : 'button secondary',
          title: spec.title,
          attrs: { type: 'button' },
        },
        codicon(spec.icon),
        element('span', { text: spec.label }),
      );
      button.hidden = true;
      button.addEventListener('click', () => onAction(spec.action));
      this.buttons.set(spec.action, button);
      actions.append(button);
    }
    this.root = element(
      'header',
      { className: 'editor-header' },
      element(
        'div',
        { className: 'title-row' },
        element('div', { className: 'title' }, this.title, this.kind),
        actions,
      ),
      this.details,
    );
  }

  update(snapshot: CheckpointSnapshot): void {
    setText(this.title, snapshot.fileName);
    this.title.title = snapshot.path;
    const card = snapshot.overview?.card;
    const kind = snapshot.error
      ? l10n.t('Unreadable')
      : card?.kind === 'studio'
        ? l10n.t('LSTM Studio checkpoint')
        : card?.format
          ? l10n.t('Safetensors · format {0}', card.format)
          : l10n.t('Safetensors');
    setText(this.kind, kind);
    this.kind.dataset.kind = snapshot.error ? 'error' : (card?.kind ?? 'foreign');
    const parts: string[] = [];
    if (snapshot.runName) parts.push(l10n.t('run {0}', snapshot.runName));
    if (snapshot.fileSize > 0) parts.push(formatBytes(snapshot.fileSize));
    if (snapshot.overview) {
      const tensors = snapshot.overview.tensors.length;
      parts.push(tensors === 1 ? l10n.t('1 tensor') : l10n.t('{0} tensors', formatInteger(tensors)));
      parts.push(
        l10n.t(
          'header {0} read in {1} ms',
          formatBytes(snapshot.headerBytes),
          snapshot.openMs < 10 ? formatFixed(snapshot.openMs, 1) : formatInteger(snapshot.openMs),
        ),
      );
    }
    setText(this.details, parts.join(' · '));
    for (const [action, button] of this.buttons) setVisible(button, snapshot.actions[action]);
  }
}
