/**
 * The training loop: epochs of batches, validation, metrics, checkpoints, early stopping, divergence
 * detection, pause/resume/stop. It reports through `emit` and knows nothing of who listens (the worker
 * forwards to the extension, the CLI prints). Checkpoints and the run folder are written here.
 */

import { join } from 'node:path';
import { learningRateAt } from '../engine/schedule';
import type { EvaluationRecord, RunStatus, RunSummary, StepRecord, TrainingEvent } from '../protocol/training-events';
import type { TrainingControl } from './control';
import { evaluate, type Metrics } from './evaluate';
import { loadModelCheckpoint, saveModelCheckpoint } from './model-checkpoint';
import { createRunFolder, MetricsLog, writeManifest, type RunManifest } from './run-directory';
import { architectureOf, type TrainerPosition, type TrainingHistory, type TrainingSetup } from './setup';
import { createStepRunner, type StepRunner } from './step-runner';

export interface TrainerOptions {
  setup: TrainingSetup;
  /** Folder receiving new run folders (ignored when resuming: the run keeps its folder). */
  runsRoot: string;
  emit: (event: TrainingEvent) => void;
  control: TrainingControl;
  /** Minimum milliseconds between progress events. Default 100 (≤ 10 a second). */
  progressIntervalMs?: number;
  /**
   * The `train-thread` bundle, for training on more than one thread (`config.threads`). Without it an
   * automatic thread count means one thread.
   */
  threadScript?: string;
}

const YIELD_EVERY_MS = 25;

export async function runTraining(options: TrainerOptions): Promise<RunSummary> {
  const { model, optimizer, config } = options.setup;
  const runner = await createStepRunner(model, optimizer, { threads: config.threads, threadScript: options.threadScript });
  try {
    return await train(options, runner);
  } finally {
    await runner.close();
  }
}

