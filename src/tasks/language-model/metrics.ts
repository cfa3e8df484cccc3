/** Language-model metrics, from the mean loss per character: `perplexity` = e^loss, `bitsPerChar` = loss / ln 2. */

import type { MetricAccumulator } from '../task-training';

export function createPerplexityEvaluator(): MetricAccumulator {
  return {
    add() {},
    finish: (loss) => ({ loss, perplexity: Math.exp(loss), bitsPerChar: loss / Math.LN2 }),
  };
}
