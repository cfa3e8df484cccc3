/**
 * Small predictors for the inference tests, built in memory (no files): a word classifier trained so
 * that one token decides the label, an untrained character language model, an untrained forecaster.
 */

import { LstmModel, Random, createOptimizer, trainStep, type ModelConfig } from '../../../src/engine';
import { Vocabulary } from '../../../src/data/vocabulary';
import type { DatasetMetadata } from '../../../src/data/dataset-metadata';
import type { StudioMetadata } from '../../../src/checkpoint/metadata';
import type { Predictor } from '../../../src/inference/predictor';
import { createPredictor } from '../../../src/tasks/create-predictor';

export const SIGNALS = ['alpha', 'beta'];
export const DISTRACTORS = Array.from({ length: 20 }, (_, k) => `word${k}`);

function dataset(fields: Partial<DatasetMetadata>): DatasetMetadata {
  return {
    format: 'lstm-studio-dataset/1',
    file: 'synthetic.csv',
    fingerprint: 'fnv1a64:0',
    fileFormat: 'csv',
    kind: 'labelled',
    task: 'classification',
    columns: {},
    ...fields,
  };
}

function metadata(model: LstmModel, fields: Partial<StudioMetadata>, seqLen = 16): StudioMetadata {
  return { config: model.config, extra: { training: JSON.stringify({ seqLen }) }, ...fields };
}

/** A random sentence of distractors with the signal word of `label` at `position` (label 2: none). */
export function signalSentence(rng: Random, length: number, position: number, label: number): string[] {
  const words = Array.from({ length }, () => DISTRACTORS[rng.int(DISTRACTORS.length)]);
  if (label < SIGNALS.length) words[position] = SIGNALS[label];
  return words;
}

/**
 * A classifier whose label is which of `alpha` / `beta` appears among 15 distractors, trained until it
 * is right (~2 s). Binary (one sigmoid logit) or, with `classes: 3`, softmax over three classes where
 * the third means "neither" (no signal word).
 */
export function trainSignalClassifier(options: { classes?: 2 | 3; seed?: number } = {}): Predictor {
  const classes = options.classes ?? 2;
  const vocab = Vocabulary.fromTokens('word', [...SIGNALS, ...DISTRACTORS]);
  const config: Partial<ModelConfig> =
    classes === 2
      ? {
          vocabSize: vocab.size,
          embeddingDim: 8,
          hiddenSize: 16,
          outputSize: 1,
          headOn: 'last',
          loss: 'bce',
          init: 'keras',
        }
      : {
          vocabSize: vocab.size,
          embeddingDim: 8,
          hiddenSize: 16,
          outputSize: 3,
          headOn: 'last',
          loss: 'softmax-ce',
          init: 'keras',
        };
  const model = new LstmModel(config, options.seed ?? 3);
  const optimizer = createOptimizer(model.parameters(), { kind: 'adam', lr: 0.01 });
  const rng = new Random(7);
  const T = 16;
  const B = 32;
  for (let step = 0; step < 400; step++) {
    const tokens = new Int32Array(B * T);
    const targets = new Float32Array(B);
    for (let b = 0; b < B; b++) {
      const label = rng.int(classes);
      const words = signalSentence(rng, T, rng.int(T), label);
      tokens.set(vocab.encode(words.join(' ')), b * T);
      targets[b] = label;
    }
    trainStep(model, { batchSize: B, steps: T, tokens, targets }, optimizer, { clipNorm: 1 });
  }
  const classNames = classes === 2 ? ['has alpha', 'has beta'] : ['has alpha', 'has beta', 'neither'];
  return createPredictor(
    model,
    metadata(model, {
      vocab: vocab.toJSON(),
      dataset: dataset({
        classes: classNames,
        columns: { text: 'text', label: 'label' },
        tokenUnit: 'word',
        truncationKeeps: 'start',
      }),
    }),
  );
}

/** An untrained character language model over `alphabet` (the sampling tests need no training). */
export function characterModel(alphabet = 'abcdefghijklmnopqrstuvwxyz .,\n', seed = 1): Predictor {
  const vocab = Vocabulary.fromTokens('char', [...new Set(alphabet)].sort());
  const model = new LstmModel(
    {
      vocabSize: vocab.size,
      embeddingDim: 8,
      hiddenSize: 32,
      outputSize: vocab.size,
      headOn: 'every',
      loss: 'softmax-ce',
      init: 'pytorch',
    },
    seed,
  );
  return createPredictor(
    model,
    metadata(
      model,
      {
        vocab: vocab.toJSON(),
        dataset: dataset({
          file: 'fables.txt',
          fileFormat: 'text',
          kind: 'text',
          task: 'language-model',
          tokenUnit: 'char',
        }),
      },
      64,
    ),
  );
}

/** An untrained forecaster of `load` from `load`, `temperature` (window 4, horizon 1). */
export function forecaster(window = 4): Predictor {
  const model = new LstmModel({ inputSize: 2, hiddenSize: 8, outputSize: 1, headOn: 'last', loss: 'mse' }, 2);
  const normalization = {
    format: 'lstm-studio-normalization/1',
    method: 'z-score',
    columns: ['load', 'temperature'],
    mean: [600, 4],
    std: [90, 4],
  };
  const data = dataset({
    file: 'energy.csv',
    kind: 'series',
    task: 'forecasting',
    columns: { features: ['load', 'temperature'], targets: ['load'], date: 'date' },
    featureColumns: ['load', 'temperature'],
    horizon: 1,
  });
  return createPredictor(model, metadata(model, { normalization, dataset: data }, window));
}
