/**
 * A language model's report: where it is surprised. Per scored token the loss −ln p(token | context); kept
 * are the running sums per vocabulary entry and the worst `MAX_LISTED_EXAMPLES` positions with their
 * context (the tokens before them in the same window — what the model read), so memory stays bounded
 * however long the text.
 */

import type { Batch } from '../../engine/batch';
import {
  CONTEXT_TOKENS,
  MAX_LISTED_EXAMPLES,
  type LanguageModelReport,
  type SurprisingToken,
} from '../../protocol/evaluation-report';

export class SurpriseCollector {
  private tokens = 0;
  private lossSum = 0;
  private readonly lossByToken: Float64Array;
  private readonly countByToken: Float64Array;
  /** Candidates for the worst positions; trimmed to the worst MAX_LISTED_EXAMPLES when it doubles. */
  private worst: SurprisingToken[] = [];
  /** The loss a position must exceed to enter `worst` once it is full. */
  private threshold = -Infinity;

  constructor(
    private readonly vocabularySize: number,
    private readonly tokenText: (id: number) => string,
  ) {
    this.lossByToken = new Float64Array(vocabularySize);
    this.countByToken = new Float64Array(vocabularySize);
  }

  /** logits [B, T, O] ← one batch of windows: inputs `tokens` [B, T], `targets` [B, T], real `lengths`. */
  add(batch: Batch, logits: ArrayLike<number>, O: number): void {
    const B = batch.batchSize;
    const T = batch.steps;
    const targets = batch.targets as Int32Array;
    for (let b = 0; b < B; b++) {
      const length = batch.lengths ? batch.lengths[b] : T;
      for (let t = 0; t < length; t++) {
        const target = targets[b * T + t];
        if (target < 0 || target >= O) continue;
        const offset = (b * T + t) * O;
        // −log softmax(z)[target] = logΣexp(z − max) − (z_target − max)
        let max = -Infinity;
        let best = 0;
        for (let k = 0; k < O; k++) {
          const z = logits[offset + k];
          if (z > max) {
            max = z;
            best = k;
          }
        }
        let sum = 0;
        for (let k = 0; k < O; k++) sum += Math.exp(logits[offset + k] - max);
        const loss = Math.log(sum) - (logits[offset + target] - max);
        const index = this.tokens++;
        this.lossSum += loss;
        if (target < this.vocabularySize) {
          this.lossByToken[target] += loss;
          this.countByToken[target]++;
        }
        if (loss > this.threshold) this.keep(batch, b, t, index, target, best, loss);
      }
    }
  }

  report(): LanguageModelReport {
    this.trim();
    const hardest: LanguageModelReport['hardestTokens'] = [];
    for (let id = 0; id < this.vocabularySize; id++)
      if (this.countByToken[id] > 0)
        hardest.push({
          token: this.tokenText(id),
          count: this.countByToken[id],
          meanLoss: this.lossByToken[id] / this.countByToken[id],
        });
    hardest.sort((a, b) => b.meanLoss - a.meanLoss || b.count - a.count);
    return {
      kind: 'language-model',
      tokens: this.tokens,
      meanLoss: this.tokens > 0 ? this.lossSum / this.tokens : 0,
      worstContexts: this.worst,
      hardestTokens: hardest.slice(0, MAX_LISTED_EXAMPLES),
    };
  }

  private keep(batch: Batch, b: number, t: number, index: number, target: number, best: number, loss: number): void {
    const T = batch.steps;
    const inputs = batch.tokens!;
    // The inputs up to and including step t are what the model had read when it predicted `target`.
    let context = '';
    for (let s = Math.max(0, t - CONTEXT_TOKENS + 1); s <= t; s++) context += this.tokenText(inputs[b * T + s]);
    this.worst.push({ index, context, token: this.tokenText(target), loss, expected: this.tokenText(best) });
    if (this.worst.length >= 2 * MAX_LISTED_EXAMPLES) this.trim();
  }

  private trim(): void {
    this.worst.sort((a, b) => b.loss - a.loss || a.index - b.index);
    if (this.worst.length > MAX_LISTED_EXAMPLES) {
      this.worst.length = MAX_LISTED_EXAMPLES;
      this.threshold = this.worst[MAX_LISTED_EXAMPLES - 1].loss;
    }
  }
}
