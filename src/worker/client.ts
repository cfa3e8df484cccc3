/**
 * The host side of the training worker, shared by the CLI and the extension: starts the worker by path,
 * sends steering messages, delivers events, and turns a crash or an unexpected exit of the worker into a
 * `run-failed` event so the caller always hears how the run ended.
 */

import { Worker } from 'node:worker_threads';
import type { RunSummary, TrainingEvent } from '../protocol/training-events';
import type { DatasetDescription, HostToWorkerMessage, StartTrainingRequest, WorkerToHostMessage } from '../protocol/worker-messages';

/** Detects and prepares a dataset in a short-lived worker (parsing a large file never blocks the host). */
export function describeDataset(workerScriptPath: string, request: Pick<StartTrainingRequest, 'datasetPath' | 'config' | 'dataset'>): Promise<DatasetDescription> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerScriptPath);
    let answered = false;
    worker.on('message', (message: WorkerToHostMessage) => {
      if (message.type === 'described') {
        answered = true;
        resolve(message.description);
      } else if (message.type === 'describe-failed') {
        answered = true;
        reject(new Error(message.message));
      } else if (message.type === 'exit') void worker.terminate();
    });
    worker.on('error', (error) => reject(new Error(`the dataset worker crashed: ${error.message}`)));
    worker.on('exit', (code) => {
      if (!answered) reject(new Error(`the dataset worker exited unexpectedly (code ${code})`));
    });
    const message: HostToWorkerMessage = { type: 'describe', request };
    worker.postMessage(message);
  });
}

export type RunOutcome = { ok: true; summary: RunSummary } | { ok: false; message: string; runDir?: string };

export class TrainingWorkerClient {
  private readonly worker: Worker;
  private readonly listeners: ((event: TrainingEvent) => void)[] = [];
  private settled = false;
  private runDir: string | undefined;
  private resolveOutcome!: (outcome: RunOutcome) => void;
  /** Resolves once with how the run ended. */
  readonly outcome: Promise<RunOutcome>;

  constructor(workerScriptPath: string, request: StartTrainingRequest) {
    this.outcome = new Promise((resolve) => (this.resolveOutcome = resolve));
    this.worker = new Worker(workerScriptPath);
    this.worker.on('message', (message: WorkerToHostMessage) => this.onMessage(message));
    this.worker.on('error', (error) => this.fail(`the training worker crashed: ${error.message}`));
    this.worker.on('exit', (code) => {
      if (!this.settled) this.fail(`the training worker exited unexpectedly (code ${code})`);
    });
    this.send({ type: 'start', request });
  }

  onEvent(listener: (event: TrainingEvent) => void): void {
    this.listeners.push(listener);
  }

  pause(): void {
    this.send({ type: 'pause' });
  }

  resume(): void {
    this.send({ type: 'resume' });
  }

  /** Asks the run to stop at the next step boundary; it saves last.safetensors first. */
  stop(): void {
    this.send({ type: 'stop' });
  }

  /** Ends the worker at once (no checkpoint). */
  async terminate(): Promise<void> {
    this.settle({ ok: false, message: 'the training worker was terminated', runDir: this.runDir });
    await this.worker.terminate();
  }

  private send(message: HostToWorkerMessage): void {
    if (!this.settled) this.worker.postMessage(message);
  }

  private onMessage(message: WorkerToHostMessage): void {
    if (message.type === 'exit') {
      void this.worker.terminate();
      return;
    }
    if (message.type !== 'event') return;
    const event = message.event;
    if (event.type === 'run-started') this.runDir = event.runDir;
    for (const listener of this.listeners) listener(event);
    if (event.type === 'run-finished') this.settle({ ok: true, summary: event.summary });
    if (event.type === 'run-failed') this.settle({ ok: false, message: event.message, runDir: event.runDir ?? this.runDir });
  }

  private fail(message: string): void {
    if (this.settled) return;
    const event: TrainingEvent = { type: 'run-failed', message, runDir: this.runDir };
    for (const listener of this.listeners) listener(event);
    this.settle({ ok: false, message, runDir: this.runDir });
  }

  private settle(outcome: RunOutcome): void {
    if (this.settled) return;
    this.settled = true;
    this.resolveOutcome(outcome);
  }
}
