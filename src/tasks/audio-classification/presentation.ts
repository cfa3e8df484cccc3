/** Audio classification (a keyword spotter): names and metrics (no code that reads data or runs a model). */

import type { TaskPresentation } from '../../protocol/task-presentation';

export const audioClassificationPresentation: TaskPresentation = {
  id: 'audio-classification',
  cliNames: ['audio', 'audio-classification'],
  displayName: 'audio classification',
  modelNoun: 'an audio classifier',
  modelBadge: 'audio classifier',
  shortName: 'audio',
  title: 'Audio classification',
  // A selection of text is not audio: recordings are classified from the Explorer or `predict --audio`.
  prediction: null,
  stepOutput: 'class-probabilities',
  // The classifier hears the whole recording before it answers, so a backward direction is allowed.
  bidirectionalRefusal: null,
  metrics: [{ key: 'accuracy', label: 'accuracy', higherIsBetter: true, format: 'percent' }],
  headline: 'accuracy',
  settings: ['specAugment'],
  columnRoles: [],
  // It labels a recording: *Classify with LSTM* offers its models, and the Audio view shows its answer.
  audio: { recognition: 'audio-label' },
};
