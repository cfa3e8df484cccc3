/** Classification metrics: `accuracy`, the share of examples whose most likely class is the label. */

import type { MetricAccumulator } from '../task-training';

export function createAccuracyEvaluator(): MetricAccumulator {
  let correct = 0;
  let examples = 0;
  return {
    // output [B, O]: one logit (two classes, sigmoid) or O class logits per example.
    add(batch, output, O) {
      const B = batch.batchSize;
      const targets = batch.targets!;
      for (let b = 0; b < B; b++) {
        const predicted = O === 1 ? (output[b] > 0 ? 1 : 0) : argmax(output, b * O, O);
        if (predicted === targets[b]) correct++;
      }
      examples += B;
    },
    finish: (loss) => ({ loss, accuracy: correct / examples }),
  };
}

function argmax(values: ArrayLike<number>, offset: number, count: number): number {
  let best = 0;
  for (let k = 1; k < count; k++) if (values[offset + k] > values[offset + best]) best = k;
  return best;
}
