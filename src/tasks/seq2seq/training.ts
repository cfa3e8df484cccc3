/** Training the sequence-to-sequence task: see TaskTraining. */

import { ATTENTION_KINDS } from '../../engine/config';
import { checkTokenInputs } from '../config-checks';
import type { TaskTraining } from '../task-training';
import { seq2seqDetector } from './detect';
import { prepareSeq2seqEvaluation, prepareSeq2seqEvaluationFile } from './evaluation-data';
import { seq2seqImporter } from './import';
import { createSeq2seqEvaluator } from './metrics';
import { prepareSeq2seq, prepareSeq2seqFile } from './prepare';
import { checkSeq2seqMetadata, checkSeq2seqShape } from './stored-shape';
import { ENCODING_FLAG } from '../shared-cli-flags';

const SIDE_TOKENS = ['auto', 'word', 'char'] as const;

export const seq2seqTraining: TaskTraining = {
  datasetKind: 'pairs',
  input: { kind: 'tokens', continuation: false },
  statefulRefusal: 'each pair is a separate example, with no next window to carry the state into',
  detection: seq2seqDetector,
  // `small` is the bench's W4 model (embedding 64, LSTM 128 on each side); the PyTorch seq2seq tutorial's
  // and Keras's lstm_seq2seq are the size of `medium`/`large`. PyTorch's initialisation, as theirs.
  presets: {
    small: {
      epochs: 10,
      batchSize: 64,
      seqLen: 64,
      hiddenSize: 128,
      numLayers: 1,
      embeddingDim: 64,
      dropout: 0,
      lr: 3e-3,
      clipNorm: 1,
      init: 'pytorch',
    },
    medium: {
      epochs: 15,
      batchSize: 64,
      seqLen: 100,
      hiddenSize: 256,
      numLayers: 2,
      embeddingDim: 128,
      dropout: 0.1,
      lr: 1e-3,
      clipNorm: 1,
      init: 'pytorch',
    },
    large: {
      epochs: 20,
      batchSize: 64,
      seqLen: 150,
      hiddenSize: 512,
      numLayers: 2,
      embeddingDim: 256,
      dropout: 0.2,
      lr: 1e-3,
      clipNorm: 1,
      init: 'pytorch',
    },
  },
  checkConfig(config) {
    checkTokenInputs(config);
    if (!ATTENTION_KINDS.includes(config.attention))
      throw new Error(`attention must be ${ATTENTION_KINDS.join(', ')}, got '${config.attention}'`);
    for (const key of ['teacherForcing', 'teacherForcingEnd'] as const) {
      const ratio = config[key];
      if (ratio !== undefined && !(typeof ratio === 'number' && ratio >= 0 && ratio <= 1))
        throw new Error(`${key} must be in [0, 1], got ${ratio}`);
    }
    if (config.attention === 'dot' && config.projSize > 0)
      throw new Error('dot attention compares the decoder and encoder outputs: they need one width (no projSize)');
    for (const side of ['sourceTokens', 'targetTokens'] as const)
      if (!SIDE_TOKENS.includes(config[side]))
        throw new Error(`${side} must be auto, word or char, got '${config[side]}'`);
  },
  cliFlags: [
    ENCODING_FLAG,
    {
      name: 'source-column',
      placeholder: 'name',
      description: 'sequence to sequence: the source text column',
      type: 'text',
      apply: (v, into) => (into.dataset.sourceColumn = v as string),
    },
    {
      name: 'target-column',
      placeholder: 'name',
      description: 'sequence to sequence: the target text column',
      type: 'text',
      apply: (v, into) => (into.dataset.targetColumn = v as string),
    },
  ],
  prepare: prepareSeq2seq,
  prepareFile: prepareSeq2seqFile,
  prepareEvaluation: prepareSeq2seqEvaluation,
  prepareEvaluationFile: prepareSeq2seqEvaluationFile,
  createEvaluator: createSeq2seqEvaluator,
  checkDatasetMetadata: checkSeq2seqMetadata,
  checkModelShape: checkSeq2seqShape,
  importer: seq2seqImporter,
};
