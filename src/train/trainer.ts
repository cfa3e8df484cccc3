/**
 * The training loop: epochs of batches, validation, metrics, checkpoints, early stopping, divergence
 * detection, pause/resume/stop. It reports through `emit` and knows nothing of who listens (the worker
 * forwards to the extension, the CLI prints). Checkpoints and the run folder are written here.
 */

import { learningRateAt, teacherForcingAt } from '../engine/schedule';
import { Vocabulary } from '../data/vocabulary';
import type { DatasetMetadata } from '../data/dataset-metadata';
import { getTask } from '../tasks';
import type { EvaluationContext, StoredEncoding } from '../tasks/task-training';
import type { SweepMembership } from '../protocol/sweep';
import type { BacktestOrigin } from '../protocol/run-records';
import type { EvaluationRecord, RunStatus, RunSummary, StepRecord, TrainingEvent } from '../protocol/training-events';
import { earlyStoppingReason, recordEvaluation } from './best-tracking';
import { CheckpointTimer } from './checkpoint-timer';
import type { TrainingControl } from './control';
import { divergenceReason, explosionReason, noteStepLoss, recordExplosion, weightsSuspect } from './divergence';
import { advanceEpoch, beginEpoch, countStep, epochTrainLoss, rewindForResume } from './epoch-order';
import { calibrationWindows, runBacktest } from './backtest';
import { evaluateWithExamples, type Metrics } from './evaluate';
import { holdWhilePaused, stopReason } from './pause-handling';
import { ProgressThrottle, progressEvent, type SessionCounters } from './progress-throttle';
import { RunRecord } from './run-record';
import type { TrainerPosition, TrainingSetup } from './setup';
import { createStepRunner, type StepRunner } from './step-runner';
import { TrainingClock } from './training-clock';
import { openTrainingData, stepCarryingState } from './training-data';

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
  /** The sweep this run is a trial of (run.json `sweep`). */
  sweep?: SweepMembership;
}

const YIELD_EVERY_MS = 25;

export async function runTraining(options: TrainerOptions): Promise<RunSummary> {
  const { model, optimizer, config } = options.setup;
  const runner = await createStepRunner(model, optimizer, {
    threads: config.threads,
    threadScript: options.threadScript,
  });
  let record: RunRecord | null = null;
  try {
    return await train(options, runner, (opened) => (record = opened));
  } catch (error) {
    if (record === null) throw error;
    // A failed write (a full disk, an I/O error): say which file, and leave run.json saying `failed`
    // rather than `running` when it can still be written.
    const message = runFailureMessage(error);
    await (record as RunRecord).update('failed', { message }).catch(() => undefined);
    throw Object.assign(new Error(message), { stack: (error as Error).stack });
  } finally {
    await runner.close();
  }
}

/** One line naming the file when the failure was a file system call's (Node puts the path on the error). */
export function runFailureMessage(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e?.code && e.path) return `${e.path}: could not ${e.syscall ?? 'write'} it (${e.code}); the run stopped`;
  return e instanceof Error ? e.message : String(error);
}

