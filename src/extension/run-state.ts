/**
 * What the host knows about one run, kept current from the worker's events or loaded from a run folder's
 * run.json. A run's step history (metrics.csv) is never parsed here: it arrives from the inference
 * worker (`run-history`) and is merged in with `mergeHistory`. The Training panel, the Runs view and the
 * status bar all read this. Pure (no `vscode`), so it is unit-tested directly.
 */

import type { RunManifest } from '../protocol/run-manifest';
import type { TaskId } from '../protocol/task-presentation';
import type { EvaluationRecord, StepRecord, TrainingEvent } from '../protocol/training-events';
import { emptyStepSeries, pushStep, type RunData, type RunMeta, type StepSeries } from '../protocol/training-panel';
import type { MetricDescriptor } from '../protocol/task-presentation';
import { isTaskId } from '../tasks/presentations';
import { capitalize } from './display-format';
import * as l10n from './l10n';
import { taskWords } from './task-words';

/** What a run's manifest does not say: where it is and what the host found or was told about it. */
export interface RunFacts {
  runDir: string;
  /** True while a worker trains it (a loaded run marked running or paused was interrupted). */
  live: boolean;
  /** Whether best.safetensors exists; by default, whether the manifest has a best evaluation. */
  hasBestCheckpoint?: boolean;
  /** Optimizer steps per epoch, when the manifest predates recording it. */
  stepsPerEpoch?: number;
}

/** The one mapping from a run's manifest to what the host shows (a live run's and a loaded run's). */
export function runMetaOf(manifest: RunManifest, facts: RunFacts): RunMeta {
  const c = manifest.config;
  const task = c.task;
  const interrupted = !facts.live && (manifest.status === 'running' || manifest.status === 'paused');
  return {
    id: manifest.id,
    runDir: facts.runDir,
    datasetName: manifest.dataset.name,
    task,
    ...taskShown(task),
    status: interrupted ? 'stopped' : manifest.status, // nobody is training it now
    architecture: manifest.architecture,
    parameterCount: manifest.parameterCount,
    preset: c.preset,
    batchSize: c.batchSize,
    epochs: c.epochs,
    step: manifest.step,
    epoch: manifest.epoch,
    epochProgress: 0,
    totalSteps: manifest.totalSteps,
    stepsPerEpoch:
      manifest.stepsPerEpoch ??
      facts.stepsPerEpoch ??
      Math.max(1, Math.round(manifest.totalSteps / Math.max(1, c.epochs))),
    samplesPerSecond:
      !facts.live && manifest.elapsedSeconds > 0 ? (manifest.step * c.batchSize) / manifest.elapsedSeconds : 0,
    elapsedSeconds: manifest.elapsedSeconds,
    remainingSeconds: null,
    best: manifest.best,
    hasBestCheckpoint: facts.hasBestCheckpoint ?? manifest.best !== null,
    message: manifest.message,
    ...(manifest.validation ? { validation: manifest.validation } : {}),
    // A live run's manifest may still hold a previous session's final scores (a resumed run).
    ...(manifest.final && !facts.live ? { final: { metrics: manifest.final } } : {}),
  };
}

export class RunState {
  readonly steps: StepSeries = emptyStepSeries();
  readonly evaluations: EvaluationRecord[] = [];
  /**
   * The step up to which this state's history is in the run's metrics.csv rather than in events: 0 for a
   * run trained from scratch in this window, the starting step of a resumed one, Infinity for a loaded one.
   */
  historyThrough = 0;
  /** True once metrics.csv's history (up to `historyThrough`) is merged in. */
  historyLoaded = false;
  /** The highest step applied from events; progress at or below it is a repeat and is dropped. */
  lastStepApplied = -1;

  constructor(public meta: RunMeta) {}

  static fromManifest(manifest: RunManifest, runDir: string, hasBestCheckpoint: boolean): RunState {
    const state = new RunState(runMetaOf(manifest, { runDir, live: false, hasBestCheckpoint }));
    state.historyThrough = Infinity;
    state.lastStepApplied = manifest.step;
    return state;
  }

  /** True while the panel would miss steps that only metrics.csv has. */
  get needsHistory(): boolean {
    return this.historyThrough > 0 && !this.historyLoaded;
  }

