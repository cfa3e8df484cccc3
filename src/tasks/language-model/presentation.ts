/** The next-character language model: names and metrics (no code that reads data or runs a model). */

import type { TaskPresentation } from '../../protocol/task-presentation';

export const languageModelPresentation: TaskPresentation = {
  id: 'language-model',
  cliNames: ['lm', 'language-model'],
  displayName: 'next-character language model',
  modelNoun: 'a language model',
  modelBadge: 'language model',
  shortName: 'language model',
  title: 'Next-character language model',
  prediction: { request: 'continue', answer: 'continuation', action: 'Generate', running: 'Generating' },
  stepOutput: 'next-token',
  bidirectionalRefusal:
    'a language model predicts each next character from the ones before it; a backward direction would read the character it must predict',
  metrics: [
    { key: 'bitsPerChar', label: 'bits per character', higherIsBetter: false, format: 'decimal' },
    { key: 'perplexity', label: 'perplexity', higherIsBetter: false, format: 'decimal' },
  ],
  headline: 'bitsPerChar',
  settings: ['stateful'],
  columnRoles: [{ override: 'textColumn', label: 'Text column', multiple: false, optional: false, prefers: 'text' }],
};