async function train(
  options: TrainerOptions,
  runner: StepRunner,
  opened: (record: RunRecord) => void,
): Promise<RunSummary> {
  const { setup, emit, control } = options;
  const { config, model, optimizer, prepared, dataRng, dropoutRng, carriedState } = setup;

  const { batcher, validation, validationState } = openTrainingData(setup);
  const stepsPerEpoch = batcher.batchesPerEpoch;
  const plannedSteps = config.epochs * stepsPerEpoch;
  const totalSteps = config.maxSteps > 0 ? Math.min(config.maxSteps, plannedSteps) : plannedSteps;
  const evaluationContext = { task: prepared.task, targetStd: targetStdOf(setup), stored: storedEncodingOf(setup) };

  const resumed = setup.resumed;
  const position: TrainerPosition = resumed?.position ?? freshPosition(setup);
  const clock = new TrainingClock(position);
  const record = await RunRecord.open({
    setup,
    runsRoot: options.runsRoot,
    position,
    totalSteps,
    stepsPerEpoch,
    threads: runner.threads,
    validation: validation.scope,
    elapsed: () => clock.elapsed(),
    warn: (message) => emit({ type: 'log', level: 'warning', message }),
    sweep: options.sweep,
  });
  opened(record);
  const { runDir } = record;
  emit({ type: 'run-started', ...record.manifest, runDir, stepsPerEpoch, resumed: resumed !== null });

  clock.restart();
  const plan = { stepsPerEpoch, totalSteps };
  const progress = new ProgressThrottle(options.progressIntervalMs ?? 100);
  const checkpoints = new CheckpointTimer(config.checkpointEverySeconds);
  const session: SessionCounters = { startStep: position.step, startSeconds: clock.elapsed(), samples: 0 };
  let lastYield = performance.now();

  const saveLast = async () => {
    // Weights whose last evaluation exploded never replace the last good checkpoint.
    if (weightsSuspect(position)) return;
    const path = await record.saveCheckpoint('last');
    checkpoints.saved();
    emit({ type: 'checkpoint-saved', kind: 'last', path, step: position.step });
  };

  const flushProgress = async (force: boolean) => {
    const steps = progress.take(force);
    if (steps === null) return;
    emit(progressEvent(position, plan, session, clock.elapsed(), steps));
    await record.flushMetrics();
  };

  let lastCheckedLoss = NaN;
  /** Counts a validation (or, without validation data, an epoch's training) loss towards an explosion. */
  const checkExplosion = (loss: number) => {
    lastCheckedLoss = loss;
    return recordExplosion(position, loss);
  };
  const explosion = (ending: boolean) => explosionReason(position, lastCheckedLoss, position.step, config.lr, ending);

  /** Validates; saves best.safetensors on a new best and keeps run.json's best current. */
  const runEvaluation = async (): Promise<Metrics | null> => {
    if (validation.scope === null) return null;
    const scored = evaluateWithExamples(model, validation.batches(), evaluationContext, validationState);
    const metrics = scored.metrics;
    const evaluation: EvaluationRecord = {
      step: position.step,
      epoch: position.epoch,
      time: clock.elapsed(),
      metrics,
      ...(scored.baselines ? { baselines: scored.baselines } : {}),
    };
    record.addEvaluation(evaluation);
    const exploded = checkExplosion(metrics.loss);
    const isBest = recordEvaluation(position, evaluation, config.minDelta, !exploded);
    if (isBest) {
      // best.safetensors carries the calibration of its own weights; the checkpoints saved meanwhile none.
      const base = setup.prepared.checkpoint.dataset;
      setup.prepared.checkpoint.dataset = calibratedDataset(setup, base) ?? base;
      const path = await record.saveCheckpoint('best').finally(() => (setup.prepared.checkpoint.dataset = base));
      emit({ type: 'checkpoint-saved', kind: 'best', path, step: position.step });
    }
    // The examples go to the panels with the event and into examples.json, not into the run's history
    // (run.json, checkpoints: every evaluation's would weigh on them).
    if (scored.examples) await record.saveExamples(evaluation.step, scored.examples);
    emit({
      type: 'evaluation',
      record: scored.examples ? { ...evaluation, examples: scored.examples } : evaluation,
      isBest,
    });
    await record.update('running');
    return metrics;
  };

  const finish = async (status: RunStatus, reason?: string): Promise<RunSummary> => {
    await flushProgress(true);
    let final: Metrics | null = null;
    let baselines: Record<string, Metrics> | undefined;
    let backtest: BacktestOrigin[] | undefined;
    // Put the best weights back so `final` and last.safetensors describe them (they are sound).
    if (status === 'finished' && reason?.startsWith('early stopping') && config.restoreBest && position.best) {
      await record.restoreBestWeights();
      position.explodedEvaluations = 0;
    }
    // A run must not finish on exploded weights.
    const exploded = status === 'finished' ? explosion(true) : null;
    if (exploded) [status, reason] = ['failed', exploded];
    // The final weights' calibration (fitted on held-out validation windows) goes into last.safetensors
    // and is applied by the final scores.
    const calibrated = status !== 'failed' ? calibratedDataset(setup, setup.prepared.checkpoint.dataset) : null;
    if (calibrated) setup.prepared.checkpoint.dataset = calibrated;
    const finalContext = calibrated
      ? { ...evaluationContext, stored: { ...evaluationContext.stored, dataset: calibrated } }
      : evaluationContext;
    if (status !== 'failed' && validation.scope !== null)
      ({ metrics: final, baselines } = evaluateWithExamples(
        model,
        validation.batches(),
        finalContext,
        validationState,
      ));
    // --backtest K: the final scores are the mean over K rolling origins at the end of the data instead.
    const tested = final ? backtestOf(setup, finalContext) : null;
    if (tested) ({ metrics: final, baselines, origins: backtest } = tested);
    // A diverged step never reaches the optimizer, so the weights are still the last good ones — unless
    // an earlier update overflowed them; then the previous last.safetensors is the one to keep.
    if (status !== 'failed' || model.parameters().every((p) => p.value.every(Number.isFinite))) await saveLast();
    await record.flushMetrics();
    // `baselines` and `backtest` are written even when undefined: a resumed run must not keep an earlier finish's.
    await record.update(status, { final, baselines, backtest, ...(reason ? { message: reason } : {}) });
    emit({ type: 'status', status, step: position.step, message: reason });
    const summary: RunSummary = {
      runDir,
      status,
      steps: position.step,
      epochs: position.epoch,
      seconds: clock.elapsed(),
      final,
      ...(baselines ? { baselines } : {}),
      ...(backtest ? { backtest } : {}),
      best: position.best,
      reason,
    };
    emit({ type: 'run-finished', summary });
    return summary;
  };

  const pauseHooks = {
    onPause: async () => {
      await flushProgress(true);
      await saveLast();
      await record.update('paused');
      emit({ type: 'status', status: 'paused', step: position.step });
    },
    onResume: async () => {
      await record.update('running');
      emit({ type: 'status', status: 'running', step: position.step });
    },
  };

  let continuingEpoch = resumed !== null && rewindForResume(position, batcher, dataRng);
  while (position.epoch < config.epochs && position.step < totalSteps) {
    if (continuingEpoch) continuingEpoch = false;
    else beginEpoch(position, batcher, dataRng);
    for (let batch = batcher.nextBatch(); batch !== null; batch = batcher.nextBatch()) {
      optimizer.lr = learningRateAt(scheduleOf(config, totalSteps), config.lr, position.step, config.warmupSteps);
      const teacherForcing = teacherForcingAt(
        config.teacherForcing,
        config.teacherForcingEnd,
        position.step,
        totalSteps,
      );
      const stepOptions = { clipNorm: config.clipNorm, rng: dropoutRng, teacherForcing };
      const { loss, gradNorm } = stepCarryingState(runner, batch, stepOptions, carriedState);
      const diverged = divergenceReason(loss, gradNorm, position.step + 1, config.lr);
      if (diverged) return finish('failed', diverged);
      noteStepLoss(position, loss);
      countStep(position, loss);
      session.samples += batch.batchSize;
      const step: StepRecord = {
        step: position.step,
        epoch: position.epoch,
        time: clock.elapsed(),
        loss,
        lr: optimizer.lr,
        gradNorm,
      };
      progress.add(step);
      record.addStep(step);

      if (
        config.validateEverySteps > 0 &&
        position.step % config.validateEverySteps === 0 &&
        position.batchInEpoch < stepsPerEpoch
      ) {
        await flushProgress(true);
        await runEvaluation();
        const exploded = explosion(false);
        if (exploded) return finish('failed', exploded);
      }
      await flushProgress(false);
      if (checkpoints.due()) await saveLast();
      if (performance.now() - lastYield > YIELD_EVERY_MS) {
        await yieldToEventLoop();
        lastYield = performance.now();
      }
      await holdWhilePaused(control, clock, pauseHooks);
      const stopped = stopReason(control, position.step);
      if (stopped) return finish('stopped', stopped);
      if (position.step >= totalSteps) break;
    }
    if (position.batchInEpoch < stepsPerEpoch) break; // step limit reached mid-epoch
    const trainLoss = epochTrainLoss(position);
    await flushProgress(true);
    const validationMetrics = await runEvaluation();
    if (validationMetrics === null) checkExplosion(trainLoss);
    record.addEpoch(position.epoch, position.step, trainLoss);
    emit({ type: 'epoch-end', epoch: position.epoch, step: position.step, trainLoss, validation: validationMetrics });
    advanceEpoch(position, dataRng);
    const exploded = explosion(false);
    if (exploded) return finish('failed', exploded);
    await saveLast();
    await record.update('running');
    const earlyStop = earlyStoppingReason(position, config.patience);
    if (earlyStop) return finish('finished', earlyStop);
  }
  return finish('finished');
}

