/**
 * Classification metrics: `accuracy`, the share of examples whose most likely class is the label; with
 * `context.report`, every example's prediction and confidence for the report (report.ts).
 */

import type { EvaluationContext, MetricAccumulator } from '../task-training';
import { classifierReport, type ScoredExample } from './report';

export function createAccuracyEvaluator(context?: EvaluationContext): MetricAccumulator {
  let correct = 0;
  let examples = 0;
  const collect = context?.report === true;
  const scored: ScoredExample[] = [];
  const vocab = context?.stored?.vocab ?? null;
  return {
    // output [B, O]: one logit (two classes, sigmoid) or O class logits per example.
    add(batch, output, O) {
      const B = batch.batchSize;
      const targets = batch.targets!;
      for (let b = 0; b < B; b++) {
        const predicted = O === 1 ? (output[b] > 0 ? 1 : 0) : argmax(output, b * O, O);
        if (predicted === targets[b]) correct++;
        if (collect) {
          const example: ScoredExample = {
            actual: targets[b],
            predicted,
            confidence: O === 1 ? sigmoidConfidence(output[b]) : softmaxAt(output, b * O, O, predicted),
          };
          // Only mistakes are listed with their text; decoding the rest would be wasted.
          if (predicted !== targets[b] && vocab && batch.tokens)
            example.text = textOf(batch, b, vocab.decode.bind(vocab));
          scored.push(example);
        }
      }
      examples += B;
    },
    finish: (loss) => ({ loss, accuracy: correct / examples }),
    report: () => (collect ? classifierReport(scored, classNames(context, scored)) : null),
  };
}

function argmax(values: ArrayLike<number>, offset: number, count: number): number {
  let best = 0;
  for (let k = 1; k < count; k++) if (values[offset + k] > values[offset + best]) best = k;
  return best;
}

/** The probability of the predicted class from one sigmoid logit: max(σ(z), 1 − σ(z)) = σ(|z|). */
function sigmoidConfidence(logit: number): number {
  return 1 / (1 + Math.exp(-Math.abs(logit)));
}

/** softmax(values[offset … offset+count))[k], stable. */
function softmaxAt(values: ArrayLike<number>, offset: number, count: number, k: number): number {
  let max = -Infinity;
  for (let j = 0; j < count; j++) max = Math.max(max, values[offset + j]);
  let sum = 0;
  for (let j = 0; j < count; j++) sum += Math.exp(values[offset + j] - max);
  return Math.exp(values[offset + k] - max) / sum;
}

/** Row b's tokens as text, without its padding. */
function textOf(
  batch: { tokens?: Int32Array; lengths?: Int32Array; steps: number },
  b: number,
  decode: (ids: Int32Array) => string,
): string {
  const T = batch.steps;
  const length = batch.lengths ? batch.lengths[b] : T;
  return decode(batch.tokens!.subarray(b * T, b * T + length));
}

/** The stored class names, or numbers when the checkpoint stores none (never for a valid checkpoint). */
function classNames(context: EvaluationContext | undefined, scored: readonly ScoredExample[]): string[] {
  const stored = context?.stored?.dataset.classes;
  if (stored && stored.length > 0) return stored;
  const classes = scored.reduce((n, e) => Math.max(n, e.actual + 1, e.predicted + 1), 2);
  return Array.from({ length: classes }, (_, k) => String(k));
}
