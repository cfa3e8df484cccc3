/**
 * What the inference worker answers to `classify`, `continue` and `forecast` (inference-messages.ts),
 * passed on unchanged by the host to the Prediction panel. Types only: the worker, the host and the
 * webview share them.
 */

import type { TaskId } from './task-id';
import type { AttributionMethod, NumberLayout } from './prediction-inputs';

export type { AttributionMethod, NumberLayout } from './prediction-inputs';

/** Something the user should know about how the model read the input; it did read it. */
export interface PredictionNotice {
  level: 'info' | 'warning';
  message: string;
}

/** A selection the model cannot use, and why (too short, not numbers, nothing it knows, …). */
export interface ProblemAnswer {
  kind: 'problem';
  task: TaskId;
  message: string;
  notices: PredictionNotice[];
}

export interface AnswerToken {
  /** As written in the input. */
  text: string;
  /** As the model read it: the vocabulary's token (lowercased word, mapped character or `<unk>`). */
  token: string;
  /** UTF-16 offsets in the input: `[start, end)`. */
  start: number;
  end: number;
  known: boolean;
}

/** A class chosen for a text, with how the model got there. */
export interface ClassificationAnswer {
  kind: 'label';
  label: string;
  classId: number;
  probabilities: { label: string; probability: number }[];
  tokens: AnswerToken[];
  /** Per token: towards (+) or away from (−) the predicted class. */
  attribution: { method: AttributionMethod; scores: number[] } | null;
  /** True in the partial answer sent before the attribution is computed. */
  attributionPending: boolean;
  /** `reading[t][k]`: probability of class k after reading tokens 0…t. */
  reading: number[][];
  notices: PredictionNotice[];
  /** Time in the worker, model loaded: encode, forward, running probabilities. */
  computeMs: number;
  /** Time of the attribution alone, in the worker. */
  attributionMs?: number;
}

export interface ContinuationStep {
  char: string;
  /** The five most likely characters at this step, before sampling. */
  top: { char: string; probability: number }[];
}

/** A streamed piece of a continuation (the `partial` of a `continue` request). */
export interface ContinuationChunk {
  steps: ContinuationStep[];
  /** Milliseconds from the request reaching the worker to the first character (first chunk only). */
  firstCharMs?: number;
}

/** Text generated after a prompt. */
export interface ContinuationAnswer {
  kind: 'continuation';
  /** The prompt as the model read it (unknown characters mapped). */
  promptRead: string;
  text: string;
  steps: ContinuationStep[];
  notices: PredictionNotice[];
  firstCharMs: number;
  computeMs: number;
}

/** Values forecast after a selected series. */
export interface ForecastAnswer {
  kind: 'forecast';
  /** The model's feature columns (the history's columns) and target columns (the forecast's). */
  features: string[];
  targets: string[];
  /** Every row selected, in the features' order and the data's units. */
  history: number[][];
  /** `[step][target]`. */
  values: number[][];
  /** Rows the model read (its window: the last rows of the history). */
  windowRows: number;
  /** The selection's layout, and the values formatted in it, ready to insert after the selection. */
  layout: NumberLayout;
  insertText: string;
  /**
   * A model with a predictive distribution (`--distribution gaussian|quantile`): the quantiles of every
   * forecast value, `values[step][target][q]` at `levels[q]` (ascending, e.g. 0.1, 0.5, 0.9); `values`
   * above is then the median. Absent for a point forecaster.
   */
  quantiles?: { levels: number[]; values: number[][][] };
  /** The central interval drawn as a band (nominal `level`, 0.8 = 10 %–90 %), `[step][target]`. */
  interval?: { level: number; lower: number[][]; upper: number[][] };
  /** Every quantile formatted in the selection's layout (a column per quantile), for *Insert quantiles*. */
  quantileInsertText?: string;
  /** A model trained on several series: the series forecast, the column naming it, and the series the selection holds rows of (what the picker offers). */
  series?: { column: string; id: string; ids: string[] };
  notices: PredictionNotice[];
  computeMs: number;
}

/** One hypothesis of a sequence-to-sequence decode. */
export interface TransformCandidate {
  output: string;
  tokens: string[];
  /** Log-probability of the tokens and `<eos>`, divided by the length penalty (beam search's ranking). */
  score: number;
}

/** A streamed piece of a transform: the best hypothesis so far (greedy: one more token each time). */
export interface TransformChunk {
  tokens: string[];
  /** Milliseconds from the request reaching the worker to the first token (first chunk only). */
  firstTokenMs?: number;
}

/** A text turned into another by a sequence-to-sequence model (translated, normalised, …). */
export interface TransformAnswer {
  kind: 'transform';
  /** The source as the model read it, token by token (offsets into the selection). */
  sourceTokens: AnswerToken[];
  /** The best output, detokenised (words joined by spaces, characters as they are). */
  output: string;
  outputTokens: string[];
  /** Every hypothesis kept, best first (one with greedy decoding). */
  nbest: TransformCandidate[];
  /** `attention[i][j]`: weight of source token j when output token i (then `<eos>`) was chosen; null without attention. */
  attention: number[][] | null;
  /** Beam width used (1 = greedy). */
  beam: number;
  notices: PredictionNotice[];
  firstTokenMs: number;
  computeMs: number;
}

export type PredictionAnswer =
  ProblemAnswer | ClassificationAnswer | ContinuationAnswer | ForecastAnswer | TransformAnswer;

/** What a prediction answers, which is also the Prediction panel's view that shows it. */
export type PredictionAnswerKind = Exclude<PredictionAnswer['kind'], 'problem'>;

/** How strongly a token is highlighted, by its |score| relative to the largest one. */
export type AttributionLevel = 'strong' | 'medium' | 'weak';

/**
 * The one rule for highlighting attributions, shared by the editor decorations (host) and the panel
 * (webview) so both show the same tokens the same way: ≥ 60 % of the largest |score| strong, ≥ 30 %
 * medium, ≥ 10 % weak, below that none.
 */
export function attributionLevel(score: number, maxAbs: number): AttributionLevel | null {
  const r = maxAbs > 0 ? Math.abs(score) / maxAbs : 0;
  return r >= 0.6 ? 'strong' : r >= 0.3 ? 'medium' : r >= 0.1 ? 'weak' : null;
}
