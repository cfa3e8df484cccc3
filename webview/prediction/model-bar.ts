/** The model in use: its name, task and architecture, with Switch Model… and Gate Heatmaps. */

import type { PredictionModelInfo } from '../../src/protocol/prediction-panel';
import { element, setText } from '../shared/dom';
import { formatInteger } from '../shared/format';
import * as l10n from '../shared/l10n';

export class ModelBar {
  readonly root = element('header', { className: 'model-bar' });
  private readonly name = element('span', { id: 'model-name', className: 'model-name' });
  private readonly task = element('span', { id: 'model-task', className: 'task-badge' });
  private readonly details = element('span', { id: 'model-details', className: 'muted' });
  private readonly gates = element('button', {
    id: 'open-gates',
    className: 'button secondary',
    text: l10n.t('Gate Heatmaps'),
    title: l10n.t('Open the gate heatmaps (i, f, g, o, c, h) of the model for this input'),
  });

  constructor(events: { switchModel(): void; openGates(): void }) {
    const switchButton = element('button', {
      id: 'switch-model',
      className: 'button secondary',
      text: l10n.t('Switch Model…'),
      title: l10n.t('Use another checkpoint of this workspace'),
    });
    switchButton.addEventListener('click', () => events.switchModel());
    this.gates.addEventListener('click', () => events.openGates());
    this.root.append(
      element('div', { className: 'model-identity' }, this.task, this.name, this.details),
      element('div', { className: 'model-actions' }, this.gates, switchButton),
    );
  }

  update(model: PredictionModelInfo | null): void {
    setText(this.name, model ? model.name : l10n.t('No model chosen'));
    this.task.hidden = model === null;
    if (model) setText(this.task, model.taskBadge);
    const outputs = model?.classes
      ? l10n.t('classes: {0}', model.classes.join(', '))
      : model?.targets
        ? l10n.t('predicts {0} from {1}', model.targets.join(', '), model.featureColumns?.join(', ') ?? '')
        : '';
    setText(
      this.details,
      model
        ? [model.architecture, l10n.t('{0} parameters', formatInteger(model.parameterCount)), outputs]
            .filter(Boolean)
            .join(' · ')
        : l10n.t('Switch Model… to choose one'),
    );
    this.gates.disabled = model === null;
  }
}
