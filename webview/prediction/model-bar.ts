/** The model in use: its name, task and architecture, with Switch Model… and Gate Heatmaps. */

import type { PredictionModelInfo } from '../../src/protocol/prediction-panel';
import { element, setText } from '../shared/dom';

export class ModelBar {
  readonly root = element('header', { className: 'model-bar' });
  private readonly name = element('span', { id: 'model-name', className: 'model-name' });
  private readonly task = element('span', { id: 'model-task', className: 'task-badge' });
  private readonly details = element('span', { id: 'model-details', className: 'muted' });
  private readonly gates = element('button', {
    id: 'open-gates',
    className: 'button secondary',
    text: 'Gate Heatmaps',
    title: 'Open the gate heatmaps (i, f, g, o, c, h) of the model for this input',
  });

  constructor(events: { switchModel(): void; openGates(): void }) {
    const switchButton = element('button', {
      id: 'switch-model',
      className: 'button secondary',
      text: 'Switch Model…',
      title: 'Use another checkpoint of this workspace',
    });
    switchButton.addEventListener('click', () => events.switchModel());
    this.gates.addEventListener('click', () => events.openGates());
    this.root.append(
      element('div', { className: 'model-identity' }, this.task, this.name, this.details),
      element('div', { className: 'model-actions' }, this.gates, switchButton),
    );
  }

  update(model: PredictionModelInfo | null): void {
    setText(this.name, model ? model.name : 'No model chosen');
    this.task.hidden = model === null;
    if (model) setText(this.task, model.taskBadge);
    const outputs = model?.classes
      ? `classes: ${model.classes.join(', ')}`
      : model?.targets
        ? `predicts ${model.targets.join(', ')} from ${model.featureColumns?.join(', ')}`
        : '';
    setText(
      this.details,
      model
        ? [model.architecture, `${model.parameterCount.toLocaleString('en-US')} parameters`, outputs]
            .filter(Boolean)
            .join(' · ')
        : 'Switch Model… to choose one',
    );
    this.gates.disabled = model === null;
  }
}
