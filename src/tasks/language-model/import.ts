/** Importing a foreign character (or word) language model: an embedding, and a head over the vocabulary. */

import type { TaskImporter } from '../task-import';

export const languageModelImporter: TaskImporter = {
  // As many outputs as tokens: it predicts the next token.
  fit: (shape) => (shape.vocabSize > 0 && shape.outputSize === shape.vocabSize ? 2 : 0),
  async answer(shape, questions, sources) {
    const vocab = await sources.loadVocabulary(questions.tokenUnit ?? 'char');
    const O = shape.outputSize;
    const V = vocab.size;
    if (O !== V)
      throw new Error(
        `a language model predicts the next token over its vocabulary: its head has ${O} outputs but the vocabulary has ${V} tokens — is it a classifier?`,
      );
    return { vocab: vocab.toJSON() };
  },
  head: () => ({ headOn: 'every', loss: 'softmax-ce' }),
  dataset: () => ({ fileFormat: 'text', columns: {} }),
};
