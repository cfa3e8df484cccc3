/**
 * The use half of the task registry holds together: a task predicts on a selection exactly when its
 * presentation says how (the host and the panel read the presentation, the worker the code), the
 * worker answers every request a task names, and the panels get a view for every kind a task sends.
 */

import { describe, expect, it } from 'vitest';
import { allTasks } from '../../../src/tasks';
import { handlerFor } from '../../../src/worker/inference/handlers';
import '../../../src/worker/inference/predict';
import { OPTION_CONTROLS } from '../../../webview/prediction/tasks/option-controls';
import { outputViewOf } from '../../../webview/gates/tasks';

describe('task use', () => {
  it('a task predicts on a selection exactly when its presentation names the request', () => {
    for (const task of allTasks())
      expect({ task: task.id, predicts: task.use.prediction !== null }).toEqual({
        task: task.id,
        predicts: task.prediction !== null,
      });
  });

  it('the worker answers every prediction request a task names', () => {
    for (const task of allTasks())
      if (task.prediction) expect(handlerFor(task.prediction.request), task.id).toBeTypeOf('function');
  });

  it('the panels have a view for every answer and step output a task sends', () => {
    for (const task of allTasks()) {
      if (task.prediction) expect(OPTION_CONTROLS[task.prediction.answer], task.id).toBeTypeOf('function');
      expect(outputViewOf(task.stepOutput), task.id).toBeDefined();
    }
  });
});
