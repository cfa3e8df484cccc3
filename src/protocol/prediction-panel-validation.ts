/** The host's check of every message from the Prediction panel (types in `prediction-panel.ts`). */

import { boolean, byType, finiteNumber, integer, object, oneOf, string, type Validator } from './message-validation';
import type { SelectionLimit } from './inference-messages';
import type { PredictionOptions, PredictionPanelToHost } from './prediction-panel';

/**
 * The longest input the panel may send. Prompts are run in chunks by the worker, so this bounds only
 * what one message may make the host hold (a 16 Mi-character string is 32 MB).
 */
export const MAX_PREDICTION_INPUT_LENGTH = 16 * 1024 * 1024;

/**
 * What a task reads of a long editor selection unless it says less (`SelectionPrediction.limit`): no
 * more than the panel takes, from the end (what a prompt continues, what a series forecasts from).
 */
export const DEFAULT_SELECTION_LIMIT: SelectionLimit = { characters: MAX_PREDICTION_INPUT_LENGTH, keep: 'end' };

/** The longest series id the panel may name (ids come from a column of the training data). */
export const MAX_SERIES_ID_LENGTH = 1000;

/** The option controls' own ranges (webview/prediction/tasks/option-controls.ts), a little wider. */
export const predictionOptions: Validator<PredictionOptions> = object({
  attribution: oneOf(['integrated-gradients', 'gradient', 'occlusion']),
  length: integer({ min: 1, max: 10_000 }),
  temperature: finiteNumber({ min: 0, max: 100 }),
  topK: integer({ min: 0, max: 100_000 }),
  seed: integer({ min: 0, max: 2 ** 32 - 1 }),
  greedy: boolean(),
  horizon: integer({ min: 1, max: 1000 }),
  beam: integer({ min: 1, max: 64 }),
  maxLength: integer({ min: 1, max: 1000 }),
});

export const predictionPanelMessage: Validator<PredictionPanelToHost> = byType({
  ready: {},
  predict: { input: string({ maxLength: MAX_PREDICTION_INPUT_LENGTH }), options: predictionOptions },
  stop: {},
  'switch-model': {},
  insert: { text: string({ maxLength: MAX_PREDICTION_INPUT_LENGTH }) },
  copy: { text: string({ maxLength: MAX_PREDICTION_INPUT_LENGTH }) },
  'insert-quantiles': {},
  // The host checks it is one of its answer's series; here only that it is a plausible id.
  'forecast-series': { series: string({ maxLength: MAX_SERIES_ID_LENGTH }) },
  // A rank in the n-best list: at most the widest beam the options allow.
  'transform-edit': { edit: oneOf(['replace', 'insert']), candidate: integer({ min: 0, max: 63 }) },
  'open-gates': {},
  'reveal-source': {},
});
