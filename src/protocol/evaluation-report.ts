/**
 * What a model gets wrong, over a whole evaluated set — the numbers behind `lstm-studio eval --report
 * report.json` (and, later, the Evaluate view): one definition per kind of model.
 */

/** A classifier's report. Rows of `confusionMatrix` are the actual class, columns the predicted one, both in `labels` order. */
export interface ClassifierReport {
  kind: 'classifier';
  labels: string[];
  confusionMatrix: number[][];
  /** Precision, recall and F1 of each class in `labels` order; a class never predicted has precision 0 (as scikit-learn's `zero_division=0`). */
  perClass: ClassScores[];
  accuracy: number;
  /** Macro averages over the classes (each class counts once). */
  macro: { precision: number; recall: number; f1: number };
  /** Expected calibration error over `reliability`'s bins: Σ (count/N)·|accuracy − confidence|. */
  ece: number;
  /** The reliability diagram: equal-width bins of the predicted class's probability. */
  reliability: ReliabilityBin[];
  /** The misclassified examples, most confident first (at most `MAX_LISTED_EXAMPLES`). */
  misclassified: MisclassifiedExample[];
  /** Examples scored. */
  examples: number;
}

export interface ClassScores {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Examples whose actual class this is. */
  support: number;
}

export interface ReliabilityBin {
  /** The bin is [lower, upper) of the predicted class's probability (the last bin includes 1). */
  lower: number;
  upper: number;
  count: number;
  /** Mean probability of the predicted class in the bin (0 when empty). */
  confidence: number;
  /** Share of the bin's examples predicted right (0 when empty). */
  accuracy: number;
}

export interface MisclassifiedExample {
  /** 0-based position in the evaluated set (the file's order of the examples read). */
  index: number;
  actual: string;
  predicted: string;
  /** Probability the model gave the predicted class. */
  confidence: number;
  /** The example as the model read it (its tokens, truncated to the model's length), when it is text. */
  text?: string;
}

/** A language model's report: where it is surprised. */
export interface LanguageModelReport {
  kind: 'language-model';
  /** Characters (or tokens) scored, and their mean loss in nats. */
  tokens: number;
  meanLoss: number;
  /** The highest-loss positions, worst first, each with the text before it (at most `MAX_LISTED_EXAMPLES`). */
  worstContexts: SurprisingToken[];
  /** Mean loss per token of the vocabulary that occurs, the hardest first (at most `MAX_LISTED_EXAMPLES`). */
  hardestTokens: Array<{ token: string; count: number; meanLoss: number }>;
}

export interface SurprisingToken {
  /** 0-based index of the token among those scored. */
  index: number;
  /** The text before it (up to `CONTEXT_TOKENS` tokens) and the token itself. */
  context: string;
  token: string;
  /** −ln p(token | context) in nats, and the model's most likely token there. */
  loss: number;
  expected: string;
}

/** A forecaster's report: its errors over the evaluated windows (actual − forecast, in the data's units). */
export interface ForecastReport {
  kind: 'forecaster';
  targets: string[];
  /** Per target: per horizon step (1 = next row) mean error (bias) and mean absolute error. */
  byHorizon: Array<{ target: string; meanError: number[]; meanAbsoluteError: number[] }>;
  /** Per target: a histogram of the one-step-ahead residuals. */
  residualHistogram: Array<{ target: string; lower: number; width: number; counts: number[] }>;
  /** Windows scored. */
  windows: number;
}

export type EvaluationReport = ClassifierReport | LanguageModelReport | ForecastReport;

/** The most examples a report lists (misclassified examples, worst contexts). */
export const MAX_LISTED_EXAMPLES = 200;

/** Tokens of text shown before a surprising token. */
export const CONTEXT_TOKENS = 40;

/** Bins of the reliability diagram (Guo et al. 2017, "On Calibration of Modern Neural Networks", use 15). */
export const RELIABILITY_BINS = 15;
