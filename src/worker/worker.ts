/**
 * The training worker (a worker_threads entry, its own bundle). It runs one training job and turns
 * host messages into TrainingControl calls; every TrainingEvent goes back to the host as it happens.
 * Any error becomes a `run-failed` event: the host never sees the worker die silently.
 */

import { join } from 'node:path';
import { parentPort } from 'node:worker_threads';
import { setKernelBackend } from '../engine/kernels/backend';
import type { HostToWorkerMessage, WorkerToHostMessage } from '../protocol/worker-messages';
import type { TrainingEvent } from '../protocol/training-events';
import { TrainingControl } from '../train/control';
import { runTraining } from '../train/trainer';
import { architectureOf, prepareForTraining, prepareResume } from '../train/setup';
import type { StartTrainingRequest } from '../protocol/worker-messages';

const port = parentPort;
if (!port) throw new Error('worker.js must run in a worker thread');

const control = new TrainingControl();
let started = false;

const post = (message: WorkerToHostMessage) => port.postMessage(message);
const emit = (event: TrainingEvent) => post({ type: 'event', event });

port.on('message', (message: HostToWorkerMessage) => {
  switch (message.type) {
    case 'start':
      if (started) return emit({ type: 'log', level: 'warning', message: 'this worker already runs a training job' });
      started = true;
      void train(message.request);
      return;
    case 'describe':
      void describe(message.request);
      return;
    case 'pause':
      return control.pause();
    case 'resume':
      return control.resume();
    case 'stop':
      return control.stop();
  }
});

async function describe(request: Pick<StartTrainingRequest, 'datasetPath' | 'config' | 'dataset'>): Promise<void> {
  try {
    const setup = await prepareForTraining(request.datasetPath, request.config, request.dataset ?? {});
    post({ type: 'described', description: { summary: setup.prepared.summary, config: setup.config, architecture: architectureOf(setup), parameterCount: setup.model.parameterCount() } });
  } catch (error) {
    post({ type: 'describe-failed', message: error instanceof Error ? error.message : String(error) });
  } finally {
    post({ type: 'exit' });
  }
}

async function train(request: StartTrainingRequest): Promise<void> {
  let lastLoading = 0;
  const onProgress = (bytesRead: number, totalBytes: number) => {
    const now = Date.now();
    if (now - lastLoading < 100 && bytesRead < totalBytes) return;
    lastLoading = now;
    emit({ type: 'loading', bytesRead, totalBytes });
  };
  let runDir: string | undefined;
  try {
    const setup = request.resumeRunDir
      ? await prepareResume(request.resumeRunDir, onProgress)
      : { ...(await prepareForTraining(request.datasetPath, request.config, request.dataset ?? {}, onProgress)), resumed: null };
    setKernelBackend(setup.config.kernelBackend); // this thread runs one job: its kernels are the job's
    await runTraining({
      setup,
      runsRoot: request.runsRoot,
      control,
      threadScript: join(__dirname, 'train-thread.js'), // helper threads for config.threads > 1 (same dist folder)
      emit: (event) => {
        if (event.type === 'run-started') runDir = event.runDir;
        emit(event);
      },
    });
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    emit({ type: 'run-failed', message: err.message, runDir, stack: err.stack });
  } finally {
    post({ type: 'exit' });
  }
}
