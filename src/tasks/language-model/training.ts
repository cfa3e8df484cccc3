/** Training the language-model task: see TaskTraining. */

import type { TaskTraining } from '../task-training';
import { checkTokenInputs } from '../config-checks';
import { languageModelDetector } from './detect';
import { prepareLanguageModelEvaluation, prepareLanguageModelEvaluationFile } from './evaluation-data';
import { languageModelImporter } from './import';
import { createPerplexityEvaluator } from './metrics';
import { prepareLanguageModel, prepareLanguageModelFile } from './prepare';
import { ENCODING_FLAG, TEXT_COLUMN_FLAG } from '../shared-cli-flags';

export const languageModelTraining: TaskTraining = {
  datasetKind: 'text',
  input: { kind: 'tokens', continuation: true },
  detection: languageModelDetector,
  presets: {
    small: {
      epochs: 10,
      batchSize: 32,
      seqLen: 64,
      hiddenSize: 128,
      numLayers: 1,
      embeddingDim: 16,
      dropout: 0,
      lr: 3e-3,
      clipNorm: 5,
      init: 'pytorch',
    },
    medium: {
      epochs: 10,
      batchSize: 32,
      seqLen: 100,
      hiddenSize: 256,
      numLayers: 2,
      embeddingDim: 32,
      dropout: 0.1,
      lr: 2e-3,
      clipNorm: 5,
      init: 'pytorch',
    },
    large: {
      epochs: 20,
      batchSize: 64,
      seqLen: 128,
      hiddenSize: 512,
      numLayers: 2,
      embeddingDim: 64,
      dropout: 0.2,
      lr: 2e-3,
      clipNorm: 5,
      init: 'pytorch',
    },
  },
  checkConfig: checkTokenInputs,
  cliFlags: [TEXT_COLUMN_FLAG, ENCODING_FLAG],
  prepare: prepareLanguageModel,
  prepareFile: prepareLanguageModelFile,
  prepareEvaluation: prepareLanguageModelEvaluation,
  prepareEvaluationFile: prepareLanguageModelEvaluationFile,
  createEvaluator: createPerplexityEvaluator,
  checkDatasetMetadata: () => null,
  checkModelShape: (_dataset, vocabularySize, config) =>
    vocabularySize === config.vocabSize && vocabularySize === config.outputSize
      ? null
      : `the vocabulary has ${vocabularySize ?? 0} tokens but the model reads ${config.vocabSize} and predicts over ${config.outputSize}`,
  importer: languageModelImporter,
};
