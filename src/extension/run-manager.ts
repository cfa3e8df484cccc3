/**
 * Owns the training runs of this window: starts each in its own worker thread (the extension host never
 * computes), steers them, keeps their state current and announces changes. Several runs may train side
 * by side, each in its own worker; starting a second one says so. Finished runs are read from their
 * folders on demand.
 */

import * as vscode from 'vscode';
import { monitorEventLoopDelay, type IntervalHistogram } from 'node:perf_hooks';
import type { EvaluationRecord, TrainingEvent } from '../protocol/training-events';
import type { StepSeries } from '../protocol/training-panel';
import type { StartTrainingRequest } from '../protocol/worker-messages';
import type { Task } from '../protocol/task';
import type { RunManifest } from '../train/run-directory';
import { TrainingWorkerClient } from '../worker/client';
import { log } from './log';
import { pendingMeta, RunState } from './run-state';

interface ActiveRun {
  state: RunState;
  client: TrainingWorkerClient;
}

export class RunManager implements vscode.Disposable {
  private readonly active = new Set<ActiveRun>();
  private readonly changed = new vscode.EventEmitter<RunState>();
  private readonly stepsAdded = new vscode.EventEmitter<{ state: RunState; steps: StepSeries }>();
  private readonly evaluated = new vscode.EventEmitter<{ state: RunState; record: EvaluationRecord; isBest: boolean }>();
  private readonly runEvents = new vscode.EventEmitter<{ state: RunState; event: TrainingEvent }>();
  private eventLoopDelay: IntervalHistogram | null = null;
  private pendingCounter = 0;

  /** Any change of a run's meta (status, progress, best). */
  readonly onDidChangeRun = this.changed.event;
  readonly onDidAddSteps = this.stepsAdded.event;
  readonly onDidEvaluate = this.evaluated.event;
  /** Every worker event, for listeners that want the raw stream (progress notification, log). */
  readonly onRunEvent = this.runEvents.event;

  constructor(private readonly workerScriptPath: string) {}

  activeRuns(): RunState[] {
    return [...this.active].map((run) => run.state);
  }

  /** Starts a run in a new worker. The returned state fills in as the worker reports. */
  start(request: StartTrainingRequest, datasetName: string, task: Task): RunState {
    const state = new RunState(pendingMeta(`pending-${++this.pendingCounter}`, datasetName, task));
    const client = new TrainingWorkerClient(this.workerScriptPath, request);
    const run: ActiveRun = { state, client };
    this.active.add(run);
    this.startEventLoopMonitor();
    log().info(`run requested: ${request.resumeRunDir ? `resume ${request.resumeRunDir}` : request.datasetPath} ${JSON.stringify(request.config)}`);
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

  /** An active run's live state, or the run as saved in its folder. */
  async load(runDir: string): Promise<RunState> {
    const live = this.activeRun(runDir);
    if (live) return live;
    const folder = vscode.Uri.file(runDir);
    const read = async (name: string) => new TextDecoder().decode(await vscode.workspace.fs.readFile(vscode.Uri.joinPath(folder, name)));
    let manifest: RunManifest;
    try {
      manifest = JSON.parse(await read('run.json'));
    } catch (error) {
      throw new Error(`${runDir} is not a readable run folder: ${(error as Error).message}`);
    }
    const metrics = await read('metrics.csv').catch(() => null);
    const hasBest = await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, 'best.safetensors')).then(() => true, () => false);
    return RunState.fromManifest(manifest, runDir, metrics, hasBest);
  }

  control(state: RunState, action: 'pause' | 'resume' | 'stop'): void {
    const run = [...this.active].find((r) => r.state === state) ?? this.findActive(state.meta.runDir);
    if (!run) return;
    log().info(`${state.meta.id}: ${action} requested`);
    if (action === 'pause') run.client.pause();
    else if (action === 'resume') run.client.resume();
    else run.client.stop();
  }

  dispose(): void {
    for (const run of this.active) run.client.stop();
    this.stopEventLoopMonitor();
    this.changed.dispose();
    this.stepsAdded.dispose();
    this.evaluated.dispose();
    this.runEvents.dispose();
  }

  private findActive(runDir: string): ActiveRun | undefined {
    if (!runDir) return undefined;
    return [...this.active].find((run) => run.state.meta.runDir === runDir);
  }

  private onEvent(run: ActiveRun, event: TrainingEvent): void {
    const state = run.state;
    const added = state.apply(event);
    this.logEvent(state, event);
    this.runEvents.fire({ state, event });
    if (added && added.step.length > 0) this.stepsAdded.fire({ state, steps: added });
    if (event.type === 'evaluation') this.evaluated.fire({ state, record: event.record, isBest: event.isBest });
    if (event.type !== 'loading' && event.type !== 'log') this.changed.fire(state);
  }

  private logEvent(state: RunState, event: TrainingEvent): void {
    const id = state.meta.id;
    switch (event.type) {
      case 'run-started':
        log().info(`${event.runId}: ${event.resumed ? 'resumed' : 'started'} on ${event.dataset.file} (${event.dataset.task}; ${event.dataset.reason}); ${event.architecture}, ${event.parameterCount} parameters; config ${JSON.stringify(event.config)}; folder ${event.runDir}`);
        return;
      case 'epoch-end':
        log().info(`${id}: epoch ${event.epoch + 1} done at step ${event.step}: train loss ${event.trainLoss.toFixed(4)}${event.validation ? `, validation ${JSON.stringify(event.validation)}` : ''}`);
        return;
      case 'checkpoint-saved':
        log().debug(`${id}: saved ${event.kind} checkpoint at step ${event.step}: ${event.path}`);
        return;
      case 'status':
        log().info(`${id}: ${event.status}${event.message ? ` — ${event.message}` : ''}`);
        return;
      case 'run-finished':
        log().info(`${id}: ended ${event.summary.status} after ${event.summary.steps} steps in ${event.summary.seconds.toFixed(1)} s; final ${JSON.stringify(event.summary.final)}`);
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
    log().info(`${id}: extension host event-loop delay during training: p50 ${ms(h.percentile(50))} ms, p99 ${ms(h.percentile(99))} ms, max ${ms(h.max)} ms (${h.count} samples)`);
    h.reset();
  }
}
