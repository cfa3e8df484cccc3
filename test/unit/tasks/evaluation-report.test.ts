/** The reports of `lstm-studio eval --report`, against values computed by hand. */

import { describe, expect, it } from 'vitest';
import {
  classifierReport,
  confusionMatrix,
  perClassScores,
  reliabilityDiagram,
  type ScoredExample,
} from '../../../src/tasks/classification/report';
import { SurpriseCollector } from '../../../src/tasks/language-model/report';
import { histogram, RESIDUAL_BINS, ResidualCollector } from '../../../src/tasks/forecasting/residual-report';

// Three classes; rows: actual, predicted, confidence of the predicted class.
const EXAMPLES: ScoredExample[] = [
  { actual: 0, predicted: 0, confidence: 0.92 },
  { actual: 0, predicted: 1, confidence: 0.61, text: 'not bad at all' },
  { actual: 1, predicted: 1, confidence: 0.83 },
  { actual: 1, predicted: 1, confidence: 0.71 },
  { actual: 2, predicted: 0, confidence: 0.97, text: 'fine, I guess' },
  { actual: 2, predicted: 2, confidence: 0.56 },
];
const LABELS = ['a', 'b', 'c'];

describe('classifier report', () => {
  it('counts the confusion matrix with rows = actual, columns = predicted', () => {
    expect(confusionMatrix(EXAMPLES, 3)).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
  });

  it('scores each class: precision, recall, F1, support', () => {
    const scores = perClassScores(confusionMatrix(EXAMPLES, 3), LABELS);
    // a: 1 of 2 predicted a right, 1 of 2 actual a found. b: 2 of 3 predicted, 2 of 2 found. c: 1 of 1, 1 of 2.
    expect(scores.map((s) => s.support)).toEqual([2, 2, 2]);
    expect(scores[0].precision).toBeCloseTo(0.5, 12);
    expect(scores[0].recall).toBeCloseTo(0.5, 12);
    expect(scores[0].f1).toBeCloseTo(0.5, 12);
    expect(scores[1].precision).toBeCloseTo(2 / 3, 12);
    expect(scores[1].recall).toBeCloseTo(1, 12);
    expect(scores[1].f1).toBeCloseTo(0.8, 12);
    expect(scores[2].precision).toBeCloseTo(1, 12);
    expect(scores[2].recall).toBeCloseTo(0.5, 12);
    expect(scores[2].f1).toBeCloseTo(2 / 3, 12);
  });

  it('gives a class never predicted precision 0, not NaN', () => {
    const scores = perClassScores(
      [
        [2, 0],
        [1, 0],
      ],
      ['x', 'y'],
    );
    expect(scores[1]).toEqual({ label: 'y', precision: 0, recall: 0, f1: 0, support: 1 });
  });

  it('bins confidences and computes the expected calibration error', () => {
    // 15 bins: each example falls in a bin of its own, so ECE = mean |correct − confidence|.
    const fine = reliabilityDiagram(EXAMPLES);
    expect(fine.bins).toHaveLength(15);
    expect(fine.bins[13]).toMatchObject({ count: 1, accuracy: 1 });
    expect(fine.bins[13].confidence).toBeCloseTo(0.92, 12);
    expect(fine.ece).toBeCloseTo((0.08 + 0.61 + 0.17 + 0.29 + 0.97 + 0.44) / 6, 12);
    // 2 bins: all six in [0.5, 1]: |4/6 − mean confidence 4.6/6| = 0.1.
    const coarse = reliabilityDiagram(EXAMPLES, 2);
    expect(coarse.bins[0].count).toBe(0);
    expect(coarse.bins[1].count).toBe(6);
    expect(coarse.ece).toBeCloseTo(0.1, 12);
    // A probability of exactly 1 falls in the last bin.
    expect(reliabilityDiagram([{ actual: 0, predicted: 0, confidence: 1 }], 4).bins[3].count).toBe(1);
  });

  it('lists the mistakes most confident first, with their text', () => {
    const report = classifierReport(EXAMPLES, LABELS);
    expect(report.accuracy).toBeCloseTo(4 / 6, 12);
    expect(report.macro.f1).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3, 12);
    expect(report.misclassified).toEqual([
      { index: 4, actual: 'c', predicted: 'a', confidence: 0.97, text: 'fine, I guess' },
      { index: 1, actual: 'a', predicted: 'b', confidence: 0.61, text: 'not bad at all' },
    ]);
    expect(report.examples).toBe(6);
  });
});

