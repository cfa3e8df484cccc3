/**
 * Owns the training runs of this window: starts each in its own worker thread (the extension host never
 * computes), steers them, keeps their state current and announces changes. Several runs may train side
 * by side, each in its own worker; starting a second one says so. Finished runs are read from their
 * folders on demand.
 */

import * as vscode from 'vscode';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { RunManifest } from '../protocol/run-manifest';
import type { TaskId } from '../protocol/task-presentation';
import type { EvaluationRecord, TrainingEvent } from '../protocol/training-events';
import type { StepSeries } from '../protocol/training-panel';
import type { StartTrainingRequest } from '../protocol/worker-messages';
import { TrainingWorkerClient, type DatasetSession } from '../worker/client';
import { log } from './log';
import { pendingMeta, RunState } from './run-state';

/** A run's whole history from its metrics.csv, read off the host's thread (the inference worker's `run-history`). */
export type RunHistoryReader = (runDir: string) => Promise<{ steps: StepSeries; evaluations: EvaluationRecord[] }>;

/** One change of a run, in the order it happened: what a panel showing the run applies. */
export type RunUpdate =
  /** `run-started`: the run has its id, folder and manifest (a panel redraws from a snapshot). */
  | { kind: 'started'; state: RunState }
  | { kind: 'meta'; state: RunState }
  /** Steps past the last one applied (never a repeat). */
  | { kind: 'steps'; state: RunState; steps: StepSeries }
  | { kind: 'evaluation'; state: RunState; record: EvaluationRecord; isBest: boolean };

interface ActiveRun {
  state: RunState;
  client: TrainingWorkerClient;
}

export class RunManager implements vscode.Disposable {
  private readonly active = new Set<ActiveRun>();
  private readonly changed = new vscode.EventEmitter<RunState>();
  private readonly updated = new vscode.EventEmitter<RunUpdate>();
  private readonly runEvents = new vscode.EventEmitter<{ state: RunState; event: TrainingEvent }>();
  private eventLoopDelay: IntervalHistogram | null = null;
  private pendingCounter = 0;
  private readonly historyReads = new Map<RunState, Promise<boolean>>();

  /** Any change of a run's meta (status, progress, best). */
  readonly onDidChangeRun = this.changed.event;
  /** Every update of every run, for panels (each subscribes once and keeps its own run's). */
  readonly onDidUpdateRun = this.updated.event;
  /** Every worker event, for listeners that want the raw stream (progress notification, log). */
  readonly onRunEvent = this.runEvents.event;

  constructor(
    private readonly workerScriptPath: string,
    private readonly readHistory: RunHistoryReader,
  ) {}

  activeRuns(): RunState[] {
    return [...this.active].map((run) => run.state);
  }

  /**
   * Starts a run in a new worker, or in the worker of a session that described the dataset (it trains on
   * the data it prepared). The returned state fills in as the worker reports.
   */
  start(request: StartTrainingRequest, datasetName: string, task: TaskId, session?: DatasetSession): RunState {
    const state = new RunState(pendingMeta(`pending-${++this.pendingCounter}`, datasetName, task));
    const client = session ? session.train(request) : new TrainingWorkerClient(this.workerScriptPath, request);
    const run: ActiveRun = { state, client };
    this.active.add(run);
    this.startEventLoopMonitor();
    log().info(
      `run requested: ${request.resumeRunDir ? `resume ${request.resumeRunDir}` : request.datasetPath} ${JSON.stringify(request.config)}`,
    );
    client.onEvent((event) => this.onEvent(run, event));
    void client.outcome.then(() => {
      this.active.delete(run);
      this.changed.fire(state);
      void vscode.commands.executeCommand('setContext', 'lstmStudio.trainingActive', this.active.size > 0);
      if (this.active.size === 0) this.stopEventLoopMonitor();
    });
    void vscode.commands.executeCommand('setContext', 'lstmStudio.trainingActive', true);
    return state;
  }

  /** The live state of an active run, by its folder. */
  activeRun(runDir: string): RunState | undefined {
    return this.findActive(runDir)?.state;
  }

  isActive(runDir: string): boolean {
    return this.findActive(runDir) !== undefined;
  }

