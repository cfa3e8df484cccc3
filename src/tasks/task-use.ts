/**
 * The half of a task definition that uses a trained model (see types.ts): prediction on an editor
 * selection (read the selection, answer the worker's request), the model's output at every step of a
 * gate recording, and what `lstm-studio predict` prints. What the panels show is data in the task's
 * presentation (`prediction`, `stepOutput`), so the host and the webviews never need this code.
 */

import type { StepOutputsOf } from '../inference/gate-recording';
import type { AudioRecognition, CtcAlignment } from '../protocol/audio-view';
import type { Predictor } from '../inference/predictor';
import type { InferenceRequest, SelectionLimit } from '../protocol/inference-messages';
import type { PredictionAnswer, PredictionNotice, ProblemAnswer } from '../protocol/prediction-results';
import type { PredictionRequestKind, TaskPresentation } from '../protocol/task-presentation';
import { taskPresentation } from './presentations';

/** A selection checked against the model: what to feed it, or why it cannot (with what was noticed). */
export type Prepared<T> = { ok: true; value: T } | { ok: false; problem: string; notices: PredictionNotice[] };

/** What every task's prepared selection carries. */
export interface PreparedSelectionBase {
  notices: PredictionNotice[];
}

export type PredictionRequest = Extract<InferenceRequest, { kind: PredictionRequestKind }>;

/** What a prediction may do while it runs: stream partial answers, stop when the host cancels. */
export interface PredictionContext {
  /** `performance.now()` when the request reached the worker (before the model was loaded). */
  startedAt: number;
  partial(value: unknown): void;
  /** Throws once the host has cancelled the request; long loops call it between steps. */
  throwIfCancelled(): void;
}

/** Prediction on an editor selection; the request it answers is named in the task's presentation. */
export interface SelectionPrediction<P extends PreparedSelectionBase = PreparedSelectionBase> {
  /** Reads a selection for this task's model (the selection is not empty: checked before). */
  prepare(predictor: Predictor, text: string): Prepared<P>;
  /**
   * The most of a selection the model can use; the host reads only that range of the document.
   * Omitted: `DEFAULT_SELECTION_LIMIT` (protocol/prediction-panel-validation.ts), the last characters of what the Prediction panel takes.
   */
  limit?(predictor: Predictor): SelectionLimit;
  /**
   * Answers the presentation's request on a prepared selection. `request` is always of that kind;
   * a task narrows it with `requestOf`.
   */
  answer(
    predictor: Predictor,
    prepared: P,
    request: PredictionRequest,
    context: PredictionContext,
  ): Promise<PredictionAnswer> | PredictionAnswer;
}

/** `lstm-studio predict`'s options, for every task (each reads its own). */
export interface CliPredictOptions {
  length: number;
  temperature: number;
  topK: number;
  seed: number;
  horizon?: number;
  /** Sequence to sequence: beam width (1 = greedy) and the most output tokens. */
  beam?: number;
  maxLength?: number;
}

export interface TaskUse {
  /** Null when the task cannot predict on a selection (its presentation's `prediction` is null too). */
  prediction: SelectionPrediction | null;
  /** The model's output beside the maps at every recorded step. */
  gateOutputs: StepOutputsOf;
  /** `lstm-studio predict`: runs the model on `input` and gives the JSON object and the text to print. */
  cliPredict(predictor: Predictor, input: string, options: CliPredictOptions): { json: object; text: string };
  /** A task whose model hears recordings: what it makes of one (`lstm-studio predict --audio`, the Audio view). */
  audio?: AudioTaskUse;
}

/** The audio half of a task's use (see TaskUse.audio). */
export interface AudioTaskUse {
  /**
   * One recording's model steps: `features` `[steps, D]`, normalised and stacked as the checkpoint's
   * `dataset.audio` says (src/data/audio/model-input.ts `modelSteps`, settings from `storedAudioOf`).
   * `beam`: speech to text's beam width (1 = greedy); a classifier ignores it.
   */
  recognize(
    predictor: Predictor,
    features: Float32Array,
    steps: number,
    options: { beam: number },
  ): { recognition: AudioRecognition; alignment: CtcAlignment | null };
}

/** Throws, naming both, when the predictor's model is not of the task `wanted`. */
export function requireTask(predictor: Predictor, wanted: TaskPresentation): void {
  const actual = predictor.encoder.task;
  if (actual !== wanted.id)
    throw new Error(`this checkpoint is ${taskPresentation(actual).modelNoun}, not ${wanted.modelNoun}`);
}

/** The request narrowed to the kind a task answers (the worker dispatches by the task's presentation). */
export function requestOf<K extends PredictionRequestKind>(
  request: PredictionRequest,
  kind: K,
): Extract<PredictionRequest, { kind: K }> {
  if (request.kind !== kind) throw new Error(`expected a '${kind}' request, got '${request.kind}'`);
  return request as Extract<PredictionRequest, { kind: K }>;
}

export function problemAnswer(predictor: Predictor, message: string, notices: PredictionNotice[] = []): ProblemAnswer {
  return { kind: 'problem', task: predictor.encoder.task, message, notices };
}
