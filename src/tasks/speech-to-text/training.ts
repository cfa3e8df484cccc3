/** Training the speech-to-text task: see TaskTraining. */

import { failWith } from '../../data/errors';
import type { TaskTraining } from '../task-training';
import { NOT_A_FOLDER, scoreSpeechListing, speechToTextDetector } from './detect';
import { prepareSpeechEvaluation } from './evaluation-data';
import { createSpeechEvaluator } from './metrics';
import { prepareSpeechToText } from './prepare';
import { checkSpeechMetadata, checkSpeechShape } from './stored-shape';

export const speechToTextTraining: TaskTraining = {
  datasetKind: 'audio',
  input: { kind: 'audio' },
  statefulRefusal: 'each recording is a separate example, with no next window to carry the state into',
  detection: speechToTextDetector,
  // No embedding: the model reads log-mel frames. `seqLen` is unused (a recording is one sequence, never
  // cut: a cut would drop part of what its transcript says). Every preset is bidirectional, as CTC
  // recognisers usually are: a character is easier to place hearing what follows it. Measured on the
  // bundled example (examples/audio/speech, docs/audio.md): 1 × 64 and 2 × 64 do not leave CTC's
  // all-blank plateau within 30–40 epochs, nor 2 × 128 at lr 3e-3 within 24; 2 × 96 at lr 4e-3 reaches
  // a held-out CER of 0.10 by epoch 47. `small` is its first 30 epochs, `medium` runs it longer.
  // `large` is the bench's W7 shape (3 × bidirectional LSTM 256) for real corpora.
  presets: {
    small: {
      epochs: 30,
      batchSize: 16,
      seqLen: 400,
      hiddenSize: 96,
      numLayers: 2,
      bidirectional: true,
      embeddingDim: 0,
      dropout: 0,
      lr: 4e-3,
      clipNorm: 5,
      init: 'pytorch',
    },
    medium: {
      epochs: 60,
      batchSize: 16,
      seqLen: 400,
      hiddenSize: 96,
      numLayers: 2,
      bidirectional: true,
      embeddingDim: 0,
      dropout: 0,
      lr: 4e-3,
      clipNorm: 5,
      init: 'pytorch',
    },
    large: {
      epochs: 60,
      batchSize: 16,
      seqLen: 400,
      hiddenSize: 256,
      numLayers: 3,
      bidirectional: true,
      embeddingDim: 0,
      dropout: 0.2,
      lr: 1e-3,
      clipNorm: 5,
      init: 'pytorch',
    },
  },
  checkConfig() {},
  cliFlags: [],
  prepare: (file) => failWith(file, NOT_A_FOLDER),
  prepareEvaluation: (file) => failWith(file.name, NOT_A_FOLDER),
  createEvaluator: createSpeechEvaluator,
  checkDatasetMetadata: checkSpeechMetadata,
  checkModelShape: checkSpeechShape,
  audio: {
    score: scoreSpeechListing,
    prepare: prepareSpeechToText,
    prepareEvaluation: prepareSpeechEvaluation,
  },
};
