/**
 * A training job in the calling thread, with the same events and outcome as a TrainingWorkerClient:
 * for tests that train a task registered in the test file (a worker thread would load the bundled
 * registry, without it). It blocks the thread between its yields, so the extension never uses it.
 */

import type { TrainingEvent } from '../protocol/training-events';
import type { StartTrainingRequest } from '../protocol/worker-messages';
import { TrainingControl } from '../train/control';
import type { RunOutcome, TrainingJob } from './client';
import { runTrainingJob } from './training-job';

export function startInProcessJob(request: StartTrainingRequest): TrainingJob {
  const control = new TrainingControl();
  const listeners: ((event: TrainingEvent) => void)[] = [];
  let ended: RunOutcome | null = null;
  let runDir: string | undefined;
  const outcome = (async (): Promise<RunOutcome> => {
    await Promise.resolve(); // let the caller subscribe before the first event
    await runTrainingJob(request, {
      control,
      emit: (event) => {
        if (event.type === 'run-started') runDir = event.runDir;
        if (event.type === 'run-finished') ended ??= { ok: true, summary: event.summary };
        if (event.type === 'run-failed')
          ended ??= { ok: false, message: event.message, runDir: event.runDir ?? runDir };
        for (const listener of listeners) listener(event);
      },
    });
    return ended ?? { ok: false, message: 'the training job ended without a result', runDir };
  })();
  return {
    outcome,
    onEvent: (listener) => void listeners.push(listener),
    pause: () => control.pause(),
    resume: () => control.resume(),
    stop: () => control.stop(),
    terminate: async () => control.stop(),
  };
}
