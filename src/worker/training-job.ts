/**
 * One training job, wherever it runs (the worker thread, or in-process for tests): describe the dataset
 * (detect, prepare, size the model) and train, emitting TrainingEvents. The prepared data of the last
 * description is kept, so *Train LSTM on This Dataset* reads and prepares a file once: the worker that
 * described it trains on the same arrays when the user starts (unless a choice changed the data).
 */

import { join } from 'node:path';
import { setKernelBackend } from '../engine/kernels/backend';
import type { PreparedDataset } from '../data/prepare';
import type { TrainingEvent } from '../protocol/training-events';
import { previewDataset } from '../data/dataset-preview';
import type { DatasetDescription, StartTrainingRequest, StepTiming } from '../protocol/worker-messages';
import type { TrainingControl } from '../train/control';
import {
  architectureOf,
  prepareResume,
  prepareTrainingData,
  setupForPreparedData,
  trainingDataOptions,
} from '../train/setup';
import { runTraining } from '../train/trainer';
import { timeTrainingSteps } from './step-timing';

type DataRequest = Pick<StartTrainingRequest, 'datasetPath' | 'config' | 'dataset'>;
type OnProgress = (bytesRead: number, totalBytes: number) => void;

/** The prepared data of the last description, and what it was prepared from. */
export class PreparedDataCache {
  private entry: { key: string; prepared: PreparedDataset } | null = null;
  async get(request: DataRequest, onProgress?: OnProgress): Promise<PreparedDataset> {
    const key = dataKey(request);
    if (this.entry?.key === key) return this.entry.prepared;
    this.entry = null; // a large dataset is not held twice while the next one is read
    const prepared = await prepareTrainingData(request.datasetPath, request.config, request.dataset ?? {}, onProgress);
    this.entry = { key, prepared };
    return prepared;
  }

  clear(): void {
    this.entry = null;
  }
}

/** Equal keys ⇒ equal prepared data: the file, the dataset overrides and the config fields that shape the data. */
function dataKey(request: DataRequest): string {
  return JSON.stringify([request.datasetPath, request.dataset ?? {}, trainingDataOptions(request.config)]);
}

/**
 * The dataset as the Train command and the New Training Run form show it: task, columns, split, the
 * preset's config, the model's size and the file's first rows as parsed.
 */
export async function describeTrainingData(
  request: DataRequest,
  cache: PreparedDataCache,
  onProgress?: OnProgress,
): Promise<DatasetDescription> {
  const prepared = await cache.get(request, onProgress);
  const setup = setupForPreparedData(request.datasetPath, request.dataset ?? {}, prepared, request.config);
  const { fileFormat, columns } = prepared.summary;
  return {
    summary: prepared.summary,
    config: setup.config,
    architecture: architectureOf(setup),
    parameterCount: setup.model.parameterCount(),
    // A folder of recordings has no rows to show (its summary names the layout and the labels).
    preview:
      fileFormat === 'audio'
        ? undefined
        : await previewDataset(request.datasetPath, fileFormat, columns.headerless === true),
  };
}

/** Times a few training steps of the described run (the data prepared once, as for a description). */
export async function estimateStepTime(request: DataRequest, cache: PreparedDataCache): Promise<StepTiming> {
  const prepared = await cache.get(request);
  return timeTrainingSteps(request.datasetPath, request.dataset ?? {}, prepared, request.config);
}

export interface TrainingJobOptions {
  control: TrainingControl;
  emit: (event: TrainingEvent) => void;
  /** The folder of the `train-thread.js` bundle (helper threads for config.threads > 1), if any. */
  bundleFolder?: string;
  /** Data kept from a description in the same thread. */
  cache?: PreparedDataCache;
}

/** Reading progress passed on at most ten times a second (and always the last report). */
export function throttledProgress(report: OnProgress): OnProgress {
  let last = 0;
  return (bytesRead, totalBytes) => {
    const now = Date.now();
    if (now - last < 100 && bytesRead < totalBytes) return;
    last = now;
    report(bytesRead, totalBytes);
  };
}

/** Trains (or resumes) one run; every failure becomes a `run-failed` event. */
export async function runTrainingJob(request: StartTrainingRequest, options: TrainingJobOptions): Promise<void> {
  const { emit, control } = options;
  const cache = options.cache ?? new PreparedDataCache();
  const onProgress = throttledProgress((bytesRead, totalBytes) => emit({ type: 'loading', bytesRead, totalBytes }));
  let runDir: string | undefined;
  try {
    const setup = request.resumeRunDir
      ? await prepareResume(request.resumeRunDir, onProgress, request.config)
      : {
          ...setupForPreparedData(
            request.datasetPath,
            request.dataset ?? {},
            await cache.get(request, onProgress),
            request.config,
          ),
          resumed: null,
        };
    cache.clear(); // the run holds the data now; the cache would keep it after the run ends
    setKernelBackend(setup.config.kernelBackend); // this thread runs one job: its kernels are the job's
    await runTraining({
      setup,
      runsRoot: request.runsRoot,
      control,
      threadScript: options.bundleFolder ? join(options.bundleFolder, 'train-thread.js') : undefined,
      sweep: request.sweep,
      emit: (event) => {
        if (event.type === 'run-started') runDir = event.runDir;
        emit(event);
      },
    });
  } catch (error) {
    const err = error instanceof Error ? error : new Error(String(error));
    emit({ type: 'run-failed', message: err.message, runDir, stack: err.stack });
  }
}