  /**
   * An active run's live state, or the run as its run.json describes it (status, step, best metric):
   * what the Runs view and labels need. Its step history is not read (see `load`).
   */
  async readRecord(runDir: string): Promise<RunState> {
    const live = this.activeRun(runDir);
    if (live) return live;
    const folder = vscode.Uri.file(runDir);
    let manifest: RunManifest;
    try {
      manifest = JSON.parse(
        new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, 'run.json'))),
      );
    } catch (error) {
      throw new Error(vscode.l10n.t('{0} is not a readable run folder: {1}', runDir, (error as Error).message));
    }
    const hasBest = await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, 'best.safetensors')).then(
      () => true,
      () => false,
    );
    return RunState.fromManifest(manifest, runDir, hasBest);
  }

  /** An active run's live state, or the run as saved in its folder with its whole history (read by the inference worker). */
  async load(runDir: string): Promise<RunState> {
    const state = await this.readRecord(runDir);
    await this.loadHistory(state);
    return state;
  }

  /**
   * Merges the run's metrics.csv history into its state, once (concurrent callers share one read).
   * Resolves false when there was nothing to read or the read failed (logged).
   */
  loadHistory(state: RunState): Promise<boolean> {
    if (!state.needsHistory || !state.meta.runDir) return Promise.resolve(false);
    let pending = this.historyReads.get(state);
    if (!pending) {
      pending = this.readHistory(state.meta.runDir).then(
        (history) => {
          state.mergeHistory(history);
          return true;
        },
        (error: Error) => {
          log().warn(`${state.meta.id}: could not read the history in metrics.csv: ${error.message}`);
          return false;
        },
      );
      this.historyReads.set(state, pending);
      void pending.finally(() => this.historyReads.delete(state));
    }
    return pending;
  }

  control(state: RunState, action: 'pause' | 'resume' | 'stop'): void {
    const run = [...this.active].find((r) => r.state === state) ?? this.findActive(state.meta.runDir);
    if (!run) return;
    // Each action named: anything else (a webview's `explode`) must not fall through to stop the run.
    switch (action) {
      case 'pause':
        log().info(`${state.meta.id}: pause requested`);
        return run.client.pause();
      case 'resume':
        log().info(`${state.meta.id}: resume requested`);
        return run.client.resume();
      case 'stop':
        log().info(`${state.meta.id}: stop requested`);
        return run.client.stop();
      default:
        log().warn(`${state.meta.id}: ignored an unknown control action`);
    }
  }

  dispose(): void {
    for (const run of this.active) run.client.stop();
    this.stopEventLoopMonitor();
    this.changed.dispose();
    this.updated.dispose();
    this.runEvents.dispose();
  }

  private findActive(runDir: string): ActiveRun | undefined {
    if (!runDir) return undefined;
    return [...this.active].find((run) => run.state.meta.runDir === runDir);
  }

  private onEvent(run: ActiveRun, event: TrainingEvent): void {
    const state = run.state;
    const evaluationsBefore = state.evaluations.length;
    const added = state.apply(event);
    this.logEvent(state, event);
    this.runEvents.fire({ state, event });
    if (event.type === 'run-started') this.updated.fire({ kind: 'started', state });
    if (added && added.step.length > 0) this.updated.fire({ kind: 'steps', state, steps: added });
    if (event.type === 'evaluation' && state.evaluations.length > evaluationsBefore)
      this.updated.fire({ kind: 'evaluation', state, record: event.record, isBest: event.isBest });
    if (event.type !== 'loading' && event.type !== 'log') {
      this.updated.fire({ kind: 'meta', state });
      this.changed.fire(state);
    }
  }

  private logEvent(state: RunState, event: TrainingEvent): void {
    const id = state.meta.id;
    switch (event.type) {
      case 'run-started':
        log().info(
          `${event.id}: ${event.resumed ? 'resumed' : 'started'} on ${event.dataset.name} (${event.dataset.summary.task}; ${event.dataset.summary.reason}); ${event.architecture}, ${event.parameterCount} parameters; config ${JSON.stringify(event.config)}; folder ${event.runDir}`,
        );
        return;
      case 'epoch-end':
        log().info(
          `${id}: epoch ${event.epoch + 1} done at step ${event.step}: train loss ${event.trainLoss.toFixed(4)}${event.validation ? `, validation ${JSON.stringify(event.validation)}` : ''}`,
        );
        return;
      case 'checkpoint-saved':
        log().debug(`${id}: saved ${event.kind} checkpoint at step ${event.step}: ${event.path}`);
        return;
      case 'status':
        log().info(`${id}: ${event.status}${event.message ? ` — ${event.message}` : ''}`);
        return;
      case 'run-finished':
        log().info(
          `${id}: ended ${event.summary.status} after ${event.summary.steps} steps in ${event.summary.seconds.toFixed(1)} s; final ${JSON.stringify(event.summary.final)}`,
        );
        this.logEventLoopDelay(id);
        return;
      case 'run-failed':
        log().error(`${id}: failed: ${event.message}${event.stack ? `\n${event.stack}` : ''}`);
        return;
      case 'log':
        log()[event.level === 'warning' ? 'warn' : 'info'](`${id}: ${event.message}`);
        return;
      default:
        return;
    }
  }

  // The extension host must stay responsive while training: measure its event-loop delay during runs.
  private startEventLoopMonitor(): void {
    if (this.eventLoopDelay) return;
    this.eventLoopDelay = monitorEventLoopDelay({ resolution: 10 });
    this.eventLoopDelay.enable();
  }

  private stopEventLoopMonitor(): void {
    this.eventLoopDelay?.disable();
    this.eventLoopDelay = null;
  }

  private logEventLoopDelay(id: string): void {
    const h = this.eventLoopDelay;
    if (!h || h.count === 0) return;
    const ms = (ns: number) => (ns / 1e6).toFixed(1);
    log().info(
      `${id}: extension host event-loop delay during training: p50 ${ms(h.percentile(50))} ms, p99 ${ms(h.percentile(99))} ms, max ${ms(h.max)} ms (${h.count} samples)`,
    );
    h.reset();
  }
}
