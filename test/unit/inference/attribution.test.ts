/**
 * Attribution: on a classifier trained so that one token decides the label (alpha or beta among random
 * distractors), that token gets the largest |attribution| — with integrated gradients (the default) and
 * occlusion, wherever it stands; plain gradient × input is measured to fall short on a softmax head. The
 * probability over the tokens jumps at the deciding token. Gradient × input is checked against finite differences
 * (float64), and the engine's backwardFromOutput against backward() on the same gradient.
 */

import { beforeAll, describe, expect, it } from 'vitest';
import { LstmModel, Random } from '../../../src/engine';
import {
  classLogit,
  gradientTimesInput,
  integratedGradients,
  type AttributionMethod,
} from '../../../src/inference/attribution';
import { explainClassification } from '../../../src/tasks/classification/explain';
import { singleStackOf, type Predictor } from '../../../src/inference/predictor';
import { SIGNALS, signalSentence, trainSignalClassifier } from './helpers';

function argmaxAbs(scores: readonly number[]): number {
  let best = 0;
  for (let k = 1; k < scores.length; k++) if (Math.abs(scores[k]) > Math.abs(scores[best])) best = k;
  return best;
}

describe('attribution on a classifier where one token decides the label', () => {
  let binary: Predictor;
  let softmax: Predictor;
  beforeAll(() => {
    binary = trainSignalClassifier();
    softmax = trainSignalClassifier({ classes: 3 });
  });

  /** How often, over 60 texts of 6–16 words (the training length), the signal word ranks first. */
  function signalRanksFirst(
    predictor: Predictor,
    method: AttributionMethod,
    seed: number,
  ): { byMagnitude: number; towardsClass: number; trials: number } {
    const rng = new Random(seed);
    const counts = { byMagnitude: 0, towardsClass: 0, trials: 60 };
    for (let n = 0; n < counts.trials; n++) {
      const length = 6 + rng.int(11);
      const position = rng.int(length);
      const label = rng.int(2);
      const result = explainClassification(predictor, signalSentence(rng, length, position, label).join(' '), {
        attribution: method,
      });
      expect(result.classId).toBe(label);
      expect(result.attribution!.method).toBe(method);
      const scores = result.attribution!.scores;
      if (argmaxAbs(scores) === position) counts.byMagnitude++;
      if (scores.indexOf(Math.max(...scores)) === position) counts.towardsClass++;
    }
    return counts;
  }

  for (const method of ['integrated-gradients', 'occlusion'] as const) {
    it(`${method}: the deciding token gets the largest |attribution|, towards the predicted class (binary and softmax heads)`, () => {
      for (const [predictor, seed] of [
        [binary, 123],
        [softmax, 9],
      ] as const) {
        const counts = signalRanksFirst(predictor, method, seed);
        expect(counts.byMagnitude).toBe(counts.trials);
        expect(counts.towardsClass).toBe(counts.trials);
      }
    });
  }

  it('plain gradient × input: right on the binary head, unreliable on the softmax head (why it is not the default)', () => {
    const binaryCounts = signalRanksFirst(binary, 'gradient', 123);
    expect(binaryCounts.byMagnitude).toBe(binaryCounts.trials);
    const softmaxCounts = signalRanksFirst(softmax, 'gradient', 9);
    console.log(
      `plain gradient × input, softmax head: signal first in ${softmaxCounts.byMagnitude}/${softmaxCounts.trials} by |a|, ${softmaxCounts.towardsClass}/${softmaxCounts.trials} by a`,
    );
    expect(softmaxCounts.byMagnitude).toBeLessThan(softmaxCounts.trials);
  });

  it('integrated gradients add up to s(x) − s(0) (completeness)', () => {
    const rng = new Random(4);
    for (const predictor of [binary, softmax]) {
      const model = singleStackOf(predictor);
      const words = signalSentence(rng, 12, 5, 1);
      const tokens = Int32Array.from(words, (w) => predictor.encoder.vocab!.idOf(w));
      const O = model.config.outputSize;
      const s = classLogit(model.forward({ batchSize: 1, steps: 12, tokens }).output, 0, O, 1);
      const scores = integratedGradients(model, tokens, 1, 64);
      const twin = new LstmModel(
        { ...model.config, vocabSize: 0, embeddingDim: 0, inputSize: model.config.embeddingDim },
        0,
      );
      const source = model.parameters().filter((p) => p.name !== 'embedding.weight');
      twin.parameters().forEach((p, k) => p.value.set(source[k].value));
      const s0 = classLogit(
        twin.forward({ batchSize: 1, steps: 12, features: new Float32Array(12 * model.config.embeddingDim) }).output,
        0,
        O,
        1,
      );
      const total = scores.reduce((a, b) => a + b, 0);
      expect(Math.abs(total - (s - s0))).toBeLessThan(0.02 * Math.max(1, Math.abs(s - s0)));
    }
  });

  it('the probability over the tokens changes most at the deciding token', () => {
    const rng = new Random(31);
    for (let n = 0; n < 10; n++) {
      const position = 2 + rng.int(10);
      const label = rng.int(2);
      const result = explainClassification(binary, signalSentence(rng, 14, position, label).join(' '));
      const p = result.reading.map((row) => row[label]);
      const jumps = p.map((x, t) => (t === 0 ? x - 0.5 : x - p[t - 1]));
      expect(argmaxAbs(jumps)).toBe(position);
      expect(p[p.length - 1]).toBeCloseTo(result.probabilities[label].probability, 5);
    }
  });

  it('reports tokens with their offsets in the text and unknown words', () => {
    const text = `Word1, ALPHA! zebra word2`;
    const result = explainClassification(binary, text);
    expect(result.tokens.map((t) => [t.token, text.slice(t.start, t.end)])).toEqual([
      ['word1', 'Word1'],
      ['alpha', 'ALPHA'],
      ['zebra', 'zebra'],
      ['word2', 'word2'],
    ]);
    expect(result.unknown).toEqual([{ text: 'zebra', readAs: '<unk>', count: 1 }]);
    expect(result.label).toBe('has alpha');
    expect(SIGNALS).toContain(result.tokens[argmaxAbs(result.attribution!.scores)].token);
  });

  it('leaves the parameter gradients as it found them', () => {
    const before = binary.model.parameters().map((p) => p.grad.slice());
    explainClassification(binary, 'word1 beta word2');
    binary.model.parameters().forEach((p, k) => expect(Array.from(p.grad)).toEqual(Array.from(before[k])));
  });
});

