/** Importing a foreign text classifier: an embedding, and a head of one logit (two classes) or one per class. */

import type { TaskImporter } from '../task-import';

export const classificationImporter: TaskImporter = {
  fit: (shape) => (shape.vocabSize > 0 ? 1 : 0),
  async answer(shape, questions, sources) {
    const vocab = await sources.loadVocabulary(questions.tokenUnit);
    const O = shape.outputSize;
    const count = O === 1 ? 2 : O;
    const classes = questions.classes ?? Array.from({ length: count }, (_, k) => `class ${k}`);
    if (classes.length !== count)
      throw new Error(
        `the model's head has ${O} output(s), so ${count} classes; ${classes.length} class name(s) were given`,
      );
    if (new Set(classes).size !== classes.length) throw new Error('a class name is given twice');
    return { vocab: vocab.toJSON(), classes, truncationKeeps: 'start' };
  },
  head: (outputSize) => ({ headOn: 'last', loss: outputSize === 1 ? 'bce' : 'softmax-ce' }),
  dataset: () => ({ fileFormat: 'csv', columns: {} }),
};