async function train(options: TrainerOptions, runner: StepRunner): Promise<RunSummary> {
  const { setup, emit, control } = options;
  const { config, model, optimizer, prepared, dataRng, dropoutRng } = setup;
  const progressInterval = options.progressIntervalMs ?? 100;

  const batcher = prepared.makeTrainBatcher(config.batchSize, config.seqLen, dataRng);
  const validation = prepared.makeValidationBatches(config.batchSize, config.seqLen);
  const stepsPerEpoch = batcher.batchesPerEpoch;
  const plannedSteps = config.epochs * stepsPerEpoch;
  const totalSteps = config.maxSteps > 0 ? Math.min(config.maxSteps, plannedSteps) : plannedSteps;
  const targetStd = prepared.checkpoint.normalization
    ? (prepared.checkpoint.dataset.columns.targets ?? []).map((name) => {
        const norm = prepared.checkpoint.normalization!;
        return norm.std[norm.columns.indexOf(name)] ?? 1;
      })
    : undefined;
  const evaluationContext = { task: prepared.task, targetStd };

  const resumed = setup.resumed;
  const position: TrainerPosition = resumed?.position ?? {
    epoch: 0,
    batchInEpoch: 0,
    step: 0,
    epochStartDataRng: dataRng.getState(),
    dropoutRng: dropoutRng.getState(),
    epochLossSum: 0,
    epochLossCount: 0,
    elapsedSeconds: 0,
    best: null,
    evaluationsSinceBest: 0,
  };
  const history: TrainingHistory = resumed?.history ?? { evaluations: [], epochs: [] };
  const runDir = resumed?.runDir ?? (await createRunFolder(options.runsRoot, new Date(), setup.datasetPath));
  const metricsLog = resumed ? await MetricsLog.reopen(runDir, position.step) : await MetricsLog.create(runDir);
  const now = new Date().toISOString();
  const manifest: RunManifest = {
    ...(resumed?.manifest ?? {
      format: 'lstm-studio-run/1',
      id: runDir.split(/[\\/]/).pop()!,
      created: now,
      dataset: {
        path: setup.datasetPath,
        name: prepared.summary.file,
        fingerprint: prepared.fingerprint,
        summary: prepared.summary,
        overrides: setup.datasetOverrides,
      },
      config,
      model: setup.modelConfig,
      architecture: architectureOf(setup),
      parameterCount: model.parameterCount(),
      best: null,
      final: null,
    }),
    status: 'running',
    updated: now,
    step: position.step,
    epoch: position.epoch,
    totalSteps,
    elapsedSeconds: position.elapsedSeconds,
    threads: runner.threads,
  };
  delete manifest.message;
  await writeManifest(runDir, manifest);

  emit({
    type: 'run-started',
    runDir,
    runId: manifest.id,
    dataset: prepared.summary,
    config,
    model: setup.modelConfig,
    architecture: manifest.architecture,
    parameterCount: manifest.parameterCount,
    stepsPerEpoch,
    totalSteps,
    startStep: position.step,
    resumed: resumed !== null,
    threads: runner.threads,
  });

  // Wall time excludes pauses: a clock that only runs while training.
  let clockStart = performance.now();
  const elapsed = () => position.elapsedSeconds + (performance.now() - clockStart) / 1000;
  const sessionStartStep = position.step;
  const sessionStartTime = elapsed();
  let pendingSteps: StepRecord[] = [];
  let lastProgress = 0;
  let lastYield = performance.now();
  let lastCheckpoint = performance.now();
  let samplesThisSession = 0;

  const checkpointMetadata = (withTrainer: boolean) => ({
    config: setup.modelConfig,
    vocab: prepared.checkpoint.vocab ?? undefined,
    normalization: prepared.checkpoint.normalization ?? undefined,
    dataset: prepared.checkpoint.dataset,
    history,
    step: position.step,
    epoch: position.epoch,
    seed: config.seed,
    created: new Date().toISOString(),
    extra: {
      training: JSON.stringify(config),
      ...(withTrainer ? { trainer: JSON.stringify({ ...position, dropoutRng: dropoutRng.getState(), elapsedSeconds: elapsed() }) } : {}),
    },
  });

  const saveLast = async () => {
    const path = join(runDir, 'last.safetensors');
    await saveModelCheckpoint(path, model, { metadata: checkpointMetadata(true), optimizer });
    lastCheckpoint = performance.now();
    emit({ type: 'checkpoint-saved', kind: 'last', path, step: position.step });
  };

  const updateManifest = async (status: RunStatus, extra: Partial<RunManifest> = {}) => {
    Object.assign(manifest, { status, updated: new Date().toISOString(), step: position.step, epoch: position.epoch, elapsedSeconds: elapsed(), best: position.best }, extra);
    await writeManifest(runDir, manifest);
  };

  const flushProgress = async (force: boolean) => {
    const t = performance.now();
    if (!force && t - lastProgress < progressInterval) return;
    if (pendingSteps.length === 0 && !force) return;
    lastProgress = t;
    const seconds = elapsed() - sessionStartTime;
    const done = position.step - sessionStartStep;
    emit({
      type: 'progress',
      step: position.step,
      epoch: position.epoch,
      epochProgress: Math.min(1, position.batchInEpoch / stepsPerEpoch),
      totalSteps,
      samplesPerSecond: seconds > 0 ? samplesThisSession / seconds : 0,
      elapsedSeconds: elapsed(),
      remainingSeconds: done > 0 ? ((totalSteps - position.step) * seconds) / done : null,
      steps: pendingSteps,
    });
    pendingSteps = [];
    await metricsLog.flush();
  };

  /** Validates; saves best.safetensors on a new best. Returns the metrics. */
  const runEvaluation = async (): Promise<Metrics | null> => {
    if (validation.length === 0) return null;
    const metrics = evaluate(model, validation, evaluationContext);
    const record: EvaluationRecord = { step: position.step, epoch: position.epoch, time: elapsed(), metrics };
    history.evaluations.push(record);
    metricsLog.addEvaluation(record);
    const isBest = Number.isFinite(metrics.loss) && (position.best === null || metrics.loss < position.best.metrics.loss - config.minDelta);
    if (isBest) {
      position.best = record;
      position.evaluationsSinceBest = 0;
      const path = join(runDir, 'best.safetensors');
      await saveModelCheckpoint(path, model, { metadata: checkpointMetadata(false) });
      emit({ type: 'checkpoint-saved', kind: 'best', path, step: position.step });
    } else {
      position.evaluationsSinceBest++;
    }
    emit({ type: 'evaluation', record, isBest });
    return metrics;
  };

  const finish = async (status: RunStatus, reason?: string): Promise<RunSummary> => {
    await flushProgress(true);
    let final: Metrics | null = null;
    if (status === 'finished' && reason?.startsWith('early stopping') && config.restoreBest && position.best) {
      // Put the best weights back (they are in best.safetensors) so `final` and last describe them.
      const best = await loadModelCheckpoint(join(runDir, 'best.safetensors'));
      const ours = model.parameters();
      best.model.parameters().forEach((p, i) => ours[i].value.set(p.value));
    }
    if (status !== 'failed' && validation.length > 0) final = evaluate(model, validation, evaluationContext);
    // A diverged step never reaches the optimizer, so the weights are still the last good ones — unless
    // an earlier update overflowed them; then the previous last.safetensors is the one to keep.
    if (status !== 'failed' || model.parameters().every((p) => p.value.every(Number.isFinite))) await saveLast();
    await metricsLog.flush();
    await updateManifest(status, { final, ...(reason ? { message: reason } : {}) });
    emit({ type: 'status', status, message: reason });
    const summary: RunSummary = { runDir, status, steps: position.step, epochs: position.epoch, seconds: elapsed(), final, best: position.best, reason };
    emit({ type: 'run-finished', summary });
    return summary;
  };

  let continuingEpoch = resumed !== null && position.batchInEpoch > 0;
  if (resumed) {
    // Rewind the data generator to where the epoch in progress began (after the batcher was built, in
    // case building it drew numbers), then replay that epoch's order up to where the run stopped.
    dataRng.setState(position.epochStartDataRng);
    if (continuingEpoch) {
      batcher.startEpoch();
      for (let k = 0; k < position.batchInEpoch; k++) batcher.nextBatch();
    }
  }

  while (position.epoch < config.epochs && position.step < totalSteps) {
    if (continuingEpoch) continuingEpoch = false;
    else {
      position.epochStartDataRng = dataRng.getState();
      position.batchInEpoch = 0;
      position.epochLossSum = 0;
      position.epochLossCount = 0;
      batcher.startEpoch();
    }
    for (let batch = batcher.nextBatch(); batch !== null; batch = batcher.nextBatch()) {
      optimizer.lr = learningRateAt(scheduleOf(config, totalSteps), config.lr, position.step, config.warmupSteps);
      const { loss, gradNorm } = runner.step(batch, { clipNorm: config.clipNorm, rng: dropoutRng });
      if (!Number.isFinite(loss) || !Number.isFinite(gradNorm)) {
        const what = !Number.isFinite(loss) ? `the loss became ${loss}` : `the gradient norm became ${gradNorm}`;
        return finish('failed', `training diverged at step ${position.step + 1}: ${what}. The last good weights are kept in last.safetensors; try a lower learning rate (now ${config.lr}) or gradient clipping.`);
      }
      position.step++;
      position.batchInEpoch++;
      position.epochLossSum += loss;
      position.epochLossCount++;
      samplesThisSession += batch.batchSize;
      const record: StepRecord = { step: position.step, epoch: position.epoch, time: elapsed(), loss, lr: optimizer.lr, gradNorm };
      pendingSteps.push(record);
      metricsLog.addStep(record);

      if (config.validateEverySteps > 0 && position.step % config.validateEverySteps === 0 && position.batchInEpoch < stepsPerEpoch) {
        await flushProgress(true);
        await runEvaluation();
      }
      await flushProgress(false);
      if (performance.now() - lastCheckpoint > config.checkpointEverySeconds * 1000) await saveLast();
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      if (control.paused && !control.stopRequested) {
        await flushProgress(true);
        await saveLast();
        await updateManifest('paused');
        emit({ type: 'status', status: 'paused' });
        position.elapsedSeconds = elapsed();
        await control.waitWhilePaused();
        clockStart = performance.now();
        if (!control.stopRequested) {
          await updateManifest('running');
          emit({ type: 'status', status: 'running' });
        }
      }
      if (control.stopRequested) return finish('stopped', `stopped by the user at step ${position.step}`);
      if (position.step >= totalSteps) break;
    }
    if (position.batchInEpoch < stepsPerEpoch) break; // step limit reached mid-epoch
    const trainLoss = position.epochLossSum / Math.max(1, position.epochLossCount);
    await flushProgress(true);
    const validationMetrics = await runEvaluation();
    history.epochs.push({ epoch: position.epoch, step: position.step, trainLoss });
    emit({ type: 'epoch-end', epoch: position.epoch, step: position.step, trainLoss, validation: validationMetrics });
    position.epoch++;
    position.batchInEpoch = 0;
    position.epochStartDataRng = dataRng.getState();
    await saveLast();
    await updateManifest('running');
    if (config.patience > 0 && position.evaluationsSinceBest >= config.patience) {
      return finish('finished', `early stopping: no improvement of the validation loss for ${config.patience} evaluations (best at step ${position.best?.step})`);
    }
  }
  return finish('finished');
}

function scheduleOf(config: { schedule: 'constant' | 'step' | 'cosine' }, totalSteps: number) {
  switch (config.schedule) {
    case 'constant':
      return { kind: 'constant' } as const;
    case 'step':
      return { kind: 'step', stepSize: Math.max(1, Math.round(totalSteps / 3)), gamma: 0.1 } as const;
    case 'cosine':
      return { kind: 'cosine', totalSteps } as const;
  }
}

function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}
