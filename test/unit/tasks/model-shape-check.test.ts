/** A checkpoint whose stored dataset does not fit the model's sizes is refused with the reason. */
import { describe, expect, it } from 'vitest';
import { LstmModel } from '../../../src/engine';
import { createPredictor } from '../../../src/tasks/create-predictor';
import type { DatasetMetadata } from '../../../src/data/dataset-metadata';
import { characterModel, forecaster, trainSignalClassifier } from '../inference/helpers';
import type { Predictor } from '../../../src/inference/predictor';

function withDataset(predictor: Predictor, change: Partial<DatasetMetadata>, vocab?: unknown): () => Predictor {
  const dataset = { ...(predictor.metadata.dataset as DatasetMetadata), ...change };
  const metadata = { ...predictor.metadata, dataset, vocab: vocab ?? predictor.metadata.vocab };
  return () => createPredictor(predictor.model, metadata);
}

describe('stored dataset against the model', () => {
  it('classification: 5 class names for a head of 1 output (2 classes)', () => {
    const predictor = trainSignalClassifier({ classes: 2 });
    expect(predictor.model.config.outputSize).toBe(1);
    expect(withDataset(predictor, { classes: ['a', 'b', 'c', 'd', 'e'] })).toThrow(
      "checkpoint: 5 class names are stored but the model's head has 1 output(s), for 2 classes",
    );
    expect(withDataset(predictor, {})).not.toThrow();
  });

  it('classification: 2 class names for a head of 3 outputs', () => {
    const predictor = trainSignalClassifier({ classes: 3 });
    expect(withDataset(predictor, { classes: ['a', 'b'] })).toThrow(/2 class names are stored .* 3 output\(s\)/);
  });

  it('language model: a vocabulary of another size than the head', () => {
    const predictor = characterModel('abc');
    const smaller = characterModel('ab');
    expect(withDataset(predictor, {}, smaller.metadata.vocab)).toThrow(
      /^checkpoint: the vocabulary has \d+ tokens but the model reads \d+ and predicts over \d+$/,
    );
    expect(withDataset(predictor, {})).not.toThrow();
  });

  it('forecasting: a horizon that does not make the head', () => {
    const predictor = forecaster();
    expect(withDataset(predictor, { horizon: 3 })).toThrow(
      "checkpoint: 1 target(s) × horizon 3 make 3 outputs but the model's head has 1",
    );
    expect(withDataset(predictor, {})).not.toThrow();
  });

  it('a bidirectional model stored as a language model or a forecaster is refused with the reason', () => {
    const lm = characterModel('abc');
    const bidirectional = new LstmModel({ ...lm.model.config, bidirectional: true }, 1);
    expect(() => createPredictor(bidirectional, lm.metadata)).toThrow(
      /^checkpoint: its model is bidirectional, and a language model predicts each next character from the ones before it/,
    );
    const series = forecaster();
    const biForecaster = new LstmModel({ ...series.model.config, bidirectional: true }, 1);
    expect(() => createPredictor(biForecaster, series.metadata)).toThrow(
      /^checkpoint: its model is bidirectional, and a forecaster/,
    );
    expect(() => createPredictor(lm.model, lm.metadata)).not.toThrow();
  });
});
