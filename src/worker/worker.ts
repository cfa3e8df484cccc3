/**
 * The training worker (a worker_threads entry, its own bundle). It describes a dataset as often as the
 * host asks (keeping the last prepared data), then runs one training job on it and turns host messages
 * into TrainingControl calls; every TrainingEvent goes back to the host as it happens. Any error becomes
 * a `describe-failed` answer or a `run-failed` event: the host never sees the worker die silently.
 */

import { parentPort, workerData } from 'node:worker_threads';
import { installWorkerTranslator } from '../protocol/l10n';
import type { HostToWorkerMessage, WorkerToHostMessage } from '../protocol/worker-messages';
import { TrainingControl } from '../train/control';
import {
  describeTrainingData,
  estimateStepTime,
  PreparedDataCache,
  runTrainingJob,
  throttledProgress,
} from './training-job';

const port = parentPort;
if (!port) throw new Error('worker.js must run in a worker thread');

// Messages made here (dataset errors, training warnings) are written in the host's display language.
installWorkerTranslator(workerData);

const control = new TrainingControl();
const cache = new PreparedDataCache();
let started = false;

const post = (message: WorkerToHostMessage) => port.postMessage(message);

port.on('message', (message: HostToWorkerMessage) => {
  switch (message.type) {
    case 'start':
      if (started)
        return post({
          type: 'event',
          event: { type: 'log', level: 'warning', message: 'this worker already runs a training job' },
        });
      started = true;
      void runTrainingJob(message.request, {
        control,
        cache,
        bundleFolder: __dirname,
        emit: (event) => post({ type: 'event', event }),
      }).finally(() => post({ type: 'exit' }));
      return;
    case 'describe':
      if (started) return post({ type: 'describe-failed', message: 'this worker already runs a training job' });
      describeTrainingData(
        message.request,
        cache,
        throttledProgress((bytesRead, totalBytes) => post({ type: 'describe-progress', bytesRead, totalBytes })),
      ).then(
        (description) => post({ type: 'described', description }),
        (error: unknown) =>
          post({ type: 'describe-failed', message: error instanceof Error ? error.message : String(error) }),
      );
      return;
    case 'estimate':
      if (started) return post({ type: 'estimate-failed', message: 'this worker already runs a training job' });
      estimateStepTime(message.request, cache).then(
        (timing) => post({ type: 'estimated', timing }),
        (error: unknown) =>
          post({ type: 'estimate-failed', message: error instanceof Error ? error.message : String(error) }),
      );
      return;
    case 'pause':
      return control.pause();
    case 'resume':
      return control.resume();
    case 'stop':
      return control.stop();
  }
});