describe('gradient × input is exact', () => {
  it('equals the directional derivative of the class logit along each embedding row (float64, finite differences)', () => {
    for (const [outputSize, loss] of [
      [1, 'bce'],
      [3, 'softmax-ce'],
    ] as const) {
      const model = new LstmModel(
        {
          vocabSize: 12,
          embeddingDim: 5,
          hiddenSize: 6,
          numLayers: 2,
          outputSize,
          headOn: 'last',
          loss,
          init: 'pytorch',
          dtype: 'float64',
        },
        4,
      );
      const tokens = Int32Array.of(2, 5, 7, 3, 11, 9, 4);
      const classId = outputSize === 1 ? 0 : 2;
      const logit = () =>
        classLogit(model.forward({ batchSize: 1, steps: tokens.length, tokens }).output, 0, outputSize, classId);
      model.forward({ batchSize: 1, steps: tokens.length, tokens });
      const scores = gradientTimesInput(model, tokens, classId);
      const E = 5;
      const weight = model.embedding!.weight.value;
      for (let t = 0; t < tokens.length; t++) {
        // s((1+ε)·x_t) − s((1−ε)·x_t) over 2ε = x_t · ∂s/∂x_t (each token appears once)
        const row = weight.subarray(tokens[t] * E, tokens[t] * E + E);
        const original = row.slice();
        const eps = 1e-5;
        row.set(original.map((x) => x * (1 + eps)));
        const plus = logit();
        row.set(original.map((x) => x * (1 - eps)));
        const minus = logit();
        row.set(original);
        expect(scores[t]).toBeCloseTo((plus - minus) / (2 * eps), 7);
      }
    }
  });

  it('backwardFromOutput with the loss gradient matches backward (per-step head)', () => {
    const make = () =>
      new LstmModel(
        { vocabSize: 9, embeddingDim: 4, hiddenSize: 5, outputSize: 3, headOn: 'every', loss: 'mse', dtype: 'float64' },
        8,
      );
    const a = make();
    const b = make();
    const tokens = Int32Array.of(1, 4, 2, 8, 3, 5);
    const targets = Float64Array.from({ length: 2 * 3 * 3 }, (_, k) => Math.sin(k));
    const lengths = Int32Array.of(3, 2);
    const batch = { batchSize: 2, steps: 3, tokens, targets, lengths };
    const { output } = a.forward(batch);
    const viaLoss = a.backward(true);
    b.forward({ ...batch, targets: undefined });
    // d mean((y − t)²) / dy = 2 (y − t) / (valid steps · O), zero on padded steps.
    const dOutput = new Float64Array(output.length);
    for (let r = 0; r < 2; r++)
      for (let t = 0; t < lengths[r]; t++)
        for (let o = 0; o < 3; o++) {
          const k = (r * 3 + t) * 3 + o;
          dOutput[k] = (2 * (output[k] - targets[k])) / (5 * 3);
        }
    const viaOutput = b.backwardFromOutput(dOutput, true);
    for (let k = 0; k < viaLoss.dEmbedded!.length; k++)
      expect(viaOutput.dEmbedded![k]).toBeCloseTo(viaLoss.dEmbedded![k], 12);
    a.parameters().forEach((p, k) => {
      const q = b.parameters()[k];
      for (let i = 0; i < p.grad.length; i++) expect(q.grad[i]).toBeCloseTo(p.grad[i], 12);
    });
  });
});