  /**
   * Puts the history read from metrics.csv (its records up to `historyThrough`) before the steps and
   * evaluations received as events.
   */
  mergeHistory(history: { steps: StepSeries; evaluations: EvaluationRecord[] }): void {
    if (this.historyLoaded) return;
    const through = this.historyThrough;
    const live = { steps: cloneSeries(this.steps), evaluations: [...this.evaluations] };
    clearSeries(this.steps);
    this.evaluations.length = 0;
    const keep = history.steps.step.filter((step) => step <= through).length; // metrics.csv is in step order
    for (const field of STEP_FIELDS)
      this.steps[field].push(...Array.from(history.steps[field]).slice(0, keep), ...live.steps[field]);
    this.evaluations.push(...history.evaluations.filter((e) => e.step <= through), ...live.evaluations);
    this.historyLoaded = true;
  }

  /**
   * Applies a worker event; returns the new steps (for incremental panel updates), if any. Steps at or
   * below the last one applied are dropped, so a repeated event changes nothing.
   */
  apply(event: TrainingEvent): StepSeries | null {
    const m = this.meta;
    switch (event.type) {
      case 'run-started':
        this.meta = runMetaOf(event, { runDir: event.runDir, live: true });
        this.historyThrough = event.step;
        this.historyLoaded = event.step === 0;
        this.lastStepApplied = event.step;
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
      case 'evaluation': {
        const previous = this.evaluations[this.evaluations.length - 1];
        if (previous && previous.step >= event.record.step) return null;
        this.evaluations.push(event.record);
        if (event.isBest) m.best = event.record;
        return null;
      }
      case 'checkpoint-saved':
        if (event.kind === 'best') m.hasBestCheckpoint = true;
        return null;
      case 'status':
        m.status = event.status;
        if (event.message) m.message = event.message;
        return null;
      case 'run-finished': {
        const summary = event.summary;
        m.status = summary.status;
        m.message = summary.reason;
        m.remainingSeconds = null;
        if (summary.final)
          m.final = {
            metrics: summary.final,
            ...(summary.baselines ? { baselines: summary.baselines } : {}),
            ...(summary.backtest ? { backtest: summary.backtest } : {}),
          };
        return null;
      }
      case 'run-failed':
        m.status = 'failed';
        m.message = event.message;
        m.remainingSeconds = null;
        return null;
      default:
        return null;
    }
  }

  /** Appends the step records past `lastStepApplied`; returns those as a columnar series. */
  appendSteps(records: StepRecord[]): StepSeries {
    const added = emptyStepSeries();
    for (const r of records) {
      if (r.step <= this.lastStepApplied) continue;
      this.lastStepApplied = r.step;
      pushStep(this.steps, r);
      pushStep(added, r);
    }
    return added;
  }

  toRunData(): RunData {
    return { meta: { ...this.meta }, steps: this.steps, evaluations: this.evaluations };
  }
}

/** A placeholder meta for a run whose worker has not reported `run-started` yet. */
export function pendingMeta(id: string, datasetName: string, task: TaskId): RunMeta {
  return {
    id,
    runDir: '',
    datasetName,
    task,
    ...taskShown(task),
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
    hasBestCheckpoint: false,
  };
}

/** The loss, for a run of a task this build does not know (a newer version's run folder). */
const lossMetric = (): MetricDescriptor => ({
  key: 'loss',
  label: l10n.t('validation loss'),
  higherIsBetter: false,
  format: 'decimal',
});

/** The task's name, headline metric and the metrics shown beside it, from the registry's presentations. */
function taskShown(task: TaskId): Pick<RunMeta, 'taskName' | 'metric' | 'besideMetrics'> {
  if (!isTaskId(task)) return { taskName: task, metric: lossMetric() };
  const presentation = taskWords(task);
  const beside = presentation.metrics.filter((m) => presentation.shownBeside?.includes(m.key));
  return {
    taskName: capitalize(presentation.shortName),
    metric: presentation.metrics.find((m) => m.key === presentation.headline)!,
    ...(beside.length > 0 ? { besideMetrics: beside } : {}),
  };
}

const STEP_FIELDS = ['step', 'epoch', 'time', 'loss', 'lr', 'gradNorm'] as const;

function cloneSeries(series: StepSeries): StepSeries {
  const copy = emptyStepSeries();
  for (const field of STEP_FIELDS) copy[field] = [...series[field]];
  return copy;
}

function clearSeries(series: StepSeries): void {
  for (const field of STEP_FIELDS) series[field].length = 0;
}
