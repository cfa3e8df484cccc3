/**
 * A selection from an editor, checked against the model that will read it, by the model's task: either
 * what to feed the model (with notices about how it was read), or a message that says why the model
 * cannot use it — empty, too short for the window, nothing in the vocabulary, not numbers for a
 * forecaster, or a task that does not predict on a selection.
 */

import { emptySelectionProblem } from '../inference/prepare-selection';
import type { Predictor } from '../inference/predictor';
import type { ClassificationSelection } from './classification/selection';
import type { SeriesSelection } from './forecasting/selection';
import { getTask } from './index';
import type { PromptSelection } from './language-model/selection';
import type { Prepared, PreparedSelectionBase } from './task-use';

export { trainingWindow } from '../inference/prepare-selection';

/** The built-in tasks' selections, which a caller narrows by `task`. */
export type PreparedSelection = ClassificationSelection | PromptSelection | SeriesSelection;

/**
 * `S`: the selection the caller expects — by default one of the built-in tasks'; a caller using a task
 * registered elsewhere names that task's selection type.
 */
export function prepareSelection<S extends PreparedSelectionBase = PreparedSelection>(
  predictor: Predictor,
  text: string,
): Prepared<S> {
  const empty = emptySelectionProblem(text);
  if (empty !== null) return { ok: false, problem: empty, notices: [] };
  const task = getTask(predictor.encoder.task);
  if (!task.use.prediction)
    return { ok: false, problem: `${task.modelNoun} does not predict on a selection`, notices: [] };
  return task.use.prediction.prepare(predictor, text) as Prepared<S>;
}
