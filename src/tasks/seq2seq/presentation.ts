/** Sequence to sequence (translate, normalise, transform text): names and metrics (no code that reads data or runs a model). */

import type { TaskPresentation } from '../../protocol/task-presentation';

export const seq2seqPresentation: TaskPresentation = {
  id: 'seq2seq',
  cliNames: ['seq2seq', 'translate', 'sequence-to-sequence'],
  displayName: 'sequence to sequence',
  modelNoun: 'a sequence-to-sequence model',
  modelBadge: 'sequence to sequence',
  shortName: 'sequence to sequence',
  title: 'Sequence to sequence (encoder–decoder with attention)',
  prediction: { request: 'transform', answer: 'transform', action: 'Transform', running: 'Transforming' },
  stepOutput: 'next-token',
  bidirectionalRefusal:
    'the encoder–decoder reads the source in one direction (its decoder starts from the final state)',
  metrics: [
    { key: 'exactMatch', label: 'exact match', higherIsBetter: true, format: 'percent' },
    { key: 'tokenAccuracy', label: 'token accuracy', higherIsBetter: true, format: 'percent' },
    { key: 'tokenErrorRate', label: 'token error rate', higherIsBetter: false, format: 'percent' },
    { key: 'charErrorRate', label: 'character error rate', higherIsBetter: false, format: 'percent' },
    { key: 'bleu', label: 'BLEU', higherIsBetter: true, format: 'decimal' },
    { key: 'chrF', label: 'chrF', higherIsBetter: true, format: 'decimal' },
  ],
  headline: 'exactMatch',
  settings: ['sourceTokens', 'targetTokens', 'vocabSize', 'attention', 'teacherForcing', 'teacherForcingEnd'],
  columnRoles: [
    { override: 'sourceColumn', label: 'Source column', multiple: false, optional: false, prefers: 'text' },
    { override: 'targetColumn', label: 'Target column', multiple: false, optional: false, prefers: 'text' },
  ],
};