/** The final backtest a run asks for (`backtest` origins over a split counted in windows), or null. */
function backtestOf(setup: Omit<TrainingSetup, 'resumed'>, context: EvaluationContext) {
  const { config, prepared, model } = setup;
  if (!(config.backtest > 0) || !prepared.validationUnits) return null;
  const units = prepared.validationUnits(config.seqLen);
  if (units.unit !== 'windows') return null;
  // Validation window 0 starts `seqLen` rows before the end of the training part (or at row 0).
  const trainRows = prepared.summary.sizes.train;
  const firstForecastRow = Math.max(0, trainRows - config.seqLen) + config.seqLen;
  return runBacktest(model, units, { origins: config.backtest, spacing: config.horizon, firstForecastRow }, context);
}

/**
 * With `calibrate` on and a task that calibrates (forecasting intervals): `dataset` plus what the task fits
 * with the current weights on validation windows held out from the backtest (calibrationWindows), or null.
 */
function calibratedDataset(setup: Omit<TrainingSetup, 'resumed'>, dataset: DatasetMetadata): DatasetMetadata | null {
  const { config, prepared, model } = setup;
  const calibrate = getTask(prepared.task).training.calibrate;
  if (config.calibrate === 'off' || !calibrate || !prepared.validationUnits) return null;
  const units = prepared.validationUnits(config.seqLen);
  if (units.unit !== 'windows') return null;
  const chosen = calibrationWindows(units.count, config.backtest, config.horizon, config.seed);
  if (chosen.length === 0) return null;
  return calibrate(dataset, model, units.batches(config.batchSize, chosen));
}

