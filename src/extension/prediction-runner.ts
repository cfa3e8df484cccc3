/**
 * One prediction through the inference worker: the request that fits the model's task, its streamed
 * parts (a classification's answer before its attribution, a continuation's characters) and the times
 * seen from the host — what the user waits for, worker thread and message passing included.
 */

import { basename } from 'node:path';
import type { ContinuationChunk, PredictionAnswer } from '../protocol/prediction-results';
import type { PredictionModelInfo, PredictionOptions, PredictionTiming } from '../protocol/prediction-panel';
import type { InferenceRequestOf } from '../protocol/inference-messages';
import type { InferenceClient } from '../worker/inference-client';
import { modelName } from './model-picker';

export async function describeModel(inference: InferenceClient, path: string): Promise<PredictionModelInfo> {
  try {
    const loaded = await inference.request({ kind: 'load', checkpointPath: path });
    return { path, name: modelName(path), ...loaded };
  } catch (error) {
    throw new Error(`${basename(path)} cannot be used for prediction: ${(error as Error).message}`);
  }
}

export interface PredictionCallbacks {
  /** A classification's answer before its attribution is computed. */
  onAnswer?(answer: PredictionAnswer, elapsedMs: number): void;
  /** Characters of a continuation, as they are generated. */
  onChunk?(chunk: ContinuationChunk, elapsedMs: number): void;
}

/** Rejects with `RequestCancelled` when `signal` aborts (the worker stops at its next check). */
export async function runPrediction(
  inference: InferenceClient,
  model: PredictionModelInfo,
  input: string,
  options: PredictionOptions,
  callbacks: PredictionCallbacks = {},
  signal?: AbortSignal,
): Promise<{ answer: PredictionAnswer; timing: PredictionTiming }> {
  const started = performance.now();
  let firstMs: number | undefined;
  const request = requestFor(model, input, options);
  const answer = await inference.request(request, (partial) => {
    const elapsed = performance.now() - started;
    firstMs ??= elapsed;
    // A classification streams its answer (it has a kind), a continuation its characters.
    if ('kind' in partial) callbacks.onAnswer?.(partial, elapsed);
    else callbacks.onChunk?.(partial, elapsed);
  }, signal);
  const roundTripMs = performance.now() - started;
  return { answer, timing: { roundTripMs, ...(firstMs !== undefined ? { firstMs } : {}) } };
}

/** The requests a prediction makes, one per task. */
type PredictionRequest = InferenceRequestOf<'classify' | 'continue' | 'forecast'>;

function requestFor(model: PredictionModelInfo, input: string, options: PredictionOptions): PredictionRequest {
  const checkpointPath = model.path;
  switch (model.task) {
    case 'classification':
      return { kind: 'classify', checkpointPath, text: input, attribution: options.attribution };
    case 'language-model':
      return {
        kind: 'continue',
        checkpointPath,
        prompt: input,
        length: clamp(options.length, 1, 10_000),
        temperature: options.greedy ? 0 : Math.max(0.01, options.temperature),
        topK: clamp(options.topK, 0, 100_000),
        seed: Math.trunc(options.seed),
      };
    case 'forecasting':
      return { kind: 'forecast', checkpointPath, text: input, horizon: clamp(options.horizon, 1, 1000) };
  }
}

function clamp(x: number, lo: number, hi: number): number {
  return Number.isFinite(x) ? Math.min(hi, Math.max(lo, Math.round(x))) : lo;
}
