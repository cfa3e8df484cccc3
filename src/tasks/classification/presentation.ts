/** Sequence classification: names and metrics (no code that reads data or runs a model). */

import type { TaskPresentation } from '../../protocol/task-presentation';

export const classificationPresentation: TaskPresentation = {
  id: 'classification',
  cliNames: ['classify', 'classification'],
  displayName: 'sequence classification',
  modelNoun: 'a classifier',
  modelBadge: 'classifier',
  shortName: 'classification',
  title: 'Sequence classification',
  prediction: { request: 'classify', answer: 'label', action: 'Classify', running: 'Classifying' },
  stepOutput: 'class-probabilities',
  bidirectionalRefusal: null,
  metrics: [{ key: 'accuracy', label: 'accuracy', higherIsBetter: true, format: 'percent' }],
  headline: 'accuracy',
  settings: ['tokenUnit', 'vocabSize'],
  columnRoles: [
    { override: 'textColumn', label: 'Text column', multiple: false, optional: false, prefers: 'text' },
    { override: 'labelColumn', label: 'Label column', multiple: false, optional: false, prefers: 'label' },
  ],
};