describe('language model report', () => {
  it('scores each character, keeps the most surprising with what the model read, and the hardest characters', () => {
    const letters = ['<pad>', 'a', 'b'];
    const collector = new SurpriseCollector(3, (id) => letters[id]);
    // One window of 2 steps: read "a" then "b"; targets "b" then "a".
    const logits = Float32Array.from([0, 0, 0, 0, 2, 0]);
    collector.add(
      { batchSize: 1, steps: 2, tokens: Int32Array.from([1, 2]), targets: Int32Array.from([2, 1]) },
      logits,
      3,
    );
    const report = collector.report();
    const first = Math.log(3); // uniform over 3
    const second = Math.log(1 + Math.exp(2) + 1) - 2; // p(a) = e² / (1 + e² + 1)
    expect(report.tokens).toBe(2);
    expect(report.meanLoss).toBeCloseTo((first + second) / 2, 6);
    expect(report.worstContexts.map((w) => [w.context, w.token, w.expected])).toEqual([
      ['a', 'b', '<pad>'],
      ['ab', 'a', 'a'],
    ]);
    expect(report.worstContexts[0].loss).toBeCloseTo(first, 6);
    expect(report.hardestTokens.map((h) => h.token)).toEqual(['b', 'a']);
  });

  it('keeps only the worst 200 positions however long the text', () => {
    const collector = new SurpriseCollector(2, (id) => String(id));
    const T = 1000;
    const logits = new Float32Array(T * 2);
    // Step t's loss grows with t: the logit of the target (1) falls.
    for (let t = 0; t < T; t++) logits[t * 2 + 1] = -t / 100;
    collector.add({ batchSize: 1, steps: T, tokens: new Int32Array(T), targets: new Int32Array(T).fill(1) }, logits, 2);
    const worst = collector.report().worstContexts;
    expect(worst).toHaveLength(200);
    expect(worst[0].index).toBe(T - 1);
    expect(worst[199].index).toBe(T - 200);
  });
});

describe('forecaster report', () => {
  it('averages residuals (actual − forecast) by horizon step and target, and bins the one-step ones', () => {
    const collector = new ResidualCollector(['load', 'price'], 2);
    // Two windows; step 0 and 1 of each target.
    const windows = [
      [
        [10, 8],
        [20, 25],
        [11, 10],
        [21, 20],
      ],
      [
        [12, 13],
        [22, 22],
        [13, 10],
        [23, 26],
      ],
    ];
    for (const values of windows) {
      collector.startWindow();
      values.forEach(([actual, forecast], k) => collector.add(Math.floor(k / 2), k % 2, actual, forecast));
    }
    const report = collector.report();
    expect(report.windows).toBe(2);
    // load, step 0: residuals 2 and −1; step 1: 1 and 3. price, step 0: −5 and 0; step 1: 1 and −3.
    expect(report.byHorizon[0]).toEqual({ target: 'load', meanError: [0.5, 2], meanAbsoluteError: [1.5, 2] });
    expect(report.byHorizon[1]).toEqual({ target: 'price', meanError: [-2.5, -1], meanAbsoluteError: [2.5, 2] });
    const load = report.residualHistogram[0];
    expect(load.lower).toBe(-1);
    expect(load.width).toBeCloseTo(3 / RESIDUAL_BINS, 12);
    expect(load.counts[0]).toBe(1);
    expect(load.counts[RESIDUAL_BINS - 1]).toBe(1);
    expect(load.counts.reduce((s, n) => s + n, 0)).toBe(2);
  });

  it('puts equal residuals in one bin and skips non-finite ones', () => {
    expect(histogram('x', Float64Array.from([2, 2, 2])).counts[0]).toBe(3);
    const collector = new ResidualCollector(['x'], 1);
    collector.add(0, 0, NaN, 1);
    collector.add(0, 0, 3, 1);
    expect(collector.report().byHorizon[0].meanError).toEqual([2]);
  });
});
