/**
 * One prediction through the inference worker: the request the model's task names (its presentation's
 * `prediction`), its streamed parts (a classification's answer before its attribution, a
 * continuation's characters) and the times seen from the host — what the user waits for, worker thread
 * and message passing included.
 */

import { basename } from 'node:path';
import type { ContinuationChunk, PredictionAnswer, TransformChunk } from '../protocol/prediction-results';
import type { PredictionModelInfo, PredictionOptions, PredictionTiming } from '../protocol/prediction-panel';
import type { InferenceRequestOf } from '../protocol/inference-messages';
import type { PredictionRequestKind } from '../protocol/task-presentation';
import * as l10n from './l10n';
import { taskWords } from './task-words';
import type { InferenceClient } from '../worker/inference-client';
import { modelName } from './model-picker';

export async function describeModel(inference: InferenceClient, path: string): Promise<PredictionModelInfo> {
  try {
    const loaded = await inference.request({ kind: 'load', checkpointPath: path });
    const task = taskWords(loaded.task);
    return { path, name: modelName(path), taskBadge: task.modelBadge, prediction: task.prediction, ...loaded };
  } catch (error) {
    throw new Error(l10n.t('{0} cannot be used for prediction: {1}', basename(path), (error as Error).message));
  }
}

export interface PredictionCallbacks {
  /** A classification's answer before its attribution is computed. */
  onAnswer?(answer: PredictionAnswer, elapsedMs: number): void;
  /** Characters of a continuation, as they are generated. */
  onChunk?(chunk: ContinuationChunk, elapsedMs: number): void;
  /** A transform's best hypothesis so far, as it is decoded. */
  onTransformChunk?(chunk: TransformChunk, elapsedMs: number): void;
}

/**
 * Rejects with `RequestCancelled` when `signal` aborts (the worker stops at its next check).
 * `forecastSeries`: for a forecaster of several series, the one to forecast (null: the model's choice).
 */
export async function runPrediction(
  inference: InferenceClient,
  model: PredictionModelInfo,
  input: string,
  options: PredictionOptions,
  callbacks: PredictionCallbacks = {},
  signal?: AbortSignal,
  forecastSeries: string | null = null,
): Promise<{ answer: PredictionAnswer; timing: PredictionTiming }> {
  const started = performance.now();
  let firstMs: number | undefined;
  if (!model.prediction)
    throw new Error(
      l10n.t('{0} is {1}, which does not predict on a selection', model.name, taskWords(model.task).modelNoun),
    );
  const request = REQUESTS[model.prediction.request](model.path, input, options, forecastSeries);
  const answer = await inference.request(
    request,
    (partial) => {
      const elapsed = performance.now() - started;
      firstMs ??= elapsed;
      // A continuation streams its characters; an answer that streams (a label before its attribution) has a kind.
      if ('kind' in partial) callbacks.onAnswer?.(partial, elapsed);
      else if ('steps' in partial) callbacks.onChunk?.(partial, elapsed);
      else callbacks.onTransformChunk?.(partial, elapsed);
    },
    signal,
  );
  const roundTripMs = performance.now() - started;
  return { answer, timing: { roundTripMs, ...(firstMs !== undefined ? { firstMs } : {}) } };
}

/** The request for each kind a task's presentation may name, from the panel's options. */
const REQUESTS: {
  [K in PredictionRequestKind]: (
    checkpointPath: string,
    input: string,
    options: PredictionOptions,
    forecastSeries: string | null,
  ) => InferenceRequestOf<K>;
} = {
  classify: (checkpointPath, input, options) => ({
    kind: 'classify',
    checkpointPath,
    text: input,
    attribution: options.attribution,
  }),
  continue: (checkpointPath, input, options) => ({
    kind: 'continue',
    checkpointPath,
    prompt: input,
    length: clamp(options.length, 1, 10_000),
    temperature: options.greedy ? 0 : Math.max(0.01, options.temperature),
    topK: clamp(options.topK, 0, 100_000),
    seed: Math.trunc(options.seed),
  }),
  forecast: (checkpointPath, input, options, forecastSeries) => ({
    kind: 'forecast',
    checkpointPath,
    text: input,
    horizon: clamp(options.horizon, 1, 1000),
    ...(forecastSeries !== null ? { series: forecastSeries } : {}),
  }),
  transform: (checkpointPath, input, options) => ({
    kind: 'transform',
    checkpointPath,
    text: input,
    beam: clamp(options.beam, 1, 64),
    maxLength: clamp(options.maxLength, 1, 1000),
  }),
};

function clamp(x: number, lo: number, hi: number): number {
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, Math.round(x))) : lo;
}
