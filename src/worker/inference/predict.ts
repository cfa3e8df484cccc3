/**
 * Prediction on a selection, in the inference worker: one handler per request kind a task's
 * presentation names (`classify`, `continue`, `forecast`). Each loads the model, checks that its task
 * answers this request, reads the selection the task's way (src/tasks/<task>/selection.ts) and lets the
 * task answer (predict.ts beside it) — or answers a `problem` that says why the model cannot.
 */

import type { Predictor } from '../../inference/predictor';
import type { PredictionAnswer, ProblemAnswer } from '../../protocol/prediction-results';
import type { PredictionRequestKind } from '../../protocol/task-presentation';
import { allTasks, getTask, taskPresentation } from '../../tasks';
import { prepareSelection } from '../../tasks/prepare-selection';
import { problemAnswer, type PredictionContext, type PredictionRequest } from '../../tasks/task-use';
import { registerHandler, type HandlerContext } from './handlers';
import { predictorFor } from './model-cache';

const requestKinds = new Set(allTasks().flatMap((task) => (task.prediction ? [task.prediction.request] : [])));
for (const kind of requestKinds) registerHandler(kind, (request, context) => predict(request, context));

async function predict(request: PredictionRequest, context: HandlerContext): Promise<PredictionAnswer> {
  const startedAt = performance.now();
  const predictor = await predictorFor(request.checkpointPath);
  const task = getTask(predictor.encoder.task);
  if (task.prediction?.request !== request.kind || !task.use.prediction) return wrongTask(predictor, request.kind);
  const prepared = prepareSelection(predictor, selectionOf(request));
  if (!prepared.ok) return problemAnswer(predictor, prepared.problem, prepared.notices);
  const predictionContext: PredictionContext = {
    startedAt,
    partial: context.partial,
    throwIfCancelled: context.throwIfCancelled,
  };
  return task.use.prediction.answer(predictor, prepared.value, request, predictionContext);
}

/** The selected text of a request (a continuation's is its prompt). */
function selectionOf(request: PredictionRequest): string {
  return request.kind === 'continue' ? request.prompt : request.text;
}

function wrongTask(predictor: Predictor, kind: PredictionRequestKind): ProblemAnswer {
  const wanted = allTasks().filter((task) => task.prediction?.request === kind);
  const actual = taskPresentation(predictor.encoder.task);
  const not = wanted.map((task) => task.modelNoun).join(' or ');
  return problemAnswer(
    predictor,
    `this checkpoint is ${actual.modelNoun} (trained on ${predictor.encoder.dataset.file}), not ${not}`,
  );
}
