/** Speech to text (a (bi)LSTM with CTC over log-mel frames): names and metrics (no code that reads data or runs a model). */

import type { TaskPresentation } from '../../protocol/task-presentation';

export const speechToTextPresentation: TaskPresentation = {
  id: 'speech-to-text',
  cliNames: ['speech', 'speech-to-text'],
  displayName: 'speech to text',
  modelNoun: 'a speech-to-text model',
  modelBadge: 'speech to text',
  shortName: 'speech to text',
  title: 'Speech to text (log-mel frames → LSTM → CTC)',
  // It transcribes recordings (the Audio view, `predict --audio`), not an editor selection.
  prediction: null,
  stepOutput: 'next-token',
  bidirectionalRefusal: null,
  metrics: [
    { key: 'charErrorRate', label: 'character error rate', higherIsBetter: false, format: 'percent' },
    { key: 'wordErrorRate', label: 'word error rate', higherIsBetter: false, format: 'percent' },
  ],
  headline: 'charErrorRate',
  // The Training panel shows the word error rate under the best character error rate.
  shownBeside: ['wordErrorRate'],
  settings: [],
  columnRoles: [],
  // It transcribes a recording: *Transcribe with LSTM* offers its models, and the Audio view shows its answer.
  audio: { recognition: 'transcript' },
};
