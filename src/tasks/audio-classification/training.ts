/** Training the audio classification task: see TaskTraining (and its `audio` half). */

import { failWith } from '../../data/errors';
import type { TaskTraining } from '../task-training';
import { createAccuracyEvaluator } from '../classification/metrics';
import { storedAudioOf } from '../../data/audio/stored-audio';
import { audioClassificationDetector, scoreAudioListing } from './detect';
import { prepareAudioClassificationEvaluation } from './evaluation-data';
import { prepareAudioClassification } from './prepare';
import * as l10n from '../../protocol/l10n';

export const audioClassificationTraining: TaskTraining = {
  datasetKind: 'audio-labelled',
  input: { kind: 'audio' },
  statefulRefusal: 'each recording is a separate example, with no next window to carry the state into',
  detection: audioClassificationDetector,
  // Spoken words of about a second: ~50 steps of 2 stacked 10 ms frames; `seqLen` caps a step count
  // (3 s), so longer recordings keep their start. Features are read, not embedded (embeddingDim 0).
  presets: {
    small: {
      epochs: 30,
      batchSize: 16,
      seqLen: 150,
      hiddenSize: 48,
      numLayers: 1,
      embeddingDim: 0,
      dropout: 0,
      lr: 3e-3,
      clipNorm: 1,
      init: 'pytorch',
    },
    medium: {
      epochs: 30,
      batchSize: 32,
      seqLen: 150,
      hiddenSize: 96,
      numLayers: 2,
      embeddingDim: 0,
      dropout: 0.1,
      lr: 2e-3,
      clipNorm: 1,
      init: 'pytorch',
    },
    large: {
      epochs: 40,
      batchSize: 32,
      seqLen: 200,
      hiddenSize: 160,
      numLayers: 3,
      embeddingDim: 0,
      dropout: 0.2,
      lr: 1e-3,
      clipNorm: 1,
      init: 'pytorch',
    },
  },
  checkConfig: () => undefined,
  cliFlags: [],
  prepare: (file) => failWith(file, l10n.t('audio classification reads a folder of .wav files, not a text or a table')),
  prepareEvaluation: (file) =>
    failWith(
      file.name,
      l10n.t('an audio classifier is evaluated on a folder of labelled .wav files, not a text or a table'),
    ),
  createEvaluator: createAccuracyEvaluator,
  checkDatasetMetadata: (m) => {
    if (!Array.isArray(m.classes) || m.classes.length < 2 || !m.classes.every((c) => typeof c === 'string'))
      return 'an audio classification dataset must list at least two class names';
    const audio = storedAudioOf(m);
    return audio.ok ? null : audio.problem;
  },
  checkModelShape: (m, _vocabularySize, config) => {
    if (m.classes!.length !== config.outputSize)
      return `${m.classes!.length} class names are stored but the model's head has ${config.outputSize} outputs`;
    const audio = storedAudioOf(m);
    if (audio.ok && audio.settings.melBands * audio.settings.stackFrames !== config.inputSize)
      return `the features give ${audio.settings.melBands * audio.settings.stackFrames} values per step but the model reads ${config.inputSize}`;
    if (config.vocabSize !== 0) return 'an audio classifier reads features, not token ids';
    return null;
  },
  audio: {
    score: scoreAudioListing,
    prepare: prepareAudioClassification,
    prepareEvaluation: prepareAudioClassificationEvaluation,
  },
};
