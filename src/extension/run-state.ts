/**
 * What the host knows about one run, kept current from the worker's events or loaded from a run folder
 * (run.json + metrics.csv). The Training panel, the Runs view and the status bar all read this. Pure
 * (no `vscode`), so it is unit-tested directly.
 */

import type { Task } from '../protocol/task';
import type { EvaluationRecord, RunStatus, StepRecord, TrainingEvent } from '../protocol/training-events';
import { emptyStepSeries, type RunData, type RunMeta, type StepSeries } from '../protocol/training-panel';
import { parseMetricsCsv, type RunManifest } from '../train/run-directory';

const METRICS: Record<Task, RunMeta['metric']> = {
  classification: { key: 'accuracy', label: 'accuracy', higherIsBetter: true },
  'language-model': { key: 'bitsPerChar', label: 'bits per character', higherIsBetter: false },
  forecasting: { key: 'mae', label: 'MAE', higherIsBetter: false },
};

export class RunState {
  readonly steps: StepSeries = emptyStepSeries();
  readonly evaluations: EvaluationRecord[] = [];

  constructor(public meta: RunMeta) {}

  static fromManifest(manifest: RunManifest, runDir: string, metricsCsv: string | null, hasBestCheckpoint: boolean): RunState {
    const c = manifest.config;
    const state = new RunState({
      id: manifest.id,
      runDir,
      datasetName: manifest.dataset.name,
      task: manifest.config.task,
      status: manifest.status === 'running' || manifest.status === 'paused' ? 'stopped' : manifest.status, // nobody is training it now
      architecture: manifest.architecture,
      parameterCount: manifest.parameterCount,
      preset: c.preset,
      batchSize: c.batchSize,
      epochs: c.epochs,
      step: manifest.step,
      epoch: manifest.epoch,
      epochProgress: 0,
      totalSteps: manifest.totalSteps,
      stepsPerEpoch: Math.max(1, Math.round(manifest.totalSteps / Math.max(1, c.epochs))),
      samplesPerSecond: manifest.elapsedSeconds > 0 ? (manifest.step * c.batchSize) / manifest.elapsedSeconds : 0,
      elapsedSeconds: manifest.elapsedSeconds,
      remainingSeconds: null,
      best: manifest.best,
      metric: METRICS[manifest.config.task],
      hasBestCheckpoint,
      message: manifest.message,
    });
    if (metricsCsv) {
      const { steps, evaluations } = parseMetricsCsv(metricsCsv);
      state.appendSteps(steps);
      state.evaluations.push(...evaluations);
    }
    return state;
  }

  /** Applies a worker event; returns the new steps (for incremental panel updates), if any. */
  apply(event: TrainingEvent): StepSeries | null {
    const m = this.meta;
    switch (event.type) {
      case 'run-started':
        Object.assign(m, {
          id: event.runId,
          runDir: event.runDir,
          datasetName: event.dataset.file,
          task: event.dataset.task,
          status: 'running' as RunStatus,
          architecture: event.architecture,
          parameterCount: event.parameterCount,
          preset: event.config.preset,
          batchSize: event.config.batchSize,
          epochs: event.config.epochs,
          step: event.startStep,
          totalSteps: event.totalSteps,
          stepsPerEpoch: event.stepsPerEpoch,
          metric: METRICS[event.dataset.task],
        });
        return null;
      case 'progress': {
        Object.assign(m, {
          step: event.step,
          epoch: event.epoch,
          epochProgress: event.epochProgress,
          samplesPerSecond: event.samplesPerSecond,
          elapsedSeconds: event.elapsedSeconds,
          remainingSeconds: event.remainingSeconds,
        });
        return this.appendSteps(event.steps);
      }
      case 'evaluation':
        this.evaluations.push(event.record);
        if (event.isBest) m.best = event.record;
        return null;
      case 'checkpoint-saved':
        if (event.kind === 'best') m.hasBestCheckpoint = true;
        return null;
      case 'status':
        m.status = event.status;
        if (event.message) m.message = event.message;
        return null;
      case 'run-finished':
        m.status = event.summary.status;
        m.message = event.summary.reason;
        m.remainingSeconds = null;
        return null;
      case 'run-failed':
        m.status = 'failed';
        m.message = event.message;
        m.remainingSeconds = null;
        return null;
      default:
        return null;
    }
  }

  /** Appends step records; returns them as a columnar series. */
  appendSteps(records: StepRecord[]): StepSeries {
    const added = emptyStepSeries();
    for (const r of records) {
      for (const series of [this.steps, added]) {
        series.step.push(r.step);
        series.epoch.push(r.epoch);
        series.time.push(r.time);
        series.loss.push(r.loss);
        series.lr.push(r.lr);
        series.gradNorm.push(r.gradNorm);
      }
    }
    return added;
  }

  toRunData(): RunData {
    return { meta: { ...this.meta }, steps: this.steps, evaluations: this.evaluations };
  }
}

/** A placeholder meta for a run whose worker has not reported `run-started` yet. */
export function pendingMeta(id: string, datasetName: string, task: Task): RunMeta {
  return {
    id,
    runDir: '',
    datasetName,
    task,
    status: 'running',
    architecture: '',
    parameterCount: 0,
    preset: '',
    batchSize: 0,
    epochs: 0,
    step: 0,
    epoch: 0,
    epochProgress: 0,
    totalSteps: 0,
    stepsPerEpoch: 1,
    samplesPerSecond: 0,
    elapsedSeconds: 0,
    remainingSeconds: null,
    best: null,
    metric: METRICS[task],
    hasBestCheckpoint: false,
  };
}