/** The loop's position at the start of a new run. */
function freshPosition(setup: TrainingSetup): TrainerPosition {
  return {
    epoch: 0,
    batchInEpoch: 0,
    step: 0,
    epochStartDataRng: setup.dataRng.getState(),
    dropoutRng: setup.dropoutRng.getState(),
    epochLossSum: 0,
    epochLossCount: 0,
    elapsedSeconds: 0,
    best: null,
    evaluationsSinceBest: 0,
  };
}

/** What evaluation may decode with: the dataset description and vocabulary the checkpoint will store. */
function storedEncodingOf(setup: TrainingSetup): StoredEncoding {
  const { dataset, vocab, normalization } = setup.prepared.checkpoint;
  const parsed = vocab ? Vocabulary.fromJSON(vocab, 'the prepared dataset') : null;
  if (parsed && !parsed.ok) throw new Error(parsed.error.message);
  return { dataset, vocab: parsed ? parsed.value : null, normalization };
}

/** Each forecast target's standard deviation (metrics in the data's units), when targets are normalised. */
function targetStdOf(setup: TrainingSetup): number[] | undefined {
  const checkpoint = setup.prepared.checkpoint;
  const norm = checkpoint.normalization;
  if (!norm) return undefined;
  return (checkpoint.dataset.columns.targets ?? []).map((name) => norm.std[norm.columns.indexOf(name)] ?? 1);
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
