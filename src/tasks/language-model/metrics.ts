/**
 * Language-model metrics, from the mean loss per character: `perplexity` = e^loss, `bitsPerChar` = loss /
 * ln 2. With `context.report`, every character's loss feeds the report of where the model is surprised
 * (report.ts).
 */

import type { EvaluationContext, MetricAccumulator } from '../task-training';
import { SurpriseCollector } from './report';

export function createPerplexityEvaluator(context?: EvaluationContext): MetricAccumulator {
  const vocab = context?.report ? (context.stored?.vocab ?? null) : null;
  const collector = vocab ? new SurpriseCollector(vocab.size, (id) => vocab.tokenOf(id)) : null;
  return {
    add(batch, output, O) {
      collector?.add(batch, output, O);
    },
    finish: (loss) => ({ loss, perplexity: Math.exp(loss), bitsPerChar: loss / Math.LN2 }),
    report: () => collector?.report() ?? null,
  };
}
