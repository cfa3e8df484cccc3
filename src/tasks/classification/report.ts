/**
 * A classifier's report from its predictions: confusion matrix, per-class precision/recall/F1,
 * reliability diagram and expected calibration error, and the most confident mistakes. Pure: the
 * evaluator (metrics.ts) collects one `ScoredExample` per example and calls `classifierReport`.
 */

import {
  MAX_LISTED_EXAMPLES,
  RELIABILITY_BINS,
  type ClassScores,
  type ClassifierReport,
  type MisclassifiedExample,
  type ReliabilityBin,
} from '../../protocol/evaluation-report';

export interface ScoredExample {
  actual: number;
  predicted: number;
  /** Probability of the predicted class. */
  confidence: number;
  text?: string;
}

/** counts[actual][predicted] over the examples. */
export function confusionMatrix(examples: readonly ScoredExample[], classes: number): number[][] {
  const matrix = Array.from({ length: classes }, () => new Array<number>(classes).fill(0));
  for (const e of examples) matrix[e.actual][e.predicted]++;
  return matrix;
}

/** Precision, recall, F1 and support of each class from a confusion matrix; 0 where a ratio has no examples. */
export function perClassScores(matrix: readonly number[][], labels: readonly string[]): ClassScores[] {
  return labels.map((label, k) => {
    const truePositives = matrix[k][k];
    const support = matrix[k].reduce((sum, n) => sum + n, 0);
    const predicted = matrix.reduce((sum, row) => sum + row[k], 0);
    const precision = predicted > 0 ? truePositives / predicted : 0;
    const recall = support > 0 ? truePositives / support : 0;
    const f1 = precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
    return { label, precision, recall, f1, support };
  });
}

/**
 * Equal-width bins of the predicted class's probability over [0, 1] (a probability of exactly 1 falls in
 * the last bin), and the expected calibration error Σ_b (n_b / N)·|accuracy_b − confidence_b|.
 */
export function reliabilityDiagram(
  examples: readonly ScoredExample[],
  bins = RELIABILITY_BINS,
): { bins: ReliabilityBin[]; ece: number } {
  const count = new Array<number>(bins).fill(0);
  const confidenceSum = new Array<number>(bins).fill(0);
  const correct = new Array<number>(bins).fill(0);
  for (const e of examples) {
    const b = Math.min(bins - 1, Math.max(0, Math.floor(e.confidence * bins)));
    count[b]++;
    confidenceSum[b] += e.confidence;
    if (e.actual === e.predicted) correct[b]++;
  }
  const total = examples.length;
  let ece = 0;
  const diagram = count.map((n, b) => {
    const confidence = n > 0 ? confidenceSum[b] / n : 0;
    const accuracy = n > 0 ? correct[b] / n : 0;
    if (n > 0) ece += (n / total) * Math.abs(accuracy - confidence);
    return { lower: b / bins, upper: (b + 1) / bins, count: n, confidence, accuracy };
  });
  return { bins: diagram, ece };
}

/** The whole report; `labels[k]` names class k. */
export function classifierReport(examples: readonly ScoredExample[], labels: readonly string[]): ClassifierReport {
  const matrix = confusionMatrix(examples, labels.length);
  const perClass = perClassScores(matrix, labels);
  const right = examples.reduce((n, e) => n + (e.actual === e.predicted ? 1 : 0), 0);
  const mean = (pick: (s: ClassScores) => number) => perClass.reduce((sum, s) => sum + pick(s), 0) / perClass.length;
  const { bins, ece } = reliabilityDiagram(examples);
  const misclassified: MisclassifiedExample[] = [];
  examples.forEach((e, index) => {
    if (e.actual !== e.predicted)
      misclassified.push({
        index,
        actual: labels[e.actual],
        predicted: labels[e.predicted],
        confidence: e.confidence,
        ...(e.text !== undefined ? { text: e.text } : {}),
      });
  });
  // Most confident mistakes first; ties in file order.
  misclassified.sort((a, b) => b.confidence - a.confidence || a.index - b.index);
  return {
    kind: 'classifier',
    labels: [...labels],
    confusionMatrix: matrix,
    perClass,
    accuracy: examples.length > 0 ? right / examples.length : 0,
    macro: { precision: mean((s) => s.precision), recall: mean((s) => s.recall), f1: mean((s) => s.f1) },
    ece,
    reliability: bins,
    misclassified: misclassified.slice(0, MAX_LISTED_EXAMPLES),
    examples: examples.length,
  };
}
