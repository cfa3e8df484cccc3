/** Training the classification task: see TaskTraining. */

import type { TaskTraining } from '../task-training';
import { checkTokenInputs } from '../config-checks';
import { classificationDetector } from './detect';
import { prepareClassificationEvaluation } from './evaluation-data';
import { classificationImporter } from './import';
import { createAccuracyEvaluator } from './metrics';
import { prepareClassification, prepareClassificationFile } from './prepare';
import { ENCODING_FLAG, TEXT_COLUMN_FLAG } from '../shared-cli-flags';

export const classificationTraining: TaskTraining = {
  datasetKind: 'labelled',
  input: { kind: 'tokens', continuation: false },
  statefulRefusal: 'each text is a separate example, with no next window to carry the state into',
  detection: classificationDetector,
  // `medium` is the source document's Keras model (Embedding 64 → LSTM 64 × 2, batch 128).
  presets: {
    small: {
      epochs: 6,
      batchSize: 32,
      seqLen: 64,
      hiddenSize: 32,
      numLayers: 1,
      embeddingDim: 32,
      dropout: 0,
      lr: 3e-3,
      clipNorm: 1,
      init: 'keras',
    },
    medium: {
      epochs: 5,
      batchSize: 128,
      seqLen: 100,
      hiddenSize: 64,
      numLayers: 2,
      embeddingDim: 64,
      dropout: 0,
      lr: 1e-3,
      clipNorm: 1,
      init: 'keras',
    },
    large: {
      epochs: 10,
      batchSize: 64,
      seqLen: 200,
      hiddenSize: 128,
      numLayers: 2,
      embeddingDim: 128,
      dropout: 0.2,
      lr: 1e-3,
      clipNorm: 1,
      init: 'keras',
    },
  },
  checkConfig: checkTokenInputs,
  cliFlags: [
    TEXT_COLUMN_FLAG,
    ENCODING_FLAG,
    {
      name: 'label-column',
      placeholder: 'name',
      description: 'labelled text: the label column',
      type: 'text',
      apply: (v, into) => (into.dataset.labelColumn = v as string),
    },
  ],
  prepare: prepareClassification,
  prepareFile: prepareClassificationFile,
  prepareEvaluation: prepareClassificationEvaluation,
  createEvaluator: createAccuracyEvaluator,
  checkDatasetMetadata: (m) =>
    Array.isArray(m.classes) && m.classes.length >= 2 && m.classes.every((c) => typeof c === 'string')
      ? null
      : 'a classification dataset must list at least two class names',
  checkModelShape: (m, vocabularySize, config) => {
    // One logit (sigmoid) serves two classes; otherwise one output per class.
    const classes = config.outputSize === 1 ? 2 : config.outputSize;
    if (m.classes!.length !== classes)
      return `${m.classes!.length} class names are stored but the model's head has ${config.outputSize} output(s), for ${classes} classes`;
    if (vocabularySize !== config.vocabSize)
      return `the vocabulary has ${vocabularySize ?? 0} tokens but the model's embedding has ${config.vocabSize} rows`;
    return null;
  },
  importer: classificationImporter,
};
