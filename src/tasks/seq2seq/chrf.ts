/**
 * chrF (Popović 2015) as sacreBLEU computes it by default: character n-grams of orders 1…6 of each
 * segment with its whitespace removed, hypothesis/reference/matched counts summed over the corpus (each
 * segment against its reference with the best F-score), then per-order precision and recall averaged
 * over the orders both sides have ("effective order", sacreBLEU's default) and combined as F_β with
 * β = 2 (recall weighted twice as much). `epsSmoothing` gives sacreBLEU's alternative: the mean of the
 * per-order F-scores with ε for empty orders, as chrF++.py, Moses and NLTK do.
 */

export interface ChrfOptions {
  /** Character n-gram orders. Default 6. */
  charOrder?: number;
  /** Default 2. */
  beta?: number;
  /** Keep whitespace inside the n-grams. Default false. */
  whitespace?: boolean;
  /** Mean of per-order F-scores with ε smoothing instead of the effective-order average. Default false. */
  epsSmoothing?: boolean;
}

/**
 * Corpus chrF of `hypotheses` against `references` (one array per reference stream, as `corpusBleu`), 0 … 100.
 */
export function corpusChrf(
  hypotheses: readonly string[],
  references: readonly (readonly string[])[],
  options: ChrfOptions = {},
): number {
  const order = options.charOrder ?? 6;
  const beta = options.beta ?? 2;
  const eps = options.epsSmoothing ?? false;
  const prepare = (s: string) => (options.whitespace ? s : s.split(/\s+/).join(''));
  const totals = new Array<number>(3 * order).fill(0);
  for (let i = 0; i < hypotheses.length; i++) {
    const hypothesis = charNgrams(prepare(hypotheses[i]), order);
    let best: number[] = [];
    let bestF = -1;
    for (const stream of references) {
      const reference = charNgrams(prepare(stream[i]), order);
      const stats: number[] = [];
      for (let n = 0; n < order; n++) stats.push(...matchStatistics(hypothesis[n], reference[n]));
      const f = fScore(stats, order, beta, eps);
      if (f > bestF) [bestF, best] = [f, stats];
    }
    for (let k = 0; k < best.length; k++) totals[k] += best[k];
  }
  return fScore(totals, order, beta, eps);
}

/** [hypothesis n-grams (0 when the reference has none), reference n-grams, matched n-grams]. */
function matchStatistics(hypothesis: Map<string, number>, reference: Map<string, number>): number[] {
  let hypothesisCount = 0;
  let matched = 0;
  for (const [gram, count] of hypothesis) {
    hypothesisCount += count;
    matched += Math.min(count, reference.get(gram) ?? 0);
  }
  let referenceCount = 0;
  for (const count of reference.values()) referenceCount += count;
  return [reference.size > 0 ? hypothesisCount : 0, referenceCount, matched];
}

function fScore(stats: readonly number[], order: number, beta: number, epsSmoothing: boolean): number {
  const EPS = 1e-16;
  const factor = beta * beta;
  let score = 0;
  let effectiveOrder = 0;
  let averagePrecision = 0;
  let averageRecall = 0;
  for (let n = 0; n < order; n++) {
    const [hyp, ref, match] = stats.slice(3 * n, 3 * n + 3);
    const precision = hyp > 0 ? match / hyp : EPS;
    const recall = ref > 0 ? match / ref : EPS;
    const denominator = factor * precision + recall;
    score += denominator > 0 ? ((1 + factor) * precision * recall) / denominator : EPS;
    if (hyp > 0 && ref > 0) {
      averagePrecision += precision;
      averageRecall += recall;
      effectiveOrder++;
    }
  }
  if (epsSmoothing) return (100 * score) / order;
  if (effectiveOrder === 0) return 0;
  averagePrecision /= effectiveOrder;
  averageRecall /= effectiveOrder;
  if (averagePrecision + averageRecall === 0) return 0;
  return (100 * (1 + factor) * averagePrecision * averageRecall) / (factor * averagePrecision + averageRecall);
}

/** Counts of the character n-grams of orders 1…order (code points, so an emoji is one character). */
function charNgrams(text: string, order: number): Map<string, number>[] {
  const chars = Array.from(text);
  const result: Map<string, number>[] = [];
  for (let n = 1; n <= order; n++) {
    const counts = new Map<string, number>();
    for (let i = 0; i + n <= chars.length; i++) {
      const gram = chars.slice(i, i + n).join('');
      counts.set(gram, (counts.get(gram) ?? 0) + 1);
    }
    result.push(counts);
  }
  return result;
}
