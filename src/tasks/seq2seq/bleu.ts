/**
 * Corpus BLEU (Papineni et al. 2002) as sacreBLEU computes it by default, so our numbers can be quoted
 * beside anyone's: the `13a` tokenizer (mteval-v13a's, used by WMT), n-grams up to 4, clipped counts
 * against each hypothesis's references (the maximum count over them), the closest reference length
 * (the shorter one on a tie) for the brevity penalty, and `exp` smoothing (NIST: the k-th order with no
 * match gets precision 1 / (2^k · total)); a corpus with no matching n-gram at all scores 0.
 * Statistics are summed over the corpus first, then turned into one score (not a mean of sentence scores).
 */

export type BleuSmoothing = 'exp' | 'floor' | 'none';

export interface BleuOptions {
  /** `13a` (default) or `none` (split on whitespace only). */
  tokenize?: '13a' | 'none';
  smoothing?: BleuSmoothing;
  /** The floor's value for `floor` smoothing. Default 0.1. */
  floor?: number;
}

/** BLEU's sufficient statistics: lengths, and matched / total n-grams of each order 1…4. */
export interface BleuStatistics {
  hypothesisLength: number;
  referenceLength: number;
  correct: number[];
  total: number[];
}

export interface BleuScore extends BleuStatistics {
  /** 0 … 100. */
  score: number;
  brevityPenalty: number;
  /** Per-order precisions in percent. */
  precisions: number[];
}

const MAX_ORDER = 4;
/** sacreBLEU's floor for log(0): the score of a zero precision without smoothing is then ≈ 0. */
const LOG_ZERO = -9999999999;

// mteval-v13a's language-dependent rules, in order (see tokenize13a).
const SYMBOLS = /([{-~[-` -&(-+:-@/])/g;
const PERIOD_COMMA_AFTER_NON_DIGIT = /([^0-9])([.,])/g;
const PERIOD_COMMA_BEFORE_NON_DIGIT = /([.,])([^0-9])/g;
const DASH_AFTER_DIGIT = /([0-9])(-)/g;

/** mteval-v13a tokenization: unescape a few entities, split punctuation off, collapse spaces. */
export function tokenize13a(line: string): string {
  let text = line
    .replace(/<skipped>/g, '')
    .replace(/-\n/g, '')
    .replace(/\n/g, ' ');
  if (text.includes('&'))
    text = text
      .replace(/&quot;/g, '"')
      .replace(/&amp;/g, '&')
      .replace(/&lt;/g, '<')
      .replace(/&gt;/g, '>');
  text = ` ${text} `
    .replace(SYMBOLS, ' $1 ')
    .replace(PERIOD_COMMA_AFTER_NON_DIGIT, '$1 $2 ')
    .replace(PERIOD_COMMA_BEFORE_NON_DIGIT, ' $1 $2')
    .replace(DASH_AFTER_DIGIT, '$1 $2 ');
  return text.split(/\s+/).filter(Boolean).join(' ');
}

/**
 * Corpus BLEU of `hypotheses` against `references`: one array per reference stream, each as long as
 * the hypotheses (sacreBLEU's layout: `references[k][i]` is the k-th reference of hypothesis i).
 */
export function corpusBleu(
  hypotheses: readonly string[],
  references: readonly (readonly string[])[],
  options: BleuOptions = {},
): BleuScore {
  for (const stream of references)
    if (stream.length !== hypotheses.length)
      throw new Error(`BLEU: a reference stream has ${stream.length} segments for ${hypotheses.length} hypotheses`);
  const tokenize = options.tokenize === 'none' ? (s: string) => s.trim() : tokenize13a;
  const stats: BleuStatistics = {
    hypothesisLength: 0,
    referenceLength: 0,
    correct: new Array<number>(MAX_ORDER).fill(0),
    total: new Array<number>(MAX_ORDER).fill(0),
  };
  for (let i = 0; i < hypotheses.length; i++) {
    const hypothesis = words(tokenize(hypotheses[i]));
    const refs = references.map((stream) => words(tokenize(stream[i])));
    addSegment(stats, hypothesis, refs);
  }
  return bleuFromStatistics(stats, options.smoothing ?? 'exp', options.floor ?? 0.1);
}

/** The score from summed statistics (sacreBLEU's `compute_bleu` without effective order). */
export function bleuFromStatistics(stats: BleuStatistics, smoothing: BleuSmoothing, floor = 0.1): BleuScore {
  const { hypothesisLength: sys, referenceLength: ref, correct, total } = stats;
  const brevityPenalty = sys < ref ? (sys > 0 ? Math.exp(1 - ref / sys) : 0) : 1;
  const precisions = new Array<number>(MAX_ORDER).fill(0);
  const result = { ...stats, correct: [...correct], total: [...total], brevityPenalty, precisions };
  if (!correct.some((c) => c > 0)) return { ...result, score: 0 };
  let halvings = 1;
  for (let n = 0; n < MAX_ORDER; n++) {
    if (total[n] === 0) break;
    if (correct[n] > 0) precisions[n] = (100 * correct[n]) / total[n];
    else if (smoothing === 'exp') {
      halvings *= 2;
      precisions[n] = 100 / (halvings * total[n]);
    } else if (smoothing === 'floor') precisions[n] = (100 * floor) / total[n];
  }
  let logSum = 0;
  for (const p of precisions) logSum += p === 0 ? LOG_ZERO : Math.log(p);
  return { ...result, score: brevityPenalty * Math.exp(logSum / MAX_ORDER) };
}

function words(tokenized: string): string[] {
  return tokenized.length === 0 ? [] : tokenized.split(' ');
}

/** Adds one segment's lengths and clipped n-gram matches (best of the references) to `stats`. */
function addSegment(stats: BleuStatistics, hypothesis: string[], references: string[][]): void {
  const referenceCounts = new Map<string, number>();
  for (const reference of references)
    for (const [gram, count] of ngramCounts(reference))
      referenceCounts.set(gram, Math.max(referenceCounts.get(gram) ?? 0, count));
  stats.hypothesisLength += hypothesis.length;
  stats.referenceLength += closestLength(
    hypothesis.length,
    references.map((r) => r.length),
  );
  for (const [gram, count] of ngramCounts(hypothesis)) {
    const n = gramOrder(gram) - 1;
    stats.total[n] += count;
    stats.correct[n] += Math.min(count, referenceCounts.get(gram) ?? 0);
  }
}

/** The reference length closest to the hypothesis's; the shorter on a tie. */
function closestLength(length: number, referenceLengths: number[]): number {
  let best = -1;
  for (const r of referenceLengths) {
    if (
      best < 0 ||
      Math.abs(length - r) < Math.abs(length - best) ||
      (Math.abs(length - r) === Math.abs(length - best) && r < best)
    )
      best = r;
  }
  return Math.max(0, best);
}

// N-grams are keyed by their words joined with U+0001 (never inside a 13a token).
const JOIN = '\u0001';

function ngramCounts(tokens: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (let n = 1; n <= MAX_ORDER; n++)
    for (let i = 0; i + n <= tokens.length; i++) {
      const gram = tokens.slice(i, i + n).join(JOIN);
      counts.set(gram, (counts.get(gram) ?? 0) + 1);
    }
  return counts;
}

function gramOrder(gram: string): number {
  let n = 1;
  for (let i = gram.indexOf(JOIN); i >= 0; i = gram.indexOf(JOIN, i + 1)) n++;
  return n;
}
